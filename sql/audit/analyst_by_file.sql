-- A staging table's fingerprint per loaded file ({table}: database.schema.table; {where}: which files): its rows
-- and a hash of each row's identity and `current`, the one value a later night changes in rows already loaded
-- (the core build's verdict). Rows are otherwise written once, in their file's transaction, and never updated:
-- a change to what analysts may see in old rows is a new format version (analyst_file.FORMAT_VERSION). About
-- 30 ms on 11M members, where a hash of whole rows takes 0.45-1.3 s.
SELECT file_id, count(*) AS n, coalesce(sum(hash(row_number, current)), 0) AS h
FROM {table}
{where}
GROUP BY file_id
