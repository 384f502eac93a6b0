-- core.mediation: the current version of each case (the latest batch wins): the staging rows the core
-- build marked current (see core/apply_latest.sql).
CREATE OR REPLACE VIEW core.mediation AS
SELECT
    case_no, received, org_code, employer_uscc, dispute_type, workers, amount_claimed, outcome, closed,
    amount_agreed, applicant_key, applicant_masked,
    file_id, file_name, batch_date, row_number
FROM staging.mediation
WHERE current;
