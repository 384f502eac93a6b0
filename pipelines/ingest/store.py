"""Writing one judged file into the warehouse: raw rows, staging rows, quarantine and warnings."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.ingest.discover import RawFile
from pipelines.ingest.evaluate import Evaluated
from pipelines.ingest.identifiers import birth_date_of_id
from pipelines.ingest.messages import MESSAGES_ZH
from pipelines.ingest.pii import hmac_pads, mask_sql, personal_select
from pipelines.ingest.sheet import EXTRA, ROW, Sheet
from pipelines.ingest.specs import Source
from pipelines.ingest.tables import quoted, raw_ddl, staging_ddl

PERSONAL_KINDS = {"id", "name", "phone"}


def ensure_tables(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Create raw.<source> and staging.<source> when missing."""
    con.execute(raw_ddl(source))
    con.execute(staging_ddl(source))


def store_raw(con: duckdb.DuckDBPyConnection, f: RawFile, sheet: Sheet, source: Source) -> None:
    """Every row read, cells as written (officer-only layer)."""
    cols = [c.name for c in source.columns]
    incoming = sheet.frame.select(pl.col(ROW).cast(pl.Int32), *cols, pl.col(EXTRA)).to_arrow()
    con.register("incoming_raw", incoming)
    col_sql = ", ".join(quoted(c) for c in cols)
    con.execute(
        f"INSERT INTO raw.{source.name} (file_id, row_number, {col_sql}, extra) "
        f"SELECT ?, {quoted(ROW)}, {col_sql}, {quoted(EXTRA)} FROM incoming_raw",
        [f.file_id],
    )
    con.unregister("incoming_raw")


def store_staging(con: duckdb.DuckDBPyConnection, f: RawFile, ev: Evaluated, source: Source, pii_key: bytes) -> None:
    """The loaded rows, typed, with personal data only as keyed hash and mask."""
    loaded = ev.rows.filter(~pl.col("duplicate") & ~pl.col("quarantined"))
    values = [pl.col(ROW).cast(pl.Int32)] + [pl.col("v_" + c.name).alias(c.name) for c in source.columns]
    if source.name == "members":
        values.append(birth_date_of_id(pl.col("v_id_number")).alias("birth_date"))
    con.register("incoming_rows", loaded.select(values).to_arrow())
    items = []
    for c in source.columns:
        items += personal_select(c, quoted(c.name)) if c.personal else [quoted(c.name)]
    if source.name == "members":
        items.append("birth_date")
    ipad, opad = hmac_pads(pii_key)
    params = {"file_id": f.file_id, "file_name": f.name, "batch_date": f.batch_date}
    if "$ipad" in " ".join(items):
        params |= {"ipad": ipad, "opad": opad}
    con.execute(
        f"INSERT INTO staging.{source.name} BY NAME SELECT $file_id AS file_id, $file_name AS file_name, "
        f"$batch_date AS batch_date, {quoted(ROW)} AS row_number, {', '.join(items)} FROM incoming_rows",
        params,
    )
    con.unregister("incoming_rows")


def store_reasons(con: duckdb.DuckDBPyConnection, f: RawFile, sheet: Sheet, ev: Evaluated,
                  source: Source, run_id: str) -> None:
    """Quarantine (rejects, raw values as written) and warnings (personal values masked)."""
    if ev.reasons.height == 0:
        return
    headers = {c.name: sheet.header_of(c.name) for c in source.columns}
    reasons = ev.reasons.with_columns(
        pl.col(ROW).cast(pl.Int32),
        pl.col("column_name").replace_strict(headers, default=None, return_dtype=pl.String).alias("column_header"),
        pl.col("reason_code").replace_strict(MESSAGES_ZH, default=pl.col("reason_code"), return_dtype=pl.String).alias("message_zh"),
    )
    con.register("incoming_reasons", reasons.to_arrow())
    raw_value = "CASE r.column_name " + " ".join(
        f"WHEN '{c.name}' THEN w.{quoted(c.name)}" for c in source.columns) + " END"
    masked_value = "CASE r.column_name " + " ".join(
        f"WHEN '{c.name}' THEN {mask_sql(c.personal, 'w.' + quoted(c.name)) if c.personal else 'w.' + quoted(c.name)}"
        for c in source.columns) + " END"
    for table, severity, value in (("quarantine", "reject", raw_value), ("warnings", "warn", masked_value)):
        key_value = f"w.{quoted(source.key)}"
        if table == "warnings" and source.column(source.key).personal:
            key_value = mask_sql(source.column(source.key).personal, key_value)
        con.execute(
            f"""INSERT INTO audit.{table} (file_id, source, file_name, row_number, record_key, column_name,
                    column_header, raw_value, reason_code, message_zh, run_id)
                SELECT $file_id, $source, $file_name, r.{quoted(ROW)}, {key_value}, r.column_name,
                    r.column_header, {value}, r.reason_code, r.message_zh, $run_id
                FROM incoming_reasons r JOIN raw.{source.name} w
                  ON w.file_id = $file_id AND w.row_number = r.{quoted(ROW)}
                WHERE r.severity = '{severity}'""",
            {"file_id": f.file_id, "source": source.name, "file_name": f.name, "run_id": run_id},
        )
    con.unregister("incoming_reasons")
