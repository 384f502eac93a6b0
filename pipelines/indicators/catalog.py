"""The 40 indicators of the contract: code, unit measure, how its value is derived, county-only."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipelines.warehouse import read_sql

UNIT_MEASURES = ("COUNT", "RATIO", "DAYS", "CNY", "PER_1000")
KINDS = ("total", "ratio", "median", "balance")


@dataclass(frozen=True)
class Indicator:
    """One indicator. `kind`: total (count or sum), ratio (incl. per 1000), median, or balance."""

    code: str
    unit_measure: str
    kind: str
    county_only: bool = False


COUNTY_ONLY = True  # the balance set is published for the county alone
# In the contract's order.
CATALOG: tuple[Indicator, ...] = (
    Indicator("COV_UNITS_REQUIRED", "COUNT", "total"),
    Indicator("COV_UNITS_ESTABLISHED", "COUNT", "total"),
    Indicator("COV_ESTABLISHMENT_RATE", "RATIO", "ratio"),
    Indicator("COV_EMPLOYEES", "COUNT", "total"),
    Indicator("COV_MEMBERS", "COUNT", "total"),
    Indicator("COV_MEMBERSHIP_RATE", "RATIO", "ratio"),
    Indicator("COV_MIGRANT_EMPLOYEES", "COUNT", "total"),
    Indicator("COV_MIGRANT_MEMBERS", "COUNT", "total"),
    Indicator("COV_REGISTERED_MEMBERS", "COUNT", "total"),
    Indicator("COV_REALNAME_RATE", "RATIO", "ratio"),
    Indicator("COV_VILLAGE_UNION_RATE", "RATIO", "ratio"),
    Indicator("BAL_ESTAB_MIN", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_ESTAB_MAX", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_ESTAB_CV", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_ESTAB_GINI", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_ESTAB_LAGGARDS", "COUNT", "balance", COUNTY_ONLY),
    Indicator("BAL_MEMB_MIN", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_MEMB_MAX", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_MEMB_CV", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_MEMB_GINI", "RATIO", "balance", COUNTY_ONLY),
    Indicator("BAL_MEMB_LAGGARDS", "COUNT", "balance", COUNTY_ONLY),
    Indicator("MED_RECEIVED", "COUNT", "total"),
    Indicator("MED_CLOSED", "COUNT", "total"),
    Indicator("MED_SUCCESS", "COUNT", "total"),
    Indicator("MED_SUCCESS_RATE", "RATIO", "ratio"),
    Indicator("MED_WITHIN_15D_RATE", "RATIO", "ratio"),
    Indicator("MED_MEDIAN_DAYS", "DAYS", "median"),
    Indicator("MED_PENDING_END", "COUNT", "total"),
    Indicator("MED_OVERDUE_PENDING", "COUNT", "total"),
    Indicator("MED_WORKERS", "COUNT", "total"),
    Indicator("MED_AMOUNT_AGREED", "CNY", "total"),
    Indicator("MED_RECOVERY_RATE", "RATIO", "ratio"),
    Indicator("GRV_RECEIVED", "COUNT", "total"),
    Indicator("GRV_RESPONDED_24H_RATE", "RATIO", "ratio"),
    Indicator("GRV_CLOSED", "COUNT", "total"),
    Indicator("GRV_RESOLVED_RATE", "RATIO", "ratio"),
    Indicator("GRV_SATISFACTION_RATE", "RATIO", "ratio"),
    Indicator("INT_DISPUTES_PER_1000", "PER_1000", "ratio"),
    Indicator("INT_DISPUTES_PER_1000_UNION", "PER_1000", "ratio"),
    Indicator("INT_DISPUTES_PER_1000_NONUNION", "PER_1000", "ratio"),
)

BY_CODE: dict[str, Indicator] = {ind.code: ind for ind in CATALOG}


def county_only_codes() -> set[str]:
    """Codes published for the county alone (the balance set)."""
    return {ind.code for ind in CATALOG if ind.county_only}


def load_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """Put the catalog in the connection's temp table `ind_catalog`, where the SQL models read it."""
    con.execute(read_sql("indicators/catalog.sql"))
    con.executemany(
        "INSERT INTO ind_catalog VALUES (?, ?, ?, ?)",
        [(i.code, i.unit_measure, i.kind, i.county_only) for i in CATALOG],
    )
