"""Publishing a period: the refusal rules, the SDMX-CSV file and its manifest, versions, the personal-data guard.

The county is tests/indicator_fixture.py's; the figures checked here are worked out in tests/test_indicators.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines.publish.completeness import latest_complete_period, missing_sources
from pipelines.publish.package import PublishRefused, publish_period
from pipelines.publish.pii_guard import csv_hits, manifest_hits
from pipelines.publish.province.package import read_package
from pipelines.publish.versions import write_version
from pipelines.settings import Settings
from pipelines.warehouse import connect
from tests.indicator_fixture import COUNTY, S1, T1
from tests.publish_fixture import BATCHES, P, build_publishable, register_batch

HEADER = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,TIME_PERIOD,INDICATOR,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"
ROW = "dataflow,UNION:RIGHTS_IND(1.0),I,M,{},2026-10,{},{},{},{}"


@pytest.fixture
def settings(tmp_path):
    return Settings.from_env(warehouse_path=str(tmp_path / "w.duckdb"), published_dir=str(tmp_path / "published"))


@pytest.fixture
def con(settings):
    con = connect(settings.warehouse_path)
    build_publishable(con)
    yield con
    con.close()


def package_dirs(root: Path) -> list[str]:
    """Every folder under root/<county>/<period>/, hidden ones included."""
    folder = Path(root) / COUNTY / P
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def publications(con) -> list[tuple]:
    return con.execute("SELECT version, path, indicators_sha256 FROM audit.publications ORDER BY version").fetchall()


def test_refuses_while_the_period_is_incomplete_and_names_the_missing_sources(tmp_path, settings):
    con = connect(settings.warehouse_path)
    # units has a batch after E; members only before it; mediation none; grievances' late file was rejected.
    build_publishable(con, [b for b in BATCHES if b[0] in ("regions", "units")])
    register_batch(con, "members", "20261030_members.csv", date(2026, 10, 30))
    register_batch(con, "members", "20261031_members.csv", date(2026, 10, 31))  # on E is not after E
    register_batch(con, "grievances", "20261102_grievances.csv", date(2026, 11, 2), status="rejected")
    assert missing_sources(con, P) == ["members", "mediation", "grievances"]
    with pytest.raises(PublishRefused) as refused:
        publish_period(con, settings, P, tmp_path / "out")
    err = refused.value
    assert err.code == "PERIOD_INCOMPLETE"
    assert [item.split(" ")[0] for item in err.items] == ["members", "mediation", "grievances"]
    assert "latest loaded batch 2026-10-31" in err.items[0] and "latest loaded batch none" in err.items[1]
    assert "会员实名登记" in err.message_zh and "2026-10-31 之后" in err.message_zh
    assert "基层单位" not in err.message_zh
    assert not (tmp_path / "out").exists()
    assert con.execute("SELECT count(*) FROM marts.indicators").fetchone()[0] == 0  # refused before computing
    assert missing_sources(con, "2026-09") == ["mediation", "grievances"]  # members' October files count
    con.close()


def test_refuses_while_a_blocking_check_fails_and_names_it(tmp_path, con, settings):
    # Publishing runs the gate on the data it is built from: a unit under an unknown org is caught there.
    con.execute("UPDATE core.units SET org_code = '140431999' WHERE uscc = 'U01'")
    with pytest.raises(PublishRefused) as refused:
        publish_period(con, settings, P, tmp_path / "out")
    err = refused.value
    assert err.code == "BLOCKING_CHECKS_FAILED"
    assert len(err.items) == 1
    assert "core_units__org_resolves" in err.items[0] and "core.units" in err.items[0]
    assert "observed 1" in err.items[0] and "140431999" in err.items[0]
    assert "core_units__org_resolves（core.units）" in err.message_zh
    assert not (tmp_path / "out").exists()
    # The data is corrected: the gate passes on the next attempt, and the manifest says what passed.
    con.execute("UPDATE core.units SET org_code = (SELECT org_code FROM core.units WHERE uscc = 'U02' LIMIT 1) "
                "WHERE uscc = 'U01'")
    result = publish_period(con, settings, P, tmp_path / "out")
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    passed = {c["check_name"] for c in manifest["checks_passed"]}
    assert {"core_units__org_resolves", "core_regions__one_county", "marts_indicators__grid"} <= passed
    assert all(c["severity"] in ("blocking", "warning") for c in manifest["checks_passed"])


def test_a_complete_period_publishes_the_contract_file(con, settings):
    result = publish_period(con, settings, P)
    path = settings.published_root / COUNTY / P / "v1"
    got = (result.county_code, result.period, result.version, result.path, result.created)
    assert got == (COUNTY, P, 1, path, True)
    data = (path / "indicators.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
    lines = data.decode("utf-8").split("\n")[:-1]
    assert lines[0] == HEADER
    assert len(lines) - 1 == result.observations == 130
    keys = [tuple(line.split(",")[i] for i in (4, 6)) for line in lines[1:]]
    assert keys == sorted(keys)
    # the county (6 digits) sorts before its townships; BAL_ before COV_; codes compared by code point
    assert lines[1] == ROW.format(COUNTY, "BAL_ESTAB_CV", "0.2878", "RATIO", "A")
    assert [k for a, k in keys if a == COUNTY][-3:] == ["MED_SUCCESS_RATE", "MED_WITHIN_15D_RATE", "MED_WORKERS"]
    assert keys.index((T1, "COV_EMPLOYEES")) == keys.index((COUNTY, "MED_WORKERS")) + 1
    for row in [
        ROW.format(COUNTY, "COV_ESTABLISHMENT_RATE", "0.7143", "RATIO", "A"),  # 5/7
        ROW.format(T1, "COV_ESTABLISHMENT_RATE", "0.6667", "RATIO", "U"),  # 2/3, base 3
        ROW.format(S1, "COV_ESTABLISHMENT_RATE", "1.0000", "RATIO", "U"),  # exactly 4 decimals
        ROW.format(S1, "COV_VILLAGE_UNION_RATE", "", "RATIO", "M"),  # a system has no villages
        ROW.format(S1, "MED_MEDIAN_DAYS", "", "DAYS", "M"),
        ROW.format(T1, "MED_MEDIAN_DAYS", "15.5", "DAYS", "A"),
        ROW.format(COUNTY, "MED_AMOUNT_AGREED", "13000.00", "CNY", "A"),
        ROW.format(COUNTY, "MED_RECOVERY_RATE", "0.8333", "RATIO", "U"),  # 10000/12000 over 2 cases
        ROW.format(COUNTY, "INT_DISPUTES_PER_1000", "22.28", "PER_1000", "A"),  # 8/359 x 1000
        ROW.format(COUNTY, "COV_EMPLOYEES", "359", "COUNT", "A"),
    ]:
        assert row in lines, row
    assert "".join(h.text() + ";" for h in result.headline) == (
        "建会率 71.43%;入会率 79.11%;调解成功率 60.00%;诉求24小时响应率 50.00%;")
    assert result.summary().startswith(f"{COUNTY} {P} v1（新版本）：130 项指标，建会率 71.43%")


def test_the_manifest_describes_the_package(con, settings):
    result = publish_period(con, settings, P)
    data = (result.path / "indicators.csv").read_bytes()
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["county_code"] == COUNTY and manifest["period"] == P and manifest["version"] == 1
    assert manifest["indicators_sha256"] == hashlib.sha256(data).hexdigest() == result.indicators_sha256
    assert manifest["generated_at"].endswith("+08:00") and manifest["generated_at"][10] == "T"
    assert manifest["observations"] == 130 and manifest["employee_threshold"] == 25
    assert [(b["source"], b["file_name"], b["batch_date"]) for b in manifest["batches"]] == [
        (s, name, d.isoformat()) for s, name, d in BATCHES]
    assert all(len(b["sha256"]) == 64 for b in manifest["batches"])
    assert manifest["checks_passed"] and not any(c["severity"] == "blocking" for c in manifest["warnings_failed"])
    # The push client reads it as is.
    package = read_package(result.path)
    assert (package.county_code, package.period, package.version, package.checksum) == (
        COUNTY, P, 1, manifest["indicators_sha256"])
    assert {"ref_area": COUNTY, "indicator": "COV_ESTABLISHMENT_RATE", "value": 0.7143, "unit": "RATIO",
            "status": "A"} in package.observations
    assert publications(con) == [(1, str(result.path), result.indicators_sha256)]


def test_publishing_unchanged_content_again_makes_no_new_version(con, settings):
    first = publish_period(con, settings, P)
    manifest = (first.path / "manifest.json").read_bytes()
    again = publish_period(con, settings, P)
    assert (again.version, again.path, again.created) == (1, first.path, False)
    assert package_dirs(settings.published_root) == ["v1"]
    assert (first.path / "manifest.json").read_bytes() == manifest
    assert len(publications(con)) == 1


def test_changed_data_makes_the_next_version_and_leaves_the_old_one(con, settings):
    first = publish_period(con, settings, P)
    v1 = {name: (first.path / name).read_bytes() for name in ("indicators.csv", "manifest.json")}
    # a late correction: one more case received in October
    con.execute("INSERT INTO core.mediation (case_no, received, org_code, workers, outcome) "
                "VALUES ('C12', DATE '2026-10-10', ?, 1, 'pending')", [T1])
    second = publish_period(con, settings, P)
    assert (second.version, second.created) == (2, True)
    assert package_dirs(settings.published_root) == ["v1", "v2"]
    assert {name: (first.path / name).read_bytes() for name in v1} == v1
    assert ROW.format(COUNTY, "MED_RECEIVED", "8", "COUNT", "A") in v1["indicators.csv"].decode()
    assert ROW.format(COUNTY, "MED_RECEIVED", "9", "COUNT", "A") in (second.path / "indicators.csv").read_text()
    assert [v for v, *_ in publications(con)] == [1, 2]
    assert json.loads((second.path / "manifest.json").read_text())["version"] == 2


def test_another_out_dir_gets_the_same_version_or_the_next_number(tmp_path, con, settings):
    first = publish_period(con, settings, P)
    copy = publish_period(con, settings, P, tmp_path / "out")
    assert (copy.version, copy.created, copy.path) == (1, False, tmp_path / "out" / COUNTY / P / "v1")
    for name in ("indicators.csv", "manifest.json"):  # byte for byte: one body per Idempotency-Key
        assert (copy.path / name).read_bytes() == (first.path / name).read_bytes()
    con.execute("DELETE FROM core.grievances WHERE ticket_no = 'G02'")
    changed = publish_period(con, settings, P, tmp_path / "elsewhere")
    assert (changed.version, changed.created) == (2, True)
    assert package_dirs(tmp_path / "elsewhere") == ["v2"]


def test_an_unchanged_version_is_rebuilt_with_its_recorded_time_or_refused_over_a_foreign_folder(tmp_path, con,
                                                                                                 settings):
    first = publish_period(con, settings, P)
    made = json.loads((first.path / "manifest.json").read_text())["generated_at"]
    data = (first.path / "indicators.csv").read_bytes()
    shutil.rmtree(first.path)  # the first copy is gone (another machine, a cleaned disk)
    again = publish_period(con, settings, P, tmp_path / "out")
    assert (again.version, again.created) == (1, False)
    assert again.path == tmp_path / "out" / COUNTY / P / "v1"
    assert (again.path / "indicators.csv").read_bytes() == data
    assert json.loads((again.path / "manifest.json").read_text())["generated_at"] == made
    assert read_package(again.path).checksum == first.indicators_sha256
    # a v1 folder with other content where this v1 would go: never overwritten, and said so
    write_version(tmp_path / "other" / COUNTY / P / "v1", {"indicators.csv": b"x\n", "manifest.json": b"{}\n"})
    with pytest.raises(PublishRefused) as refused:
        publish_period(con, settings, P, tmp_path / "other")
    assert refused.value.code == "VERSION_FOLDER_CONFLICT"
    assert (tmp_path / "other" / COUNTY / P / "v1" / "indicators.csv").read_bytes() == b"x\n"


def test_a_version_number_the_province_has_seen_is_never_reused(con, settings):
    con.execute("INSERT INTO audit.pushes (push_id, county_code, period, version, idempotency_key, checksum, attempt,"
                " url, outcome, started_at, finished_at) VALUES ('p', ?, ?, 3, 'k', 'c', 1, 'u', 'accepted',"
                " now(), now())", [COUNTY, P])
    assert publish_period(con, settings, P).version == 4


def test_a_failed_write_leaves_no_half_package_and_no_record(con, settings):
    target = settings.published_root / COUNTY / P / "v1"
    with pytest.raises(TypeError):
        write_version(target, {"indicators.csv": b"x\n", "manifest.json": None})
    assert package_dirs(settings.published_root) == []  # neither v1 nor a temporary folder
    write_version(target, {"indicators.csv": b"x\n"})
    with pytest.raises(FileExistsError):
        write_version(target, {"indicators.csv": b"y\n"})
    assert (target / "indicators.csv").read_bytes() == b"x\n"
    # a stray folder is not a recorded version, but its number is not taken again
    result = publish_period(con, settings, P)
    assert result.version == 2 and package_dirs(settings.published_root) == ["v1", "v2"]


def test_latest_complete_period(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    assert latest_complete_period(con) is None
    build_publishable(con, [b for b in BATCHES if b[0] != "members"])
    assert latest_complete_period(con) is None  # members never arrived
    register_batch(con, "members", "20261001_members.csv", date(2026, 10, 1))
    assert latest_complete_period(con) == "2026-09"
    register_batch(con, "members", "20261103_members.csv", date(2026, 11, 3))
    assert latest_complete_period(con) == "2026-10"  # grievances' 11-02 is the earliest latest batch
    register_batch(con, "regions", "20270105_regions.csv", date(2027, 1, 5))  # regions never decides
    for source in ("units", "members", "mediation"):
        register_batch(con, source, f"20270101_{source}.csv", date(2027, 1, 1))
    register_batch(con, "grievances", "20270110_grievances.csv", date(2027, 1, 10), status="rejected")
    assert latest_complete_period(con) == "2026-10"
    register_batch(con, "grievances", "20270101_grievances.csv", date(2027, 1, 1))
    assert latest_complete_period(con) == "2026-12"  # across the year
    con.close()


def test_the_guard_finds_id_and_mobile_numbers_but_not_codes_figures_or_digests():
    ok = (HEADER + "\n" + ROW.format("140431100201", "MED_AMOUNT_AGREED", "12345678.90", "CNY", "A") + "\n"
          + ROW.format(COUNTY, "INT_DISPUTES_PER_1000", "0.1234567890123456789", "PER_1000", "A") + "\n").encode()
    assert csv_hits(ok) == []
    bad = (HEADER + "\n" + ROW.format("11010519491231002X", "COV_EMPLOYEES", "3", "COUNT", "A") + "\n"
           + ROW.format(COUNTY, "COV_EMPLOYEES", "13812345678", "COUNT", "A") + "\n").encode()
    assert csv_hits(bad) == ["indicators.csv line 2: id_number", "indicators.csv line 3: mobile"]
    digest = "13812345678" + "a" * 53
    manifest = {"county_code": COUNTY, "indicators_sha256": digest, "generated_at": "2026-11-06T02:00:00+08:00",
                "batches": [{"file_name": "20261101_members.csv", "sha256": digest}]}
    assert manifest_hits(manifest) == []
    manifest["batches"].append({"file_name": "20261101_张三13812345678.csv", "sha256": digest})
    assert manifest_hits(manifest) == ["manifest.json batches[1]: mobile"]


def test_personal_data_never_reaches_a_package(tmp_path, con, settings):
    register_batch(con, "members", "20261104_members_13812345678.csv", date(2026, 11, 4))
    with pytest.raises(PublishRefused) as refused:
        publish_period(con, settings, P, tmp_path / "out")
    assert refused.value.code == "PERSONAL_DATA_SUSPECTED"
    assert refused.value.items == ["manifest.json batches[4]: mobile"]
    assert "13812345678" not in str(refused.value)
    assert package_dirs(tmp_path / "out") == [] and publications(con) == []
    # an area code shaped like an ID number would be published in REF_AREA: refused too
    con.execute("DELETE FROM audit.files WHERE file_name LIKE '%13812345678%'")
    con.execute("UPDATE core.regions SET code = '11010519491231002X' WHERE code = ?", [S1])
    con.execute("UPDATE core.units SET org_code = '11010519491231002X' WHERE org_code = ?", [S1])
    with pytest.raises(PublishRefused) as refused:
        publish_period(con, settings, P, tmp_path / "out")
    assert refused.value.code == "PERSONAL_DATA_SUSPECTED"
    assert refused.value.items[0].endswith(": id_number")
    assert package_dirs(tmp_path / "out") == []
