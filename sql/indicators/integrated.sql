-- Integrated (INT_*): disputes received in P per 1000 employees, overall and split by whether the
-- employer is an active unit with or without a union at E. A case counts under its own org_code,
-- the employees under their unit's (records/cases.sql, records/units.sql). Runs after coverage.sql
-- and mediation.sql.
INSERT INTO ind_figures
WITH case_totals AS (
    SELECT
        s.ref_area,
        count(*) FILTER (WHERE c.union_employer) AS union_cases,
        count(*) FILTER (WHERE c.nonunion_employer) AS nonunion_cases
    FROM ind_rec_cases c
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM c.org_code
    GROUP BY s.ref_area
),
employee_totals AS (
    SELECT
        s.ref_area,
        sum(u.employees) FILTER (WHERE u.union_active) AS union_employees,
        sum(u.employees) FILTER (WHERE u.nonunion_active) AS nonunion_employees
    FROM ind_rec_units u
    JOIN ind_scope s ON s.org_code IS NOT DISTINCT FROM u.org_code
    GROUP BY s.ref_area
),
w AS (
    SELECT
        a.ref_area,
        r.numerator AS received,
        e.numerator AS employees,
        coalesce(ct.union_cases, 0) AS union_cases,
        coalesce(ct.nonunion_cases, 0) AS nonunion_cases,
        coalesce(et.union_employees, 0) AS union_employees,
        coalesce(et.nonunion_employees, 0) AS nonunion_employees
    FROM ind_areas a
    JOIN ind_figures r ON r.ref_area = a.ref_area AND r.indicator = 'MED_RECEIVED'
    JOIN ind_figures e ON e.ref_area = a.ref_area AND e.indicator = 'COV_EMPLOYEES'
    LEFT JOIN case_totals ct ON ct.ref_area = a.ref_area
    LEFT JOIN employee_totals et ON et.ref_area = a.ref_area
)
SELECT w.ref_area, f.indicator, f.numerator, f.denominator, f.base, NULL AS value
FROM w, LATERAL (VALUES
    ('INT_DISPUTES_PER_1000',          w.received,       w.employees,          w.employees),
    ('INT_DISPUTES_PER_1000_UNION',    w.union_cases,    w.union_employees,    w.union_employees),
    ('INT_DISPUTES_PER_1000_NONUNION', w.nonunion_cases, w.nonunion_employees, w.nonunion_employees)
) f(indicator, numerator, denominator, base);
