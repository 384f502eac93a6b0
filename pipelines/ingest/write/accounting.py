"""The nothing-lost check: per file, read = loaded + duplicates + quarantined, and the tables agree."""


import dagster as dg

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings
from pipelines.warehouse import connect, read_sql


def unbalanced_files(con, source: str) -> list[tuple]:
    """Files of `source` whose counts do not add up, or whose rows in the tables differ from the registry."""
    return con.execute(read_sql("audit/unbalanced_files.sql").replace("{source}", source)).fetchall()


def build_accounting_check(source: str) -> dg.AssetChecksDefinition:
    """A blocking check on staging.<source>: every row read is loaded, collapsed or quarantined."""

    @dg.asset_check(asset=dg.AssetKey(["staging", source]), name="every_row_accounted_for", blocking=True,
                    description="Per file: rows read = loaded + duplicates + quarantined, and the tables agree.")
    def _check(settings: Settings) -> dg.AssetCheckResult:
        con = connect(settings.warehouse_path)
        try:
            bad = unbalanced_files(con, source)
        finally:
            con.close()
        return dg.AssetCheckResult(
            passed=not bad,
            metadata={"files_unbalanced": len(bad),
                      "examples": dg.MetadataValue.json([list(map(str, r)) for r in bad[:10]])},
        )

    return _check


accounting_checks = [build_accounting_check(s) for s in LOAD_ORDER]
