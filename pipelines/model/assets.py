"""Dagster assets of the model stage: core.<source>, what analysts read, rebuilt from staging."""


import dagster as dg

from pipelines.ingest.specs import LOAD_ORDER, SOURCES
from pipelines.model.build import build_core
from pipelines.settings import Settings
from pipelines.warehouse import writing

VERSIONS = {"units": "every valid version (as-of queries)", "regions": "the latest regions batch"}


def build_core_asset(source: str) -> dg.AssetsDefinition:
    """The asset that rebuilds core.<source> from staging.<source> with sql/core/<source>.sql."""

    @dg.asset(
        key=["core", source],
        deps=[dg.AssetKey(["staging", source])],
        group_name="core",
        kinds={"duckdb", "sql"},
        description=f"{SOURCES[source].zh}: {VERSIONS.get(source, 'the current version of each record')}.",
    )
    def _asset(settings: Settings) -> dg.MaterializeResult:
        with writing(settings.warehouse_path) as con:
            rows = build_core(con, source)
        return dg.MaterializeResult(metadata={"rows": rows, "table": f"core.{source}"})

    return _asset


core_assets = [build_core_asset(s) for s in LOAD_ORDER]
