-- core.mediation: the current version of each case (the latest batch wins).
CREATE OR REPLACE TABLE core.mediation AS
SELECT
    case_no, received, org_code, employer_uscc, dispute_type, workers, amount_claimed, outcome, closed,
    amount_agreed, applicant_key, applicant_masked,
    file_id, file_name, batch_date, row_number
FROM staging.mediation
QUALIFY row_number() OVER (PARTITION BY case_no ORDER BY batch_date DESC, file_name DESC, row_number DESC) = 1;
