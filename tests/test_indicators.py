"""Every indicator of the contract, worked out by hand on the small county of indicator_fixture.

Period 2026-10 (E = 2026-10-31), threshold 25 unless a test says otherwise. The arithmetic is
written out so a reader can follow it from the rows in tests/indicator_fixture.py.
"""

from __future__ import annotations

import statistics
from decimal import Decimal

import pytest

from pipelines.indicators.catalog import CATALOG, county_only_codes
from pipelines.indicators.compute import IndicatorError, compute_indicators
from pipelines.indicators.period import BadPeriod
from pipelines.indicators.rounding import DECIMALS, format_value, round_half_away
from pipelines.settings import Settings
from pipelines.warehouse import connect
from tests.indicator_fixture import COUNTY, S1, T1, T2, build_county

P = "2026-10"


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    build_county(con)
    yield con
    con.close()


def figures(con, period: str = P, threshold: int = 25) -> dict[tuple[str, str], tuple]:
    """Compute the period and return {(ref_area, indicator): (value, obs_status)}."""
    compute_indicators(con, period, threshold)
    rows = con.execute(
        "SELECT ref_area, indicator, value, obs_status FROM marts.indicators WHERE period = ?", [period]
    ).fetchall()
    return {(area, code): (value, status) for area, code, value, status in rows}


def check(got: dict, expected: dict[str, dict[str, tuple]]) -> None:
    """Assert each expected (value, status) per indicator and area; None means missing."""
    for code, per_area in expected.items():
        for area, (value, status) in per_area.items():
            got_value, got_status = got[(area, code)]
            assert got_status == status, (code, area, got_value, got_status)
            if value is None:
                assert got_value is None, (code, area, got_value)
            else:
                assert got_value == pytest.approx(value, rel=1e-12, abs=1e-12), (code, area)


def test_every_area_has_every_indicator_once_and_balance_only_for_the_county(con):
    assert len(CATALOG) == 40
    # 4 areas (county, T1, T2, S1) x 30 general indicators + 10 county-only balance figures
    assert compute_indicators(con, P, 25) == 4 * 30 + 10
    rows = con.execute("SELECT ref_area, indicator FROM marts.indicators WHERE period = ?", [P]).fetchall()
    assert len(rows) == len(set(rows))
    codes = {ind.code for ind in CATALOG}
    for area in (COUNTY, T1, T2, S1):
        expected = codes if area == COUNTY else codes - county_only_codes()
        assert {code for a, code in rows if a == area} == expected
    assert {a for a, code in rows if code.startswith("BAL_")} == {COUNTY}


def test_coverage_of_units(con):
    # Active units at E. T1: U01 100, U02 30 (10-15 version), U03 20, U04 10, U05 26 (U06 closed);
    # T2: U07 40 (tie: later batch), U08 25 (09-30 version beats the older 99), U09 3 (U12: no state);
    # S1: U10 60, U11 45.
    # Required (>= 25): T1 U01 U02 U05; T2 U07 U08; S1 U10 U11. Established (union founded <= E):
    # T1 U01 U02 (U05's union is founded 11-03); T2 U07; S1 U10 U11.
    check(figures(con), {
        "COV_UNITS_REQUIRED": {COUNTY: (7, "A"), T1: (3, "A"), T2: (2, "A"), S1: (2, "A")},
        "COV_UNITS_ESTABLISHED": {COUNTY: (5, "A"), T1: (2, "A"), T2: (1, "A"), S1: (2, "A")},
        "COV_ESTABLISHMENT_RATE": {COUNTY: (5 / 7, "A"), T1: (2 / 3, "U"), T2: (1 / 2, "U"), S1: (1.0, "U")},
        "COV_EMPLOYEES": {T1: (100 + 30 + 20 + 10 + 26, "A"), T2: (40 + 25 + 3, "A"), S1: (60 + 45, "A"),
                          COUNTY: (186 + 68 + 105, "A")},
        # members of active units with has_union (U05 counts: has_union, though founded after E)
        "COV_MEMBERS": {T1: (80 + 20 + 15 + 8 + 20, "A"), T2: (38 + 3, "A"), S1: (60 + 40, "A"),
                        COUNTY: (143 + 41 + 100, "A")},
        "COV_MEMBERSHIP_RATE": {T1: (143 / 186, "A"), T2: (41 / 68, "A"), S1: (100 / 105, "A"),
                                COUNTY: (284 / 359, "A")},
        # migrant_employees null reads as 0 (U05, U07)
        "COV_MIGRANT_EMPLOYEES": {T1: (40 + 10 + 5 + 0 + 0, "A"), T2: (0 + 20 + 0, "A"), S1: (0, "A"),
                                  COUNTY: (75, "A")},
    })


def test_registered_members_and_their_attribution(con):
    # Active at E: M01 M03 (left after E) M04 M05 M06 M07 M08 M09 M12 (joined on E);
    # not: M02 (left before E), M10 (joined after E), M11 (left on E).
    # T1: M01, M03, M05 (unit U12 has no state at E -> village V11 -> T1), M07 (closed U06 has a state);
    # T2: M04, M06 (village V21); S1: M08, M12; county only: M09 (unknown unit, no village).
    check(figures(con), {
        "COV_REGISTERED_MEMBERS": {COUNTY: (9, "A"), T1: (4, "A"), T2: (2, "A"), S1: (2, "A")},
        "COV_MIGRANT_MEMBERS": {COUNTY: (3, "A"), T1: (2, "A"), T2: (0, "A"), S1: (0, "A")},  # M03 M05 (+M09)
        "COV_REALNAME_RATE": {COUNTY: (9 / 284, "A"), T1: (4 / 143, "A"), T2: (2 / 41, "A"), S1: (2 / 100, "A")},
    })


def test_village_union_rate(con):
    # V11: village unit U04, union 2018 -> yes. V12: village unit U05's union founded after E -> no
    # (U03 has a union in V12 but is an enterprise). V21: U09 -> yes. A system has no villages.
    check(figures(con), {
        "COV_VILLAGE_UNION_RATE": {COUNTY: (2 / 3, "U"), T1: (1 / 2, "U"), T2: (1 / 1, "U"), S1: (None, "M")},
    })


def test_balance_across_townships_and_systems(con):
    # establishment rates: T1 2/3, T2 1/2, S1 2/2
    mean = (2 / 3 + 1 / 2 + 1) / 3  # = 13/18
    # population variance: ((-1/18)^2 + (-4/18)^2 + (5/18)^2) / 3 = 42/324/3 = 7/162
    estab_cv = (7 / 162) ** 0.5 / mean
    # sum over ordered pairs of |xi - xj| = 2 * (1/6 + 1/3 + 1/2) = 2; Gini = 2 / (2 * 3^2 * 13/18) = 2/13
    estab_gini = 2 / (2 * 9 * mean)
    memb = [143 / 186, 41 / 68, 100 / 105]
    memb_cv = statistics.pstdev(memb) / statistics.mean(memb)
    memb_gini = sum(abs(a - b) for a in memb for b in memb) / (2 * 9 * statistics.mean(memb))
    check(figures(con), {
        "BAL_ESTAB_MIN": {COUNTY: (0.5, "A")},
        "BAL_ESTAB_MAX": {COUNTY: (1.0, "A")},
        "BAL_ESTAB_CV": {COUNTY: (estab_cv, "A")},
        "BAL_ESTAB_GINI": {COUNTY: (estab_gini, "A")},
        # county 5/7 = 0.714 - 0.10 = 0.614: T2 (0.5) lags, T1 (0.667) does not
        "BAL_ESTAB_LAGGARDS": {COUNTY: (1, "A")},
        "BAL_MEMB_MIN": {COUNTY: (41 / 68, "A")},
        "BAL_MEMB_MAX": {COUNTY: (100 / 105, "A")},
        "BAL_MEMB_CV": {COUNTY: (memb_cv, "A")},
        "BAL_MEMB_GINI": {COUNTY: (memb_gini, "A")},
        # county 284/359 = 0.791 - 0.10 = 0.691: T2 (0.603) lags, T1 (0.769) does not
        "BAL_MEMB_LAGGARDS": {COUNTY: (1, "A")},
    })
    assert estab_gini == pytest.approx(2 / 13)


def test_mediation(con):
    # T1 received in P: C01 C02 C04 C05 C06 C07 C11 (C03 was received 09-10).
    # T1 closed in P: C01 (15 d, success), C02 (16 d, success), C03 (25 d, failed), C11 (10 d, success);
    #   C06 closes 11-03, after E.  T2: C08 (4 d, withdrawn); C09 closed in September.
    # Pending at E: T1 C04 C05 C06 C07; T2 C10. Overdue (> 15 days before E): C04 (16), C10 (41);
    #   C07 is exactly 15 days old, C05 11, C06 6.
    # Recovery: successes closed in P with both amounts: C01 8000/10000, C11 2000/2000; C02 has no claim.
    check(figures(con), {
        "MED_RECEIVED": {COUNTY: (8, "A"), T1: (7, "A"), T2: (1, "A"), S1: (0, "A")},
        "MED_CLOSED": {COUNTY: (5, "A"), T1: (4, "A"), T2: (1, "A"), S1: (0, "A")},
        "MED_SUCCESS": {COUNTY: (3, "A"), T1: (3, "A"), T2: (0, "A"), S1: (0, "A")},
        # base 5 -> A, base 4 or 1 -> U, base 0 -> M
        "MED_SUCCESS_RATE": {COUNTY: (3 / 5, "A"), T1: (3 / 4, "U"), T2: (0 / 1, "U"), S1: (None, "M")},
        # within 15 days: C01 (day 15), C11, C08; not C02 (day 16) or C03
        "MED_WITHIN_15D_RATE": {COUNTY: (3 / 5, "A"), T1: (2 / 4, "U"), T2: (1 / 1, "U"), S1: (None, "M")},
        # T1 days 10 15 16 25: even count -> (15 + 16) / 2; county 4 10 15 16 25 -> 15; never U
        "MED_MEDIAN_DAYS": {COUNTY: (15.0, "A"), T1: (15.5, "A"), T2: (4.0, "A"), S1: (None, "M")},
        "MED_PENDING_END": {COUNTY: (5, "A"), T1: (4, "A"), T2: (1, "A"), S1: (0, "A")},
        "MED_OVERDUE_PENDING": {COUNTY: (2, "A"), T1: (1, "A"), T2: (1, "A"), S1: (0, "A")},
        "MED_WORKERS": {T1: (2 + 1 + 4 + 1 + 1 + 2 + 1, "A"), T2: (2, "A"), S1: (0, "A"), COUNTY: (14, "A")},
        "MED_AMOUNT_AGREED": {T1: (8000 + 3000 + 2000, "A"), T2: (0, "A"), S1: (0, "A"), COUNTY: (13000, "A")},
        # base is the number of cases summed (2) -> U
        "MED_RECOVERY_RATE": {COUNTY: ((8000 + 2000) / (10000 + 2000), "U"), T1: (10000 / 12000, "U"),
                              T2: (None, "M"), S1: (None, "M")},
    })


def test_grievances(con):
    # T1 received in P: G01 G02 G03 G05 G06 G07 (G04 in September); G08 (T2) came at 09-30 23:59:59.
    # Responded within 24 h: G01 (exactly 86,400 s), G05 (1 h), G06 (2 h); not G02 (24 h + 1 s),
    #   G07 (30 h), G03 (no response).
    # Closed in P: T1 G01 G02 G04 G06 (10-31 23:59:59) G07 — not G05 (11-01 00:00); T2 G08 (10-01 00:00).
    # Resolved: all but G02. Rated (satisfaction not none): G01 satisfied, G02 unsatisfied, G06 basic,
    #   G08 satisfied; G04 'none' and G07 (null = none) are left out.
    check(figures(con), {
        "GRV_RECEIVED": {COUNTY: (6, "A"), T1: (6, "A"), T2: (0, "A"), S1: (0, "A")},
        "GRV_RESPONDED_24H_RATE": {COUNTY: (3 / 6, "A"), T1: (3 / 6, "A"), T2: (None, "M"), S1: (None, "M")},
        "GRV_CLOSED": {COUNTY: (6, "A"), T1: (5, "A"), T2: (1, "A"), S1: (0, "A")},
        "GRV_RESOLVED_RATE": {COUNTY: (5 / 6, "A"), T1: (4 / 5, "A"), T2: (1 / 1, "U"), S1: (None, "M")},
        "GRV_SATISFACTION_RATE": {COUNTY: (3 / 4, "U"), T1: (2 / 3, "U"), T2: (1 / 1, "U"), S1: (None, "M")},
    })


def test_integrated(con):
    # Cases received in P by employer state at E: union C01 (U01), C02 (U02, union since 10-10),
    # C04 (U05 has_union), C06 (U01); non-union C08 (U08); C07's employer U06 is closed, C05 and C11
    # name none. Employees of active union units: T1 186 (all), T2 U07 40 + U09 3, S1 105;
    # non-union: T2 U08 25, none in T1 or S1 (-> M).
    check(figures(con), {
        "INT_DISPUTES_PER_1000": {COUNTY: (8 / 359 * 1000, "A"), T1: (7 / 186 * 1000, "A"),
                                  T2: (1 / 68 * 1000, "A"), S1: (0.0, "A")},
        "INT_DISPUTES_PER_1000_UNION": {COUNTY: (4 / (186 + 43 + 105) * 1000, "A"), T1: (4 / 186 * 1000, "A"),
                                        T2: (0 / 43 * 1000, "A"), S1: (0.0, "A")},
        "INT_DISPUTES_PER_1000_NONUNION": {COUNTY: (1 / 25 * 1000, "A"), T1: (None, "M"),
                                           T2: (1 / 25 * 1000, "A"), S1: (None, "M")},
    })


def test_unit_state_is_taken_at_the_period_end(con):
    # At 2026-09-30: U02 has no union yet, U06 is still active (50 employees), U05 not yet reported.
    # T1 required: U01 100, U02 30, U06 50; established: U01, U06; employees 100 + 30 + 20 + 10 + 50.
    check(figures(con, "2026-09"), {
        "COV_UNITS_REQUIRED": {T1: (3, "A")},
        "COV_UNITS_ESTABLISHED": {T1: (2, "A")},
        "COV_EMPLOYEES": {T1: (210, "A")},
    })
    states = con.execute(
        "SELECT uscc, employees, has_union FROM core.units_at(DATE '2026-10-31') ORDER BY uscc"
    ).fetchall()
    assert [s[0] for s in states] == [f"U{i:02d}" for i in range(1, 12)]  # one row each, no U12
    assert ("U02", 30, True) in states and ("U07", 40, True) in states and ("U08", 25, False) in states


def test_threshold_is_configuration(con, monkeypatch):
    monkeypatch.setenv("UNIONPIPE_EMPLOYEE_THRESHOLD", "50")
    threshold = Settings.from_env().employee_threshold
    # >= 50 employees: U01 (T1, 100) and U10 (S1, 60), both established; T2 has none -> rate M.
    # Balance over {T1, S1}: x = 1, 1 -> CV 0, Gini 0; county 2/2 - 0.10 = 0.9: no laggard.
    check(figures(con, threshold=threshold), {
        "COV_UNITS_REQUIRED": {COUNTY: (2, "A"), T1: (1, "A"), T2: (0, "A"), S1: (1, "A")},
        "COV_ESTABLISHMENT_RATE": {COUNTY: (1.0, "U"), T1: (1.0, "U"), T2: (None, "M"), S1: (1.0, "U")},
        "COV_EMPLOYEES": {COUNTY: (359, "A")},
        "BAL_ESTAB_MIN": {COUNTY: (1.0, "A")},
        "BAL_ESTAB_CV": {COUNTY: (0.0, "A")},
        "BAL_ESTAB_GINI": {COUNTY: (0.0, "A")},
        "BAL_ESTAB_LAGGARDS": {COUNTY: (0, "A")},
    })


def test_balance_with_all_rates_zero_or_no_areas(con):
    con.execute("UPDATE core.units SET has_union = false, union_founded = NULL, members = 0")
    zero = {"MIN": (0.0, "A"), "MAX": (0.0, "A"), "CV": (None, "M"), "GINI": (None, "M"), "LAGGARDS": (0, "A")}
    check(figures(con), {f"BAL_{fam}_{stat}": {COUNTY: v} for fam in ("ESTAB", "MEMB") for stat, v in zero.items()})
    con.execute("DELETE FROM core.units")
    got = figures(con)
    assert all(got[(COUNTY, code)] == (None, "M") for code in county_only_codes())
    check(got, {"COV_UNITS_REQUIRED": {COUNTY: (0, "A")}, "COV_ESTABLISHMENT_RATE": {T1: (None, "M")}})


def test_laggards_are_compared_exactly(con):
    # T1 7 of 10 established, T2 9 of 10: county 16/20 = 0.8; 0.8 - 0.10 = 0.7 exactly, and T1's 0.7
    # is not below it (in floating point 0.8 - 0.1 is 0.7000000000000001, which would say it is).
    con.execute("DELETE FROM core.units")
    rows = [(f"X{org}{i}", org, i < est) for org, est in ((T1, 7), (T2, 9)) for i in range(10)]
    con.executemany(
        "INSERT INTO core.units (uscc, org_code, unit_type, employees, has_union, union_founded, members,"
        " report_date, batch_seq) VALUES (?, ?, 'enterprise', 30, ?, DATE '2020-01-01', 0, DATE '2026-09-30', 1)",
        rows,
    )
    check(figures(con), {"BAL_ESTAB_LAGGARDS": {COUNTY: (0, "A")}, "COV_ESTABLISHMENT_RATE": {T1: (0.7, "A")}})
    con.execute(f"UPDATE core.units SET has_union = false WHERE uscc = 'X{T1}6'")  # T1 6/10 < 15/20 - 0.1
    check(figures(con), {"BAL_ESTAB_LAGGARDS": {COUNTY: (1, "A")}})


def test_recomputing_replaces_only_that_period(con):
    compute_indicators(con, "2026-09", 25)
    compute_indicators(con, P, 25)
    con.execute("DELETE FROM core.mediation WHERE case_no = 'C08'")  # a later correction
    assert compute_indicators(con, P, 25) == 130
    counts = dict(con.execute("SELECT period, count(*) FROM marts.indicators GROUP BY period").fetchall())
    assert counts == {"2026-09": 130, P: 130}
    received = con.execute(
        "SELECT value FROM marts.indicators WHERE period = ? AND ref_area = ? AND indicator = 'MED_RECEIVED'",
        [P, COUNTY],
    ).fetchone()[0]
    assert received == 7


@pytest.mark.parametrize("period", ["2026-13", "2026-1", "202610", "2026-10; DROP TABLE x", ""])
def test_bad_period_is_refused(con, period):
    with pytest.raises(BadPeriod, match="bad_period"):
        compute_indicators(con, period, 25)


def test_regions_without_a_county_are_refused(con):
    compute_indicators(con, P, 25)
    con.execute("DELETE FROM core.regions WHERE level = 'county'")
    with pytest.raises(IndicatorError, match="no_single_county"):
        compute_indicators(con, P, 25)
    # the failed run left the period's earlier rows in place
    assert con.execute("SELECT count(*) FROM marts.indicators WHERE period = ?", [P]).fetchone()[0] == 130


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (0.12345, 4, "0.1235"),
    (-0.5, 0, "-1"),
    (0.5, 0, "1"),
    (2.5, 0, "3"),
    (1.005, 2, "1.01"),
    (-0.00001, 4, "0.0000"),
    (15.0, 1, "15.0"),
    (2 / 3, 4, "0.6667"),
    (40.0, 2, "40.00"),
    (1e-7, 4, "0.0000"),
    (Decimal("2.675"), 2, "2.68"),
])
def test_round_half_away_from_zero(value, decimals, text):
    assert format(round_half_away(value, decimals), "f") == text


def test_values_are_written_with_their_unit_decimals():
    assert DECIMALS == {"RATIO": 4, "DAYS": 1, "CNY": 2, "PER_1000": 2, "COUNT": 0}
    assert format_value(5 / 7, "RATIO") == "0.7143"
    assert format_value(15.5, "DAYS") == "15.5"
    assert format_value(13000.0, "CNY") == "13000.00"
    assert format_value(8 / 359 * 1000, "PER_1000") == "22.28"
    assert format_value(359.0, "COUNT") == "359"
    assert format_value(None, "RATIO") == ""
    with pytest.raises(ValueError):
        round_half_away(float("nan"), 4)
