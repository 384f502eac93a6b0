"""Outliers against an area's own history: modified z-score over at least 6 earlier months, MAD 0 said, the
period gate warns, the report lists them."""

from __future__ import annotations

import pytest

from pipelines.report.quality import outliers
from pipelines.settings import Settings
from pipelines.validate.catalog import PERIOD_SUITE, suite_checks
from pipelines.validate.figures import measure
from pipelines.validate.run import check_params
from pipelines.warehouse import connect

PERIOD = "2026-09"
EARLIER = [f"2025-{m:02d}" for m in (10, 11, 12)] + [f"2026-{m:02d}" for m in range(1, 9)]  # 11 months


def put(con, area: str, indicator: str, history: list[float], now: float, status: str = "A") -> None:
    """An area's indicator over the last len(history) months before PERIOD, then PERIOD's value."""
    months = EARLIER[len(EARLIER) - len(history):]
    for period, value in [*zip(months, history), (PERIOD, now)]:
        con.execute("INSERT INTO marts.indicators VALUES (?, ?, ?, 'RATIO', NULL, NULL, 100, ?, ?, "
                    "current_localtimestamp())", [period, area, indicator, value, status])


@pytest.fixture
def warehouse(tmp_path):
    settings = Settings.from_env(warehouse_path=str(tmp_path / "unionpipe.duckdb"))
    con = connect(settings.warehouse_path)
    noisy = [0.50, 0.52, 0.48, 0.50, 0.51, 0.49, 0.50, 0.50]  # median 0.5, MAD 0.005
    put(con, "T1", "COV_ESTABLISHMENT_RATE", noisy, 0.90)  # z = 0.6745 * 0.4 / 0.005 = 53.96: flagged
    put(con, "T2", "COV_ESTABLISHMENT_RATE", noisy, 0.52)  # z = 2.698: below 3.5
    put(con, "T3", "COV_ESTABLISHMENT_RATE", [0.5] * 7, 0.6)  # flat history: MAD 0, no score, said
    put(con, "T4", "COV_ESTABLISHMENT_RATE", [0.5, 0.51, 0.49, 0.5, 0.5], 0.9)  # 5 earlier months: too few
    put(con, "T5", "COV_ESTABLISHMENT_RATE", noisy, 0.90, status="U")  # low base: not scored
    yield settings, con
    con.close()


def test_the_report_lists_scored_outliers_and_flat_histories_but_not_short_ones(warehouse):
    settings, con = warehouse
    rows = {r[0]: r for r in outliers(con, settings, PERIOD)}
    assert set(rows) == {"T1", "T3"}
    area, _, value, median, mad, months, z = rows["T1"]
    assert (value, median, months) == (0.9, 0.5, 8) and mad == pytest.approx(0.005)
    assert z == pytest.approx(0.6745 * 0.4 / 0.005)
    assert rows["T3"][4] == 0 and rows["T3"][6] is None  # MAD 0: listed, no z


def test_the_period_gate_warns_on_scored_outliers_only(warehouse):
    settings, con = warehouse
    check = next(c for c in suite_checks(PERIOD_SUITE) if c.name == "outliers")
    assert check.severity == "warning"
    figure = measure(con, check, {**check_params(settings, PERIOD), "source": None, "new_files": None})
    assert figure.observed == 1 and "T1/COV_ESTABLISHMENT_RATE" in figure.examples
    stricter = Settings.from_env(warehouse_path=settings.warehouse_path, outlier_z=60.0)
    assert measure(con, check, {**check_params(stricter, PERIOD), "source": None, "new_files": None}).observed == 0
