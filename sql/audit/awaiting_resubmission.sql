-- What still waits for a resubmission, per township or system, oldest first:
--   * files rejected whole that no later loaded file of the same source (naming the same township or system,
--     or none) has followed;
--   * quarantined rows whose key no valid row of a later loaded file carries.
-- $today: the day the waits are counted to. member_keys(file_id, row_number, member_key): the keyed hash of each
-- quarantined members row's ID number, computed with the load's own function (pipelines/ingest/awaiting.py),
-- since staging holds only the hash.
WITH orgs AS (
    SELECT code, name FROM core.regions WHERE level IN ('township', 'system')
),
-- A whole file's township or system: the one its name names (the longest name that fits), else none.
rejected AS (
    SELECT f.file_id, f.source, f.file_name, f.rel_path, f.batch_date, f.processed_at, f.run_id, f.reason_code,
           f.reason_zh,
           (SELECT o.code FROM orgs o
            WHERE strpos(f.file_name, o.name) > 0 OR strpos(f.file_name, o.code) > 0
            ORDER BY length(o.name) DESC LIMIT 1) AS org_code
    FROM audit.files f
    WHERE f.status = 'rejected'
),
open_files AS (
    SELECT r.*
    FROM rejected r
    WHERE NOT EXISTS (
        SELECT 1
        FROM audit.files l
        WHERE l.status = 'loaded' AND l.source = r.source
          AND l.processed_at > r.processed_at
          -- a file without a date in its name is followed only by a later load, not by its own run's files
          AND (l.batch_date >= r.batch_date OR (r.batch_date IS NULL AND l.run_id IS DISTINCT FROM r.run_id))
          AND (r.org_code IS NULL
               OR NOT EXISTS (SELECT 1 FROM orgs o WHERE strpos(l.file_name, o.name) > 0 OR strpos(l.file_name, o.code) > 0)
               OR strpos(l.file_name, (SELECT name FROM orgs WHERE code = r.org_code)) > 0
               OR strpos(l.file_name, r.org_code) > 0)
    )
),
-- One line per quarantined row, whatever number of its cells broke a rule.
q AS (
    SELECT q.file_id, q.source, q.row_number, any_value(q.record_key) AS record_key,
           string_agg(DISTINCT q.reason_code, ', ' ORDER BY q.reason_code) AS reason_codes,
           string_agg(DISTINCT q.message_zh, '；' ORDER BY q.message_zh) AS messages_zh,
           any_value(f.rel_path) AS rel_path, any_value(f.batch_date) AS batch_date,
           any_value(f.processed_at) AS processed_at
    FROM audit.quarantine q
    JOIN audit.files f USING (file_id)
    GROUP BY q.file_id, q.source, q.row_number
),
-- The valid rows of every loaded file, by key, with when their file was loaded.
valid AS (
    SELECT 'units' AS source, s.uscc AS key_text, NULL::UHUGEINT AS member_key, f.processed_at
    FROM staging.units s JOIN audit.files f USING (file_id)
    UNION ALL
    SELECT 'mediation', s.case_no, NULL, f.processed_at FROM staging.mediation s JOIN audit.files f USING (file_id)
    UNION ALL
    SELECT 'grievances', s.ticket_no, NULL, f.processed_at FROM staging.grievances s JOIN audit.files f USING (file_id)
    UNION ALL
    SELECT 'members', NULL, s.member_key, f.processed_at FROM staging.members s JOIN audit.files f USING (file_id)
),
open_rows AS (
    SELECT q.*
    FROM q
    LEFT JOIN member_keys k ON k.file_id = q.file_id AND k.row_number = q.row_number
    WHERE NOT EXISTS (
        SELECT 1 FROM valid v
        WHERE v.source = q.source AND v.processed_at > q.processed_at
          AND (v.key_text = upper(trim(q.record_key)) OR v.key_text = trim(q.record_key) OR v.member_key = k.member_key)
    )
),
-- The township or system a quarantined row belongs to, from the row as written (raw layer): its own org code,
-- or for a member the township of their home village, else of their unit.
unit_orgs AS (
    SELECT uscc, arg_max(org_code, batch_date) AS org_code FROM core.units GROUP BY uscc
),
row_orgs AS (
    SELECT file_id, row_number, upper(trim(org_code)) AS org_code FROM raw.units
    WHERE file_id IN (SELECT file_id FROM open_rows WHERE source = 'units')
    UNION ALL
    SELECT file_id, row_number, upper(trim(org_code)) FROM raw.mediation
    WHERE file_id IN (SELECT file_id FROM open_rows WHERE source = 'mediation')
    UNION ALL
    SELECT file_id, row_number, upper(trim(org_code)) FROM raw.grievances
    WHERE file_id IN (SELECT file_id FROM open_rows WHERE source = 'grievances')
    UNION ALL
    SELECT m.file_id, m.row_number, coalesce(v.parent_code, u.org_code)
    FROM raw.members m
    LEFT JOIN core.regions v ON v.code = upper(trim(m.village_code)) AND v.level = 'village'
    LEFT JOIN unit_orgs u ON u.uscc = upper(trim(m.unit_uscc))
    WHERE m.file_id IN (SELECT file_id FROM open_rows WHERE source = 'members')
),
waiting AS (
    SELECT 'file' AS kind, org_code, source, rel_path, NULL::INTEGER AS row_number, NULL AS record_key,
           reason_code AS reason_codes, reason_zh AS messages_zh, batch_date, processed_at
    FROM open_files
    UNION ALL
    SELECT 'row', o.org_code, r.source, r.rel_path, r.row_number,
           CASE WHEN r.source = 'members' THEN left(r.record_key, 6) || '********' || right(r.record_key, 4)
                ELSE r.record_key END,
           r.reason_codes, r.messages_zh, r.batch_date, r.processed_at
    FROM open_rows r
    LEFT JOIN row_orgs o ON o.file_id = r.file_id AND o.row_number = r.row_number
)
SELECT w.org_code, g.name AS org_name, w.kind, w.source, w.rel_path, w.row_number, w.record_key,
       w.reason_codes, w.messages_zh, coalesce(w.batch_date, w.processed_at::DATE) AS since,
       date_diff('day', coalesce(w.batch_date, w.processed_at::DATE), $today::DATE) AS days_waiting
FROM waiting w
LEFT JOIN orgs g ON g.code = w.org_code
ORDER BY g.name IS NULL, w.org_code, days_waiting DESC, w.source, w.rel_path, w.row_number;
