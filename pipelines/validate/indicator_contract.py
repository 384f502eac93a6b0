"""The indicator list as the contract states it (indicators.md), held independently of the code that
computes the indicators, so the gate checks the mart against the standard rather than against itself."""

from __future__ import annotations

# code: (unit_measure, county only, upper bound of the value or None). Every value is >= 0.
# Unbounded ratios: members may exceed employees (a warn row is kept), registered members may
# exceed reported ones, amounts agreed may exceed amounts claimed, and a CV may exceed 1.
INDICATORS: dict[str, tuple[str, bool, float | None]] = {
    "COV_UNITS_REQUIRED": ("COUNT", False, None),
    "COV_UNITS_ESTABLISHED": ("COUNT", False, None),
    "COV_ESTABLISHMENT_RATE": ("RATIO", False, 1.0),
    "COV_EMPLOYEES": ("COUNT", False, None),
    "COV_MEMBERS": ("COUNT", False, None),
    "COV_MEMBERSHIP_RATE": ("RATIO", False, None),
    "COV_MIGRANT_EMPLOYEES": ("COUNT", False, None),
    "COV_MIGRANT_MEMBERS": ("COUNT", False, None),
    "COV_REGISTERED_MEMBERS": ("COUNT", False, None),
    "COV_REALNAME_RATE": ("RATIO", False, None),
    "COV_VILLAGE_UNION_RATE": ("RATIO", False, 1.0),
    "BAL_ESTAB_MIN": ("RATIO", True, 1.0),
    "BAL_ESTAB_MAX": ("RATIO", True, 1.0),
    "BAL_ESTAB_CV": ("RATIO", True, None),
    "BAL_ESTAB_GINI": ("RATIO", True, 1.0),
    "BAL_ESTAB_LAGGARDS": ("COUNT", True, None),
    "BAL_MEMB_MIN": ("RATIO", True, None),
    "BAL_MEMB_MAX": ("RATIO", True, None),
    "BAL_MEMB_CV": ("RATIO", True, None),
    "BAL_MEMB_GINI": ("RATIO", True, 1.0),
    "BAL_MEMB_LAGGARDS": ("COUNT", True, None),
    "MED_RECEIVED": ("COUNT", False, None),
    "MED_CLOSED": ("COUNT", False, None),
    "MED_SUCCESS": ("COUNT", False, None),
    "MED_SUCCESS_RATE": ("RATIO", False, 1.0),
    "MED_WITHIN_15D_RATE": ("RATIO", False, 1.0),
    "MED_MEDIAN_DAYS": ("DAYS", False, None),
    "MED_PENDING_END": ("COUNT", False, None),
    "MED_OVERDUE_PENDING": ("COUNT", False, None),
    "MED_WORKERS": ("COUNT", False, None),
    "MED_AMOUNT_AGREED": ("CNY", False, None),
    "MED_RECOVERY_RATE": ("RATIO", False, None),
    "GRV_RECEIVED": ("COUNT", False, None),
    "GRV_RESPONDED_24H_RATE": ("RATIO", False, 1.0),
    "GRV_CLOSED": ("COUNT", False, None),
    "GRV_RESOLVED_RATE": ("RATIO", False, 1.0),
    "GRV_SATISFACTION_RATE": ("RATIO", False, 1.0),
    "INT_DISPUTES_PER_1000": ("PER_1000", False, None),
    "INT_DISPUTES_PER_1000_UNION": ("PER_1000", False, None),
    "INT_DISPUTES_PER_1000_NONUNION": ("PER_1000", False, None),
}


def expected_indicators_frame():
    """The list as a pandas frame (code, unit_measure, county_only, upper) for DuckDB to join."""
    import pandas as pd

    rows = [(code, unit, county, upper) for code, (unit, county, upper) in INDICATORS.items()]
    return pd.DataFrame(rows, columns=["code", "unit_measure", "county_only", "upper"]).astype({"upper": "float64"})
