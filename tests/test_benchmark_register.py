"""The benchmark's single-file register shape (benchmarks/register.py) is as valid as the sample's rows."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import register  # noqa: E402

MEMBERS = 2000


@pytest.fixture(scope="module")
def shape_dir(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("register")
    return out, register.write_register(out, register.Shape(members=MEMBERS))


def id_valid(number: str) -> bool:
    """GB 11643 by python-stdnum: the check character and a real birth date (not the birth place: stdnum's
    table knows the sample county's 140431 only from 1985, and the contract asks no real area code)."""
    try:
        ric.get_birth_date(number)
    except (ValidationError, ValueError):
        return False
    return len(number) == 18 and number[:17].isdigit() and ric.calc_check_digit(number) == number[-1]


def frame(out: Path, source: str) -> pl.DataFrame:
    (path,) = (out / source).glob("*.csv")
    return pl.read_csv(path, infer_schema=False)


def test_one_batch_one_file_per_source(shape_dir):
    out, facts = shape_dir
    names = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.csv"))
    assert len(names) == 5 and {n.split("/")[1][:9] for n in names} == {"20261105_"}
    assert facts["files"]["members"]["rows"] == MEMBERS and facts["period"] == "2026-10"


def test_members_fill_every_column_validly(shape_dir):
    out, _ = shape_dir
    m, units, regions = frame(out, "members"), frame(out, "units"), frame(out, "regions")
    assert m.height == MEMBERS
    assert all(id_valid(v) for v in m["id_number"]) and m["id_number"].n_unique() == MEMBERS
    for col in ("name", "gender", "category", "unit_uscc", "village_code", "joined", "card_no", "phone"):
        assert m[col].null_count() == 0, col
    assert m["card_no"].n_unique() == MEMBERS
    assert m["phone"].str.contains(r"^1\d{10}$").all()
    odd = m["id_number"].str.slice(16, 1).cast(pl.Int32) % 2 == 1
    assert ((m["gender"] == "M") == odd).all()
    unions = units.filter(pl.col("has_union") == "true")["uscc"]
    assert m["unit_uscc"].is_in(unions.implode()).all()
    villages = regions.filter(pl.col("level") == "village")["code"]
    assert m["village_code"].is_in(villages.implode()).all()
    left = m.filter(pl.col("left").is_not_null())
    assert 0.07 < left.height / MEMBERS < 0.13 and (left["left"] >= left["joined"]).all()
    assert (m["joined"] <= "2026-10-31").all()


def test_codes_and_references_of_the_other_sources(shape_dir):
    out, _ = shape_dir
    units, med, grv = frame(out, "units"), frame(out, "mediation"), frame(out, "grievances")
    assert all(uscc.is_valid(v) for v in units["uscc"]) and units["uscc"].n_unique() == units.height
    for f, col in ((med, "applicant_id"), (grv, "complainant_id")):
        assert all(id_valid(v) for v in f[col].drop_nulls())
    for f in (med, grv):
        assert f["employer_uscc"].drop_nulls().is_in(units["uscc"].implode()).all()


def test_the_load_turns_nothing_away(shape_dir, load_all, tmp_path):
    out, _ = shape_dir
    outcomes = load_all(out, tmp_path / "wh.duckdb")
    assert [o.status for o in outcomes] == ["loaded"] * 5
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM audit.quarantine").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM audit.warnings").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM staging.members").fetchone() == (MEMBERS,)


def test_same_seed_same_bytes(shape_dir, tmp_path):
    out, _ = shape_dir
    register.write_register(tmp_path, register.Shape(members=MEMBERS))
    for path in out.glob("*/*.csv"):
        assert (tmp_path / path.relative_to(out)).read_bytes() == path.read_bytes()


def test_flat_means_every_size_within_20_percent_of_the_median():
    import report

    assert report.spread_pct([10.0, 11.0, 12.0]) == 9.1  # (11 - 10) / 11, the farther of the two ends
    assert report.spread_pct([7.0]) is None
    point = {"load_ok": True, "label": "1M", "peak_rss_mib": 1000.0}
    flat = report._curve_targets({"points": [{**point, "s_per_m": s} for s in (9.0, 10.0, 11.9)]})
    assert flat["curve_s_per_m_spread"]["met"] and flat["curve_memory_spread"]["met"]
    steep = report._curve_targets({"points": [{**point, "s_per_m": s} for s in (7.9, 10.0, 10.5)]})
    assert steep["curve_s_per_m_spread"]["value"] == 21.0 and not steep["curve_s_per_m_spread"]["met"]
