-- Cases closed with success in P, per township/system: amounts claimed and agreed (both present), for the chart.
-- Parameters: $period_start, $period_end.
SELECT org_code, sum(amount_claimed) AS claimed, sum(amount_agreed) AS agreed, count(*) AS cases
FROM core.mediation
WHERE outcome = 'success' AND closed BETWEEN $period_start AND $period_end
  AND amount_claimed IS NOT NULL AND amount_agreed IS NOT NULL
GROUP BY org_code
