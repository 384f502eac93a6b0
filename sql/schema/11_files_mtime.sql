-- The registry also keeps each file's modification time (ns): with its path and size it lets discovery
-- reuse the recorded fingerprint, so that only new or changed files are hashed each night.
ALTER TABLE audit.files ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;
