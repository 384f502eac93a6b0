"""What the gate holds each indicator to: the catalog's unit and scope, plus the contract's upper bounds.

Every value is >= 0. Only these ratios are bounded by 1: members may exceed employees (a warn row is kept),
registered members may exceed reported ones, amounts agreed may exceed amounts claimed, a CV may exceed 1.
"""

from __future__ import annotations

from pipelines.indicators.catalog import CATALOG

BOUNDED_BY_ONE = frozenset({
    "COV_ESTABLISHMENT_RATE", "COV_VILLAGE_UNION_RATE", "BAL_ESTAB_MIN", "BAL_ESTAB_MAX", "BAL_ESTAB_GINI",
    "BAL_MEMB_GINI", "MED_SUCCESS_RATE", "MED_WITHIN_15D_RATE", "GRV_RESPONDED_24H_RATE", "GRV_RESOLVED_RATE",
    "GRV_SATISFACTION_RATE",
})

# code: (unit_measure, county only, upper bound of the value or None)
INDICATORS: dict[str, tuple[str, bool, float | None]] = {
    i.code: (i.unit_measure, i.county_only, 1.0 if i.code in BOUNDED_BY_ONE else None) for i in CATALOG
}


def expected_indicators_frame():
    """The list as an Arrow table (code, unit_measure, county_only, upper) for DuckDB to join (built by Polars:
    pandas, which pyarrow's own constructors import, would cost the publish 0.4 s)."""
    import polars as pl

    codes = list(INDICATORS)
    return pl.DataFrame({"code": codes, "unit_measure": [INDICATORS[c][0] for c in codes],
                         "county_only": [INDICATORS[c][1] for c in codes],
                         "upper": [INDICATORS[c][2] for c in codes]},
                        schema_overrides={"upper": pl.Float64}).to_arrow()
