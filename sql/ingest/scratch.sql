-- Per file being loaded (temporary, inside its transaction): the rows whose key repeats in the file
-- (their key, signature and key as written; those that would load are held back in ingest_held),
-- and every rule each row broke, with the cell and key as written.
CREATE OR REPLACE TEMP TABLE ingest_keys (row INTEGER, k VARCHAR, sig UBIGINT, raw_key VARCHAR);
CREATE OR REPLACE TEMP TABLE ingest_hits (row INTEGER, column_name VARCHAR, reason_code VARCHAR, severity VARCHAR,
                                          raw_value VARCHAR, record_key VARCHAR);
