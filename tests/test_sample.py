"""The seeded sample county: deterministic, named and encoded as the contract says, valid where it should be."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, datetime

import fastexcel
import pytest
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.ingest.specs import SOURCES
from pipelines.sample import FileReport, SampleReport, generate_sample
from pipelines.sample.defects.catalog import KINDS

NULLS = {"", "-", "/", "无", "null", "n/a"}
DATE_FORMS = [r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{4})/(\d{1,2})/(\d{1,2})", r"(\d{4})\.(\d{1,2})\.(\d{1,2})",
              r"(\d{4})(\d{2})(\d{2})", r"(\d{4})年(\d{1,2})月(\d{1,2})日"]
TIME_FORM = r"(\d{2}):(\d{2})(?::(\d{2}))?"
NAME = re.compile(r"^(regions|units|members|mediation|grievances)/(\d{8})_[^/]+\.(csv|xlsx)$")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> SampleReport:
    return generate_sample(tmp_path_factory.mktemp("small"), scale=0.1)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> SampleReport:
    return generate_sample(tmp_path_factory.mktemp("full"))


def is_null(value) -> bool:
    return value is None or str(value).strip().casefold() in NULLS


def rows_of(report: SampleReport, f: FileReport) -> list[tuple[int, dict]]:
    """(row number as the officer sees it, {canonical column: cell text}) for every data row."""
    path = report.out_dir / f.path
    if f.fmt == "xlsx":
        sheet = fastexcel.read_excel(path).load_sheet(0, header_row=None, skip_rows=0, dtypes="string")
        lines = [list(r) for r in sheet.to_polars().iter_rows()]
    else:
        text = path.read_bytes().decode("utf-8-sig" if f.encoding == "utf-8-sig" else f.encoding)
        lines = list(csv.reader(io.StringIO(text, newline="")))
    return [(i + 1, dict(zip(f.columns, lines[i]))) for i in range(f.header_row, len(lines))]


def parse_date(text: str, excel: bool) -> date | None:
    if excel and re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", text):  # an Excel date cell read as text
        text = text[:10]
    for form in DATE_FORMS:
        m = re.fullmatch(form, text)
        if m:
            try:
                return date(*map(int, m.groups()))
            except ValueError:
                return None
    return None


def parse_datetime(text: str) -> datetime | None:
    day, _, clock = text.partition(" ")
    d, t = parse_date(day, False), re.fullmatch(TIME_FORM, clock)
    return datetime(d.year, d.month, d.day, int(t[1]), int(t[2]), int(t[3] or 0)) if d and t else None


def id_ok(number: str) -> bool:
    """GB 11643 by python-stdnum: check character and a real birth date (stdnum's birth-place table
    knows 140431 only from 1985, when that code was created, so the place is checked from then on)."""
    number = ric.compact(number)
    try:
        born = ric.get_birth_date(number)
    except (ValidationError, ValueError):
        return False
    place_ok = born.year < 1985 or ric.is_valid(number)
    return len(number) == 18 and number[:17].isdigit() and ric.calc_check_digit(number) == number[-1] and place_ok


def test_same_seed_gives_byte_identical_files(small, tmp_path):
    again = generate_sample(tmp_path / "again", scale=0.1)
    other = generate_sample(tmp_path / "other", scale=0.1, seed=7)
    paths = sorted(f.path for f in small.files)
    assert paths == sorted(f.path for f in again.files)
    assert all((small.out_dir / p).read_bytes() == (again.out_dir / p).read_bytes() for p in paths)
    assert again.defects == small.defects
    first = [next(f for f in r.files if f.source == "members") for r in (small, other)]
    assert (small.out_dir / first[0].path).read_bytes() != (other.out_dir / first[1].path).read_bytes()


def test_file_names_and_batches_follow_the_contract(small):
    on_disk = sorted(str(p.relative_to(small.out_dir)) for p in small.out_dir.rglob("*") if p.is_file())
    assert on_disk == sorted(f.path for f in small.files)
    batches: dict[str, set[date]] = {}
    for f in small.files:
        m = NAME.match(f.path)
        assert m, f.path
        assert datetime.strptime(m[2], "%Y%m%d").date() == f.batch_date
        batches.setdefault(f.source, set()).add(f.batch_date)
    assert len(batches["regions"]) == 1 and min(batches["regions"]) < min(batches["units"])
    expected = {date(2025 + (11 + k) // 12, (11 + k) % 12 + 1, 5) for k in range(12)}  # 2025-12-05 … 2026-11-05
    for source in ("units", "members", "mediation", "grievances"):
        assert batches[source] == expected


def test_every_form_appears_and_encodings_are_what_they_claim(small):
    forms = Counter(f.encoding for f in small.files)
    assert set(forms) == {"xlsx", "gb18030", "utf-8", "utf-8-sig"}
    for f in small.files:
        raw = (small.out_dir / f.path).read_bytes()
        if f.encoding == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            raw.decode("gb18030")
        elif f.encoding in ("utf-8", "utf-8-sig"):
            assert raw.startswith(b"\xef\xbb\xbf") == (f.encoding == "utf-8-sig")
            raw.decode("utf-8")


def test_workbooks_have_a_title_and_a_blank_row_above_chinese_headers(small):
    books = [f for f in small.files if f.fmt == "xlsx"]
    assert books and all(f.header_row == 3 for f in books)
    for f in books:
        sheet = fastexcel.read_excel(small.out_dir / f.path).load_sheet(0, header_row=None, skip_rows=0,
                                                                         dtypes="string").to_polars()
        title, blank, header = (list(sheet.row(i)) for i in range(3))
        assert title[0] and re.search(r"[\u4e00-\u9fff]", title[0])
        assert all(is_null(c) for c in blank)
        zh = {c.name: c.zh for c in SOURCES[f.source].columns}
        assert [h.strip(" \u3000") for h in header[:len(f.columns)]] == [zh[c] for c in f.columns]


def test_identifiers_check_out_with_stdnum_except_the_injected_bad_ones(small):
    checks = {"id_number": id_ok, "applicant_id": id_ok, "complainant_id": id_ok,
              "uscc": uscc.is_valid, "unit_uscc": uscc.is_valid, "employer_uscc": uscc.is_valid}
    seen = Counter()
    for f in small.files:
        bad = small.defects_in(f.path)
        for row, cells in rows_of(small, f):
            for column, valid in checks.items():
                value = cells.get(column)
                if is_null(value):
                    continue
                spoiled = row in bad and bad[row].kind in ("bad_id_number", "bad_uscc") and bad[row].column == column
                assert valid(value) != spoiled, (f.path, row, column)
                seen[spoiled] += 1
    assert seen[True] >= 4 and seen[False] > 5000


def test_no_date_after_its_batch_except_the_injected_future_dates(small):
    kinds = {s: {c.name: c.kind for c in SOURCES[s].columns} for s in SOURCES}
    future = 0
    for f in small.files:
        bad = small.defects_in(f.path)
        for row, cells in rows_of(small, f):
            for column, text in cells.items():
                kind = kinds[f.source][column]
                if kind not in ("date", "datetime") or is_null(text):
                    continue
                defect = bad.get(row)
                if defect and defect.kind in ("bad_date", "bad_datetime") and defect.column == column:
                    continue
                value = parse_datetime(text) if kind == "datetime" else parse_date(text, f.fmt == "xlsx")
                assert value is not None, (f.path, row, column, text)
                day = value.date() if isinstance(value, datetime) else value
                is_future = bool(defect) and defect.kind == "future_date" and defect.column == column
                assert (day > f.batch_date) == is_future, (f.path, row, column, text)
                future += is_future
    assert future == small.defect_counts()["future_date"]


def test_counts_near_the_targets(full):
    first = {f.source: f for f in full.files if f.batch_date == date(2025, 12, 5)}
    units = [c for r, c in rows_of(full, first["units"]) if r not in full.defects_in(first["units"].path)]
    assert 1150 <= len(units) <= 1210
    big = sum(int(c["employees"].translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "")) >= 25
              for c in units)
    assert 0.6 <= big / len(units) <= 0.73
    latest: dict[str, dict] = {}
    for f in sorted((f for f in full.files if f.source == "members"), key=lambda f: (f.batch_date, f.path)):
        bad = full.defects_in(f.path)
        latest.update((c["id_number"].upper(), c) for r, c in rows_of(full, f) if r not in bad)
    active = [c for c in latest.values() if is_null(c["left"])]
    assert 23_500 <= len(active) <= 26_500
    assert 6_000 <= sum(c["category"] in ("migrant", "农民工") for c in active) <= 8_000
    cases = {c["case_no"] for f in full.files if f.source == "mediation" for _, c in rows_of(full, f)}
    tickets = {c["ticket_no"] for f in full.files if f.source == "grievances" for _, c in rows_of(full, f)}
    assert 250 <= len(cases) <= 350 and 1350 <= len(tickets) <= 1650
    assert {f.source: f.rows for f in full.files if f.source == "regions"} == {"regions": 1 + 14 + 8 + 254}


def test_bad_rows_are_a_small_share_and_every_kind_appears(full):
    rows = sum(full.rows_by_source().values())
    assert 0.003 <= len(full.defects) / rows <= 0.01
    for source, kinds in KINDS.items():
        assert {k.name for k in kinds} == set(full.defect_counts(source)), source


def test_cases_reported_pending_come_back_closed(small):
    outcomes: dict[str, list[str]] = {}
    pending = {"pending", "在办"}
    for f in sorted((f for f in small.files if f.source == "mediation"), key=lambda f: (f.batch_date, f.path)):
        bad = small.defects_in(f.path)
        for row, c in rows_of(small, f):
            if row not in bad:
                outcomes.setdefault(c["case_no"], []).append("pending" if c["outcome"] in pending else "closed")
    moved = [v for v in outcomes.values() if v == ["pending", "closed"]]
    assert moved and all(v in (["pending"], ["closed"], ["pending", "closed"]) for v in outcomes.values())


def test_plain_csv_form_for_benchmarks(tmp_path):
    report = generate_sample(tmp_path, scale=0.05, formats="csv-utf8")
    for f in report.files:
        raw = (tmp_path / f.path).read_bytes()
        header, first = raw.decode("utf-8").splitlines()[:2]
        assert f.path.endswith(".csv") and not raw.startswith(b"\xef\xbb\xbf")
        assert header.split(",") == [c.name for c in SOURCES[f.source].columns]
    units = next(f for f in report.files if f.source == "units")
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", c["report_date"]) for _, c in rows_of(report, units))


def test_the_pipeline_turns_away_exactly_the_injected_rows(small, load_all, tmp_path):
    import duckdb
    outcomes = load_all(small.out_dir, tmp_path / "wh.duckdb")
    assert all(o.status == "loaded" for o in outcomes)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    got: dict[str, dict] = {"quarantine": {}, "warnings": {}}
    for table, found in got.items():
        for src, name, row, code in con.execute(
                f"SELECT source, file_name, row_number, reason_code FROM audit.{table}").fetchall():
            found.setdefault((f"{src}/{name}", row), set()).add(code)
    # Each rejected row carries exactly the contract's code of its kind; warned rows are kept and warned.
    assert got["quarantine"] == {(d.file, d.row): {d.kind} for d in small.defects if d.effect == "reject"}
    assert set(got["warnings"]) == {(d.file, d.row) for d in small.defects if d.effect == "warn"}
    duplicates = Counter(d.file for d in small.defects if d.kind == "duplicate")
    assert {o.file.rel_path: o.rows_duplicate for o in outcomes if o.rows_duplicate} == dict(duplicates)


def test_command_writes_once_then_refuses_a_non_empty_folder(tmp_path):
    runner = CliRunner()
    first = runner.invoke(app, ["sample", "--out", str(tmp_path), "--scale", "0.05"])
    assert first.exit_code == 0, first.output
    assert "members/20251205_" in first.output and "rows" in first.output
    again = runner.invoke(app, ["sample", "--out", str(tmp_path), "--scale", "0.05"])
    assert again.exit_code == 1 and "sample_target_not_empty" in again.output


def test_the_bundled_sample_in_raw_is_what_the_generator_writes(tmp_path):
    """raw/ holds exactly `unionpipe sample` at its defaults: regenerate it with `make sample` after a change."""
    from pipelines.sample import generate_sample
    from pipelines.settings import PROJECT_ROOT

    generate_sample(tmp_path / "raw")
    bundled = {p.relative_to(PROJECT_ROOT / "raw"): p.read_bytes()
               for p in (PROJECT_ROOT / "raw").rglob("*") if p.is_file() and not p.name.startswith(".")}
    fresh = {p.relative_to(tmp_path / "raw"): p.read_bytes() for p in (tmp_path / "raw").rglob("*") if p.is_file()}
    assert sorted(bundled) == sorted(fresh)
    assert [str(k) for k in bundled if bundled[k] != fresh[k]] == []
