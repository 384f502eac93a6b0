"""Dagster assets of the model stage: core.<source>, what analysts read, rebuilt from staging and gated."""


import dagster as dg

from pipelines.ingest.specs import LOAD_ORDER, SOURCES
from pipelines.model.build import build_core
from pipelines.settings import Settings
from pipelines.validate.asset_checks import table_check_specs, table_gate
from pipelines.warehouse import writing

VERSIONS = {"units": "every valid version (as-of queries)", "regions": "the latest regions batch"}
# A core table is built and gated once no other step is ready (it still runs before whatever reads it): the
# night's loading goes first, and Great Expectations' helper process (judge_process.py) is ready by then.
AFTER_READY_STEPS = {"dagster/priority": "-1"}


def build_core_asset(source: str) -> dg.AssetsDefinition:
    """The asset that rebuilds core.<source> from staging.<source> with sql/core/<source>.sql, then judges
    the table's suite in the same step (its checks: pipelines/validate/catalog.py)."""

    @dg.asset(
        key=["core", source],
        deps=[dg.AssetKey(["staging", source])],
        group_name="core",
        kinds={"duckdb", "sql"},
        description=f"{SOURCES[source].zh}: {VERSIONS.get(source, 'the current version of each record')}.",
        check_specs=table_check_specs(f"core.{source}"),
        op_tags=AFTER_READY_STEPS,
    )
    def _asset(context: dg.AssetExecutionContext, settings: Settings) -> dg.MaterializeResult:
        with writing(settings.warehouse_path) as con:
            rows = build_core(con, source)
            checks = table_gate(context, con, settings, f"core.{source}")
        return dg.MaterializeResult(metadata={"rows": rows, "table": f"core.{source}"}, check_results=checks)

    return _asset


core_assets = [build_core_asset(s) for s in LOAD_ORDER]
