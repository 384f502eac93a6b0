"""Reporting periods as Dagster partitions: one per calendar month, keyed 'YYYY-MM-01'."""

import dagster as dg

# Months fully elapsed; the first is early enough for any county's history in this warehouse.
monthly = dg.MonthlyPartitionsDefinition(start_date="2024-01-01", timezone="Asia/Shanghai")


def period_of(partition_key: str) -> str:
    """'2026-10-01' -> '2026-10'."""
    return partition_key[:7]


def partition_of(period: str) -> str:
    """'2026-10' -> '2026-10-01'."""
    return f"{period}-01"
