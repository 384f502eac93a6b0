-- core.members: the current version of each registered member (the latest batch wins).
CREATE OR REPLACE TABLE core.members AS
SELECT
    member_key, id_masked, name_masked, gender, birth_date, category, unit_uscc, village_code,
    joined, "left", card_no, phone_masked,
    file_id, file_name, batch_date, row_number
FROM staging.members
QUALIFY row_number() OVER (PARTITION BY member_key ORDER BY batch_date DESC, file_name DESC, row_number DESC) = 1;
