"""`unionpipe status`: what still waits for a resubmission, per township or system, and for how long;
what a later file has fixed drops off the list (members matched through the load's own keyed hash)."""

from __future__ import annotations

from raw_files import (MEDIATION_HEADER, MEMBER_HEADER, TOWN_B, UNIT_HEADER, VILLAGE_B1, id_number, landing, uscc,
                       write_csv)
from test_ingest_rows import U2, case, member, unit
from typer.testing import CliRunner

from pipelines.cli import app

U3 = uscc("91140431MA0000003")
MEMBER = id_number("19850202", "456")
WITHOUT_RECEIVED = [h for h in MEDIATION_HEADER if h != "受理日期"]


def status(monkeypatch, warehouse, today: str) -> dict[str, list[str]]:
    """The waiting list as printed, as {group header: its lines}."""
    monkeypatch.setenv("UNIONPIPE_WAREHOUSE", str(warehouse))  # restored after the test (status sets it)
    monkeypatch.setenv("UNIONPIPE_PII_KEY", "test-key")  # the key load_all hashed with
    done = CliRunner().invoke(app, ["status", "--warehouse", str(warehouse), "--today", today])
    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    waiting = done.output.split("待重新报送 Awaiting a corrected resubmission", 1)[1].splitlines()[1:]
    groups: dict[str, list[str]] = {}
    header = ""  # "nothing waits" comes under no header
    for line in waiting:
        if line.startswith("  "):
            groups.setdefault(header, []).append(line.strip())
        elif line.strip():
            header = line.strip()
            groups[header] = []
    return groups


def test_rejected_rows_and_files_wait_per_township_until_a_later_file_fixes_them(tmp_path, load_all, monkeypatch):
    raw = landing(tmp_path)
    wh = tmp_path / "wh.duckdb"
    write_csv(raw / "units" / "20261005_units.csv", [
        UNIT_HEADER, unit(), unit(uscc=U2, org=TOWN_B, employees="-3"), unit(uscc=U3, name="纺织厂", employees="-1")])
    write_csv(raw / "members" / "20261005_members.csv", [
        MEMBER_HEADER, member(), member(id=MEMBER, unit="", village=VILLAGE_B1, joined="不详")])
    write_csv(raw / "mediation" / "20261005_城关镇调解台账.csv",
              [WITHOUT_RECEIVED, [v for h, v in zip(MEDIATION_HEADER, case()) if h != "受理日期"]])
    load_all(raw, wh, run_id="night-1")

    before = status(monkeypatch, wh, "2026-10-15")
    assert set(before) == {"城关镇 140431100", "和合乡 140431101"}
    town_a, town_b = before["城关镇 140431100"], before["和合乡 140431101"]
    assert any("units/20261005_units.csv 第 4 行" in line and U3 in line and "已等待 10 天" in line for line in town_a)
    assert any("整份退回 file rejected  mediation/20261005_城关镇调解台账.csv: missing_column" in line
               and "已等待 10 天" in line for line in town_a)
    assert any("units/20261005_units.csv 第 3 行" in line and U2 in line for line in town_b)
    member_line = [line for line in town_b if "members/20261005_members.csv 第 3 行" in line]
    assert member_line and MEMBER not in member_line[0] and MEMBER[:6] + "********" + MEMBER[-4:] in member_line[0]
    assert len(town_a) == 2 and len(town_b) == 2
    assert "已等待 15 天" in "\n".join(status(monkeypatch, wh, "2026-10-20")["城关镇 140431100"])

    # The corrected files arrive: U2's row, the member's row and the mediation ledger; U3 is not fixed yet.
    write_csv(raw / "units" / "20261010_units.csv", [UNIT_HEADER, unit(uscc=U2, org=TOWN_B, employees="30")])
    write_csv(raw / "members" / "20261010_members.csv", [MEMBER_HEADER, member(id=MEMBER, unit="", village=VILLAGE_B1)])
    write_csv(raw / "mediation" / "20261010_城关镇调解台账.csv", [MEDIATION_HEADER, case()])
    load_all(raw, wh, run_id="night-2")

    after = status(monkeypatch, wh, "2026-10-15")
    assert set(after) == {"城关镇 140431100"}
    assert len(after["城关镇 140431100"]) == 1 and U3 in after["城关镇 140431100"][0]


def test_a_member_fixed_under_another_key_is_not_taken_for_fixed(tmp_path, load_all, monkeypatch):
    raw = landing(tmp_path)
    wh = tmp_path / "wh.duckdb"
    write_csv(raw / "members" / "20261005_members.csv",
              [MEMBER_HEADER, member(id=MEMBER, unit="", village=VILLAGE_B1, joined="不详")])
    load_all(raw, wh, run_id="night-1")
    # A later file brings a valid row of someone else: the quarantined row still waits.
    write_csv(raw / "members" / "20261010_members.csv",
              [MEMBER_HEADER, member(id=id_number("19850203", "456"), unit="", village=VILLAGE_B1)])
    load_all(raw, wh, run_id="night-2")
    assert len(status(monkeypatch, wh, "2026-10-15")["和合乡 140431101"]) == 1
