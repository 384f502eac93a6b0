-- core.members: the current version of each registered member (the latest batch wins): the staging rows
-- the core build marked current (see core/apply_latest.sql).
CREATE OR REPLACE VIEW core.members AS
SELECT
    member_key, id_masked, name_masked, gender, birth_year, category, unit_uscc, village_code,
    joined, "left", card_no, phone_masked,
    file_id, file_name, batch_date, row_number
FROM staging.members
WHERE current;
