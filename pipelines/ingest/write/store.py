"""Writing one judged file into the warehouse: staging rows, quarantine and warnings (raw: raw_layer.py).

Frames reach DuckDB by name (a replacement scan of a local Arrow table), never through
`con.register`: inside a transaction a registered table stays alive until commit, so a big file's
chunks would pile up in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.ingest.judge.identifiers import birth_year_of_id
from pipelines.ingest.judge.messages import MESSAGES_ZH
from pipelines.ingest.judge.pii import keyed_key_halves, mask_expr, mask_sql, personal_columns
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.sheet import ROW, Sheet
from pipelines.ingest.specs import Source
from pipelines.ingest.write.raw_layer import ensure_raw_view
from pipelines.ingest.write.tables import staging_ddl, staging_upgrades
from pipelines.warehouse import quoted


@dataclass(frozen=True)
class Tally:
    """A written file's rows by fate: read = loaded + duplicates + quarantined; warned rows are loaded ones."""

    read: int
    loaded: int
    duplicates: int
    quarantined: int
    warned: int


def ensure_tables(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Create the view raw.<source> and the table staging.<source> (bringing an older staging table up to date)."""
    ensure_raw_view(con, source)
    con.execute(staging_ddl(source))
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
                             "current_database() AND schema_name = 'staging' AND table_name = ?",
                             [source.name]).fetchall())
    for alter in staging_upgrades(source, types):
        con.execute(alter)


def staging_values(rows: pl.DataFrame, source: Source) -> pl.DataFrame:
    """The typed values of judged rows under their column names (personal data still in clear)."""
    values = [pl.col(ROW).cast(pl.Int32)] + [pl.col("v_" + c.name).alias(c.name) for c in source.columns]
    if source.name == "members":
        values.append(birth_year_of_id(pl.col("v_id_number")).alias("birth_year"))
    return rows.select(values)


def pseudonymised_values(values: pl.DataFrame, source: Source, pii_key: bytes) -> pa.Table:
    """Staging values as `store_staging` reads them: each personal column replaced by its keyed hash (in two
    halves) and/or its mask, so that clear personal values never reach DuckDB past the raw layer."""
    personal = [c for c in source.columns if c.personal]
    hashes = [half for c in personal if c.key_as
              for half in keyed_key_halves(values.get_column(c.name), pii_key, c.key_as)]
    masks = [mask_expr(c.personal, pl.col(c.name)).alias(c.mask_as) for c in personal if c.mask_as]
    return values.with_columns(*hashes, *masks).drop(c.name for c in personal).to_arrow()


def store_staging(con: duckdb.DuckDBPyConnection, f: RawFile, incoming_rows: pa.Table, source: Source,
                  target: str | None = None) -> None:
    """Rows to load (see `pseudonymised_values`) into `target`, else staging; `incoming_rows` is read by name."""
    if incoming_rows.num_rows == 0:
        return
    items = []
    for c in source.columns:
        items += personal_columns(c) if c.personal else [quoted(c.name)]
    if source.name == "members":
        items.append("birth_year")
    params = {"file_id": f.file_id, "file_name": f.name, "batch_date": f.batch_date}
    con.execute(
        f"INSERT INTO {target or 'staging.' + source.name} BY NAME SELECT $file_id AS file_id, "
        f"$file_name AS file_name, $batch_date AS batch_date, {quoted(ROW)} AS row_number, {', '.join(items)} "
        "FROM incoming_rows",
        params,
    )


def store_reasons(con: duckdb.DuckDBPyConnection, f: RawFile, sheet: Sheet, tally: Tally,
                  source: Source, run_id: str) -> None:
    """Quarantine (rejects, cells as written) and warnings (personal values masked), from `ingest_reasons`."""
    if not (tally.quarantined or tally.warned):
        return
    reason_headers = pl.DataFrame({"column_name": [c.name for c in source.columns],  # noqa: F841 (read by name)
                                   "column_header": [sheet.header_of(c.name) for c in source.columns]}).to_arrow()
    reason_messages = pl.DataFrame({"reason_code": list(MESSAGES_ZH),  # noqa: F841 (read by name)
                                    "message_zh": list(MESSAGES_ZH.values())}).to_arrow()
    masks = [f"WHEN '{c.name}' THEN {mask_sql(c.personal, 'r.raw_value')}" for c in source.columns if c.personal]
    masked_value = f"CASE r.column_name {' '.join(masks)} ELSE r.raw_value END" if masks else "r.raw_value"
    key = source.column(source.key)
    masked_key = mask_sql(key.personal, "r.record_key") if key.personal else "r.record_key"
    for table, severity, value, record_key in (("quarantine", "reject", "r.raw_value", "r.record_key"),
                                               ("warnings", "warn", masked_value, masked_key)):
        con.execute(
            f"""INSERT INTO audit.{table} (file_id, source, file_name, row_number, record_key, column_name,
                    column_header, raw_value, reason_code, message_zh, run_id)
                SELECT $file_id, $source, $file_name, r.row, {record_key}, r.column_name,
                    h.column_header, {value}, r.reason_code, coalesce(m.message_zh, r.reason_code), $run_id
                FROM ingest_reasons r
                LEFT JOIN reason_headers h ON h.column_name = r.column_name
                LEFT JOIN reason_messages m ON m.reason_code = r.reason_code
                WHERE r.severity = '{severity}'
                ORDER BY r.row, r.column_name""",
            {"file_id": f.file_id, "source": source.name, "file_name": f.name, "run_id": run_id},
        )
