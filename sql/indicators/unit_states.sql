-- Every unit that has a state at E, as that state, with the contract's null readings applied, and
-- the file row that state came from (for `unionpipe explain`).
CREATE OR REPLACE TEMP TABLE ind_units AS
SELECT
    u.uscc,
    u.org_code,
    u.unit_type,
    u.village_code,
    u.employees,
    coalesce(u.migrant_employees, 0) AS migrant_employees,
    coalesce(u.has_union, false) AS has_union,
    u.union_founded,
    u.members,
    coalesce(u.status, 'active') <> 'closed' AS active,
    u.file_name,
    u.batch_date,
    u.row_number
FROM core.units_at((SELECT p_end FROM ind_params)) u;
