-- Rows per (org_code, batch_date) of a source whose rows carry their own org_code.
SELECT org_code, batch_date, count(*) AS n
FROM @source_table@
GROUP BY ALL
