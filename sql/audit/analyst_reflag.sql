-- Bring `current` in the analysts' copy of {copy_table} to the warehouse's {home_table} for the files listed
-- in the temp table analyst_files, touching only rows whose flag differs. Most rows are current: a row not
-- current on either side is compared, every other row is current on both sides.
UPDATE {copy_table} c SET current = w.current
FROM (SELECT file_id, row_number, current FROM {home_table}
      WHERE current IS NOT TRUE AND file_id IN (SELECT file_id FROM analyst_files)) w
WHERE c.file_id = w.file_id AND c.row_number = w.row_number AND c.current IS DISTINCT FROM w.current;

UPDATE {copy_table} c SET current = true
WHERE c.current IS NOT TRUE AND c.file_id IN (SELECT file_id FROM analyst_files)
  AND NOT EXISTS (SELECT 1 FROM {home_table} w
                  WHERE w.file_id = c.file_id AND w.row_number = c.row_number AND w.current IS NOT TRUE);
