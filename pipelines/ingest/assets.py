"""Dagster assets of the ingest stage: staging.<source>, one per source, fed from raw/<source>/."""


from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest.load import describe, load_source
from pipelines.ingest.read.discover import landed_unseen
from pipelines.ingest.specs import LOAD_ORDER, SOURCES
from pipelines.ingest.write.accounting import unbalanced_files
from pipelines.ingest.write.registry import FileOutcome, known_hashes
from pipelines.keys import checked_pii_key
from pipelines.settings import Settings
from pipelines.validate.judge_process import start_helper
from pipelines.warehouse import connect, writing

# A source's rows are checked against the regions in force on their batch date and, for mediation's employers,
# against the units batches dated on or before theirs (staging), so those load first.
UPSTREAM = {"regions": [], "units": [("core", "regions")], "members": [("core", "regions")],
            "mediation": [("core", "regions"), ("staging", "units")], "grievances": [("core", "regions")]}


def outcome_metadata(outcomes: list[FileOutcome]) -> dict:
    """What a data officer wants to see on the materialization: files and rows by fate."""
    lines = ["| file | status | read | loaded | duplicates | quarantined | reason |", "|---|---|---|---|---|---|---|"]
    for o in outcomes:
        reason = f"{o.reason_code} {o.reason_zh}" if o.reason_code else (o.duplicate_of or "")
        lines.append(f"| {o.file.name} | {o.status} | {o.rows_read} | {o.rows_loaded} | {o.rows_duplicate} "
                     f"| {o.rows_quarantined} | {reason} |")
    total = lambda field: sum(getattr(o, field) for o in outcomes)  # noqa: E731
    return {
        "files_new": len(outcomes),
        "files_rejected": sum(o.status == "rejected" for o in outcomes),
        "files_duplicate": sum(o.status == "duplicate" for o in outcomes),
        "rows_read": total("rows_read"),
        "rows_loaded": total("rows_loaded"),
        "rows_duplicate": total("rows_duplicate"),
        "rows_quarantined": total("rows_quarantined"),
        "files": dg.MetadataValue.md("\n".join(lines)),
    }


def accounting_spec(source: str) -> dg.AssetCheckSpec:
    """The nothing-lost check of staging.<source>, blocking: judged in the asset's own step, after its load."""
    return dg.AssetCheckSpec("every_row_accounted_for", asset=dg.AssetKey(["staging", source]), blocking=True,
                             description="Per file: rows read = loaded + duplicates + quarantined, "
                                         "and the tables agree.")


def accounting_result(con, source: str) -> dg.AssetCheckResult:
    """Whether every row read of every file of `source` is loaded, collapsed or quarantined (write/accounting.py)."""
    bad = unbalanced_files(con, source)
    return dg.AssetCheckResult(
        check_name="every_row_accounted_for", passed=not bad,
        metadata={"files_unbalanced": len(bad),
                  "examples": dg.MetadataValue.json([list(map(str, r)) for r in bad[:10]])},
    )


def landed_anywhere(settings: Settings) -> bool:
    """Whether any source's folder holds a file the registry has not seen (`landed_unseen`); True as well when
    the registry cannot be read (no warehouse yet, or another process writing it)."""
    try:
        con = connect(settings.warehouse_path, read_only=True)
    except duckdb.Error:
        return True
    try:
        return any(landed_unseen(Path(settings.raw_dir), source, known_hashes(con, source)) for source in LOAD_ORDER)
    except duckdb.Error:  # a warehouse from before the registry
        return True
    finally:
        con.close()


def build_staging_asset(source: str) -> dg.AssetsDefinition:
    """The asset that loads every new file of `source` into raw, staging and the audit tables, then checks that
    no row was lost (`accounting_spec`)."""

    @dg.asset(
        key=["staging", source],
        deps=[dg.AssetKey(list(up)) for up in UPSTREAM[source]],
        group_name="ingest",
        kinds={"duckdb", "polars"},
        description=f"Every valid row of every {source} batch ({SOURCES[source].zh}), typed; "
                    "bad rows to audit.quarantine.",
        check_specs=[accounting_spec(source)],
    )
    def _asset(context: dg.AssetExecutionContext, settings: Settings) -> dg.MaterializeResult:
        pii_key = checked_pii_key(settings.pii_key(), Path(settings.raw_dir))  # the demonstration key: sample only
        with writing(settings.warehouse_path) as con:
            try:
                if landed_unseen(Path(settings.raw_dir), source, known_hashes(con, source)):
                    # New rows will be judged by the gate: Great Expectations' import overlaps the loading.
                    # A night with nothing new never starts it (judging, if a check needs it, starts it then).
                    start_helper()
                outcomes = load_source(con, Path(settings.raw_dir), source, pii_key, context.run_id,
                                       progress=context.log.info, progress_every=settings.progress_seconds)
            except Exception as exc:
                raise load_step_failed(source, exc) from exc
            check = accounting_result(con, source)
        for o in outcomes:  # each file's line was logged as it finished; a file turned away is repeated as a warning
            if o.status == "rejected":
                context.log.warning(f"{o.file.rel_path}: {describe(o)}")
        return dg.MaterializeResult(metadata=outcome_metadata(outcomes), check_results=[check])

    return _asset


def load_step_failed(source: str, exc: Exception) -> dg.Failure:
    """The step's failure as an officer reads it: code, the step, the file it was loading, what went wrong."""
    where = getattr(exc, "unionpipe_file", None)
    what = f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")
    zh = (f"导入步骤 staging/{source}（{SOURCES[source].zh}）出错" + (f"，文件 {where} 未能导入" if where else "")
          + "；该文件的内容未入库，修复原因后重新运行 unionpipe load 即可继续")
    en = (f"Load step staging/{source} failed" + (f" while loading {where}" if where else "")
          + f" ({what}); nothing of that file was kept, run the load again once the cause is fixed.")
    return dg.Failure(description=f"LOAD_STEP_FAILED: {zh}\n  {en}", metadata={
        "code": "LOAD_STEP_FAILED", "message_zh": zh, "message_en": en,
        "items": dg.MetadataValue.json([f"{where or source}: {what}"])})


staging_assets = [build_staging_asset(s) for s in LOAD_ORDER]
