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
    """The list as a pandas frame (code, unit_measure, county_only, upper) for DuckDB to join."""
    import pandas as pd

    rows = [(code, unit, county, upper) for code, (unit, county, upper) in INDICATORS.items()]
    return pd.DataFrame(rows, columns=["code", "unit_measure", "county_only", "upper"]).astype({"upper": "float64"})
