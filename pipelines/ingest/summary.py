"""The night's summary: one row per run in audit.load_runs, and the per-file lines officers read."""


import dagster as dg

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import read_sql, writing


def files_of_run(con, run_id: str) -> list[dict]:
    """Every file a run processed, in load order, as dicts (for the CLI and the UI)."""
    cur = con.execute(read_sql("audit/files_of_run.sql"), [run_id])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


@dg.asset(
    key=["audit", "load_runs"],
    # After every load, but not after core: a failing blocking check on a core table must not hide the summary.
    deps=[dg.AssetKey(["staging", s]) for s in LOAD_ORDER],
    group_name="audit",
    kinds={"duckdb"},
    description="One row per nightly load: files seen, loaded, rejected, duplicated; rows by fate.",
)
def load_run_summary(context: dg.AssetExecutionContext, settings: Settings) -> dg.MaterializeResult:
    """Record this run's totals in audit.load_runs."""
    with writing(settings.warehouse_path) as con:
        con.execute(read_sql("audit/record_load_run.sql"), [context.run_id, settings.raw_dir])
        files = files_of_run(con, context.run_id)
    rejected = [f"{f['rel_path']}: {f['reason_code']}" for f in files if f["status"] == "rejected"]
    return dg.MaterializeResult(metadata={
        "files": len(files),
        "files_rejected": dg.MetadataValue.json(rejected),
    })
