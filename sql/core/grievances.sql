-- core.grievances: the current version of each ticket (the latest batch wins; see core/apply_latest.sql);
-- no rating reads as 'none'.
CREATE OR REPLACE VIEW core.grievances AS
SELECT
    ticket_no, channel, received_at, org_code, employer_uscc, topic, responded_at, closed_at, resolved,
    coalesce(satisfaction, 'none') AS satisfaction,
    complainant_key, complainant_masked, complainant_phone_masked,
    file_id, file_name, batch_date, row_number
FROM staging.grievances
WHERE current;
