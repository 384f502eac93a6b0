"""The province client against the stand-in province, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from pipelines.publish.province.backoff import Backoff
from pipelines.publish.province.push import (
    PersonalDataSuspected, PushFailed, PushNotConfigured, PushRefused, push_package)
from pipelines.publish.province.stub import ProvinceStub
from pipelines.settings import Settings
from pipelines.warehouse import connect

TOKEN = "tok-7f3c9e1a-SECRET-b52d"
OTHER_TOKEN = "tok-0000-WRONG-ffff"
COUNTY = "140431"
FAST = Backoff(initial=0.01, maximum=0.05)
HEADER = "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,TIME_PERIOD,INDICATOR,OBS_VALUE,UNIT_MEASURE,OBS_STATUS"
ROWS = [  # REF_AREA, INDICATOR, OBS_VALUE, UNIT_MEASURE, OBS_STATUS
    (COUNTY, "COV_ESTABLISHMENT_RATE", "0.9412", "RATIO", "A"),
    (COUNTY, "COV_UNITS_REQUIRED", "120", "COUNT", "A"),
    (COUNTY, "MED_AMOUNT_AGREED", "12500.50", "CNY", "A"),
    ("140431101", "INT_DISPUTES_PER_1000", "3.25", "PER_1000", "U"),
    ("140431101", "MED_MEDIAN_DAYS", "", "DAYS", "M"),
]
# The oracle for personal data in what reached the province (independent of the client's own scan).
ID_OR_MOBILE = re.compile(r"(?<!\d)(\d{17}[\dX]|1\d{10})(?!\d)")


def build_package(folder: Path, version: int = 1, rows=ROWS, period: str = "2026-10") -> Path:
    """A published package as the publisher writes it: indicators.csv + manifest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [HEADER] + [f"dataflow,UNION:RIGHTS_IND(1.0),I,M,{a},{period},{i},{v},{u},{s}" for a, i, v, u, s in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (folder / "indicators.csv").write_bytes(data)
    manifest = {"county_code": COUNTY, "period": period, "version": version,
                "generated_at": "2026-11-01T02:14:07+08:00", "indicators_sha256": hashlib.sha256(data).hexdigest(),
                "batches": [{"file_name": "20261105_units.csv", "sha256": "0" * 64}], "checks": []}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def token_env(monkeypatch, tmp_path):
    """The client's token from the environment; no secrets file of the machine is read."""
    monkeypatch.setenv("UNIONPIPE_PROVINCE_TOKEN", TOKEN)
    monkeypatch.setenv("UNIONPIPE_SECRETS_FILE", str(tmp_path / "absent.env"))


@pytest.fixture
def con(tmp_path):
    """A fresh warehouse file with audit.pushes in place."""
    con = connect(tmp_path / "wh.duckdb")
    yield con
    con.close()


@pytest.fixture
def package(tmp_path):
    """Version 1 of the county's 2026-10 package."""
    return build_package(tmp_path / "pub" / "v1")


def settings_for(stub: ProvinceStub, tmp_path: Path, **overrides) -> Settings:
    """Settings pointing at the stand-in, 3 attempts of at most 2 s unless overridden."""
    values = {"province_url": stub.url, "push_attempts": 3, "push_timeout": 2.0,
              "warehouse_path": str(tmp_path / "wh.duckdb")} | overrides
    return Settings.from_env(**values)


def pushes(con) -> list[dict]:
    """audit.pushes as dicts, in the order of the attempts."""
    cur = con.execute("SELECT * FROM audit.pushes ORDER BY started_at, attempt")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def test_accepted_package_is_recorded(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY) as stub:
        result = push_package(con, package, settings_for(stub, tmp_path))
        accepted = stub.accepted
    assert (result.outcome, result.attempts) == ("accepted", 1)
    assert [a["submission_id"] for a in accepted] == [result.submission_id]
    body = accepted[0]["body"]
    assert body["checksum"] == hashlib.sha256((package / "indicators.csv").read_bytes()).hexdigest()
    assert (body["county_code"], body["period"], body["version"]) == (COUNTY, "2026-10", 1)
    assert body["generated_at"] == "2026-11-01T02:14:07+08:00"
    assert body["observations"][0] == {"ref_area": COUNTY, "indicator": "COV_ESTABLISHMENT_RATE",
                                       "value": 0.9412, "unit": "RATIO", "status": "A"}
    assert [o["value"] for o in body["observations"]] == [0.9412, 120, 12500.5, 3.25, None]
    [row] = pushes(con)
    assert row["http_status"] == 201 and row["outcome"] == "accepted" and row["replayed"] is False
    assert row["submission_id"] == result.submission_id and row["attempt"] == 1
    assert row["idempotency_key"] == "140431-2026-10-v1" and row["checksum"] == body["checksum"]
    assert row["url"] == stub.url + "/v1/submissions"
    assert row["started_at"] <= row["finished_at"]


def test_busy_province_is_retried_until_it_accepts(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY, fail_first=2) as stub:
        result = push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert (stub.calls, len(stub.accepted)) == (3, 1)
    assert (result.outcome, result.attempts) == ("accepted", 3)
    assert [(r["attempt"], r["http_status"], r["outcome"]) for r in pushes(con)] == [
        (1, 503, "retry"), (2, 503, "retry"), (3, 201, "accepted")]


def test_retry_after_is_honoured(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY, fail_first=1, fail_status=429, retry_after=1) as stub:
        push_package(con, package, settings_for(stub, tmp_path), FAST)
    first, second = pushes(con)
    gap = (second["started_at"] - first["finished_at"]).total_seconds()
    assert first["http_status"] == 429 and second["outcome"] == "accepted"
    assert 0.9 <= gap < 3, gap  # the back-off alone would have waited about 0.01-0.02 s


def test_retry_after_as_an_http_date_is_honoured(con, package, tmp_path):
    # "Retry-After: Wed, 02 Dec 2026 10:00:03 GMT", two seconds ahead: an HTTP date has whole seconds, so
    # the wait is between one and two seconds (the back-off alone would wait about 0.01-0.02 s).
    with ProvinceStub(TOKEN, COUNTY, fail_first=1, fail_status=503, retry_after=2, retry_after_as_date=True) as stub:
        push_package(con, package, settings_for(stub, tmp_path), FAST)
    first, second = pushes(con)
    gap = (second["started_at"] - first["finished_at"]).total_seconds()
    assert first["http_status"] == 503 and second["outcome"] == "accepted"
    assert 0.9 <= gap < 3.5, gap


@pytest.mark.parametrize("as_date", [False, True], ids=["seconds", "http-date"])
def test_a_retry_after_beyond_the_cap_waits_only_the_cap(con, package, tmp_path, as_date):
    capped = Backoff(initial=0.01, maximum=0.05, retry_after_max=1.0)
    with ProvinceStub(TOKEN, COUNTY, fail_first=1, fail_status=429, retry_after=3600,
                      retry_after_as_date=as_date) as stub:
        done: list = []  # in a daemon thread, so that an uncapped wait fails the test instead of hanging it
        pushing = threading.Thread(target=lambda: done.append(push_package(con, package, settings_for(stub, tmp_path),
                                                                           capped)), daemon=True)
        pushing.start()
        pushing.join(timeout=15)
        assert not pushing.is_alive(), "still waiting: the Retry-After of an hour was not capped"
    first, second = pushes(con)
    gap = (second["started_at"] - first["finished_at"]).total_seconds()
    assert first["http_status"] == 429 and done[0].outcome == "accepted"
    assert 0.9 <= gap < 2.5, gap  # an hour asked, the cap (1 s) waited


def test_dropped_connection_is_retried(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY, drop_first=1) as stub:
        result = push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert (stub.calls, len(stub.accepted)) == (2, 1)
    first, second = pushes(con)
    assert first["http_status"] is None and first["error_class"] == "RemoteProtocolError"
    assert first["outcome"] == "retry" and second["http_status"] == 201
    assert result.outcome == "accepted"


def test_answer_slower_than_the_timeout_is_retried(con, package, tmp_path):
    # The province stored the first call but answered too late: the retry is a replay of it.
    with ProvinceStub(TOKEN, COUNTY, slow=1.5, slow_first=1) as stub:
        started = time.monotonic()
        result = push_package(con, package, settings_for(stub, tmp_path, push_timeout=0.3), FAST)
        elapsed = time.monotonic() - started
        assert len(stub.accepted) == 1
    first, second = pushes(con)
    assert first["error_class"] == "ReadTimeout" and first["http_status"] is None
    assert (second["http_status"], second["replayed"], second["outcome"]) == (200, True, "accepted")
    assert result.outcome == "replayed" and result.submission_id == stub.accepted[0]["submission_id"]
    assert elapsed < 1.4  # it did not wait for the slow answer


def test_exhausted_retries_fail_clearly(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY, fail_first=10) as stub:
        with pytest.raises(PushFailed) as failed:
            push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 3 and stub.accepted == []
    assert failed.value.code == "PROVINCE_UNAVAILABLE" and "3 次" in str(failed.value)
    assert [r["outcome"] for r in pushes(con)] == ["retry", "retry", "failed"]
    assert pushes(con)[-1]["error_code"] == "PROVINCE_UNAVAILABLE"


def test_rejected_token_is_not_retried(con, package, tmp_path, monkeypatch):
    monkeypatch.setenv("UNIONPIPE_PROVINCE_TOKEN", OTHER_TOKEN)
    with ProvinceStub(TOKEN, COUNTY) as stub:
        with pytest.raises(PushRefused) as refused:
            push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 1
    err = refused.value
    assert (err.code, err.status) == ("PROVINCE_TOKEN_REJECTED", 401)
    assert "令牌" in str(err) and "UNIONPIPE_PROVINCE_TOKEN" in str(err)
    assert OTHER_TOKEN not in str(err) + repr(err.args) and TOKEN not in str(err)
    assert [(r["http_status"], r["outcome"]) for r in pushes(con)] == [(401, "refused")]


def test_token_of_another_county_is_forbidden(con, package, tmp_path):
    with ProvinceStub(TOKEN, "140402") as stub:
        with pytest.raises(PushRefused) as refused:
            push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 1
    assert (refused.value.code, refused.value.status) == ("PROVINCE_COUNTY_FORBIDDEN", 403)
    assert COUNTY in refused.value.message_zh


def test_same_version_with_other_content_conflicts(con, package, tmp_path):
    changed = build_package(tmp_path / "pub" / "v1-changed", rows=[ROWS[0][:2] + ("0.9500", "RATIO", "A")])
    with ProvinceStub(TOKEN, COUNTY) as stub:
        push_package(con, package, settings_for(stub, tmp_path), FAST)
        with pytest.raises(PushRefused) as refused:
            push_package(con, changed, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 2 and len(stub.accepted) == 1
    assert (refused.value.code, refused.value.status) == ("PROVINCE_VERSION_CONFLICT", 409)
    assert "新版本" in refused.value.message_zh
    assert [r["outcome"] for r in pushes(con)] == ["accepted", "refused"]


def test_invalid_body_shows_the_provinces_errors(con, tmp_path):
    bad = build_package(tmp_path / "bad", rows=[(COUNTY, "COV_UNITS_REQUIRED", "7", "PERCENT", "A"),
                                                 (COUNTY, "MED_RECEIVED", "3", "COUNT", "Q")])
    with ProvinceStub(TOKEN, COUNTY) as stub:
        with pytest.raises(PushRefused) as refused:
            push_package(con, bad, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 1
    err = refused.value
    assert (err.code, err.status) == ("PROVINCE_BODY_INVALID", 422)
    assert any(e.startswith("observations[0].unit") for e in err.errors)
    assert any(e.startswith("observations[1].status") for e in err.errors)
    assert "observations[0].unit" in str(err) and "observations[1].status" in str(err)
    assert "observations[0].unit" in pushes(con)[0]["detail"]


def test_replayed_submission_is_recorded_as_accepted(package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY) as stub:
        first_con, second_con = connect(tmp_path / "a.duckdb"), connect(tmp_path / "b.duckdb")
        first = push_package(first_con, package, settings_for(stub, tmp_path), FAST)
        # A second warehouse knows nothing of the first push: it sends, and the province replays.
        again = push_package(second_con, package, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 2 and len(stub.accepted) == 1
    assert (again.outcome, again.submission_id) == ("replayed", first.submission_id)
    [row] = pushes(second_con)
    assert (row["http_status"], row["replayed"], row["outcome"]) == (200, True, "accepted")
    assert row["submission_id"] == first.submission_id


def test_accepted_content_is_not_sent_again(con, package, tmp_path):
    same_content_v2 = build_package(tmp_path / "pub" / "v2", version=2)
    changed_v3 = build_package(tmp_path / "pub" / "v3", version=3, rows=ROWS[:2])
    with ProvinceStub(TOKEN, COUNTY) as stub:
        first = push_package(con, package, settings_for(stub, tmp_path), FAST)
        again = push_package(con, package, settings_for(stub, tmp_path), FAST)
        unchanged = push_package(con, same_content_v2, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 1
        changed = push_package(con, changed_v3, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 2
    assert (again.outcome, again.attempts, again.submission_id) == ("already_accepted", 0, first.submission_id)
    assert (unchanged.outcome, unchanged.accepted_version) == ("already_accepted", 1)
    assert "未重复报送" in unchanged.message_zh
    assert changed.outcome == "accepted"
    assert len(pushes(con)) == 2


def test_missing_url_or_token_stops_before_any_request(con, package, tmp_path, monkeypatch):
    with ProvinceStub(TOKEN, COUNTY) as stub:
        with pytest.raises(PushNotConfigured, match="UNIONPIPE_PROVINCE_URL"):
            push_package(con, package, settings_for(stub, tmp_path, province_url=""), FAST)
        monkeypatch.delenv("UNIONPIPE_PROVINCE_TOKEN")
        with pytest.raises(PushNotConfigured, match="UNIONPIPE_PROVINCE_TOKEN"):
            push_package(con, package, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 0
    assert pushes(con) == []


def test_token_from_the_secrets_file(con, package, tmp_path, monkeypatch):
    secrets = tmp_path / "unionpipe.env"
    secrets.write_text(f'UNIONPIPE_PROVINCE_TOKEN="{TOKEN}"\n', encoding="utf-8")
    monkeypatch.delenv("UNIONPIPE_PROVINCE_TOKEN")
    monkeypatch.setenv("UNIONPIPE_SECRETS_FILE", str(secrets))
    with ProvinceStub(TOKEN, COUNTY) as stub:
        assert push_package(con, package, settings_for(stub, tmp_path), FAST).outcome == "accepted"


def test_token_never_reaches_logs_output_or_audit(con, package, tmp_path, monkeypatch, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    with ProvinceStub(TOKEN, COUNTY, drop_first=1, fail_first=1, retry_after=0) as stub:
        push_package(con, package, settings_for(stub, tmp_path), FAST)
        monkeypatch.setenv("UNIONPIPE_PROVINCE_TOKEN", OTHER_TOKEN)
        with pytest.raises(PushRefused):
            push_package(con, build_package(tmp_path / "v2", version=2, rows=ROWS[:1]),
                         settings_for(stub, tmp_path), FAST)
    out, err = capfd.readouterr()
    audit = json.dumps([list(map(str, r.values())) for r in pushes(con)])
    assert len(pushes(con)) == 4 and "HTTP Request" in caplog.text  # the logs did capture the traffic
    for secret in (TOKEN, OTHER_TOKEN):
        assert secret not in caplog.text and secret not in out + err and secret not in audit
    assert "Bearer" not in caplog.text + out + err + audit


def test_pushed_body_carries_no_personal_data(con, package, tmp_path):
    with ProvinceStub(TOKEN, COUNTY) as stub:
        push_package(con, package, settings_for(stub, tmp_path), FAST)
        [received] = stub.accepted
    body = {k: v for k, v in received["body"].items() if k != "checksum"}  # a hex digest is no one's number
    assert ID_OR_MOBILE.findall(json.dumps(body)) == []


@pytest.mark.parametrize("leak", ["11010519491231002X", "13812345678"])
def test_body_looking_like_personal_data_is_not_sent(con, tmp_path, leak):
    leaky = build_package(tmp_path / "leaky", rows=[ROWS[0], (leak, "COV_UNITS_REQUIRED", "1", "COUNT", "A")])
    with ProvinceStub(TOKEN, COUNTY) as stub:
        with pytest.raises(PersonalDataSuspected) as suspected:
            push_package(con, leaky, settings_for(stub, tmp_path), FAST)
        assert stub.calls == 0
    assert "observations[1]" in str(suspected.value) and leak not in str(suspected.value)


def test_stand_in_judges_submissions_like_the_contract(package):
    from pipelines.publish.province.package import read_package

    body = read_package(package).body()
    good = {"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": "140431-2026-10-v1"}
    broken = body | {"period": "2026-13", "version": 0, "checksum": "abc",
                     "observations": [{"ref_area": COUNTY, "indicator": "X", "value": 1, "unit": "RATIO", "status": "M"}]}
    with ProvinceStub(TOKEN, COUNTY) as stub, httpx.Client(base_url=stub.url) as http:
        assert http.post("/v1/submissions", json=body).status_code == 401
        assert http.post("/v1/submissions", json=body, headers={"Authorization": "Bearer x"}).status_code == 401
        assert http.post("/v1/submissions", content=b"{not json", headers=good).status_code == 400
        answer = http.post("/v1/submissions", json=broken, headers=good)
        assert answer.status_code == 422
        assert [e.split(":")[0] for e in answer.json()["errors"]] == [
            "Idempotency-Key", "period", "version", "checksum", "observations[0].value"]
        assert http.post("/v1/submissions", json=body, headers=good).status_code == 201
        assert http.post("/v1/submissions", json=body, headers=good).json()["replayed"] is True
        assert http.get("/v1/submissions").status_code == 401
        listed = http.get("/v1/submissions", headers=good).json()["submissions"]
        assert [s["idempotency_key"] for s in listed] == ["140431-2026-10-v1"] and listed[0]["body"] == body
        assert http.post("/v1/other", json=body, headers=good).status_code == 404
        assert stub.calls == 6


def test_stand_in_listens_on_this_machine_only():
    with pytest.raises(ValueError, match="127.0.0.1"):
        ProvinceStub(TOKEN, host="0.0.0.0")


def test_province_stub_command(package, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "UNIONPIPE_PROVINCE_TOKEN": TOKEN, "UNIONPIPE_SECRETS_FILE": str(tmp_path / "absent.env"),
           "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-c", "from pipelines.cli import main; main()", "province-stub", "--port", "0",
               "--county", COUNTY, "--fail-first", "1", "--retry-after", "0"]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          encoding="utf-8") as proc:
        try:
            first = first_line(proc, within=60)
            url = re.search(r"http://127\.0\.0\.1:\d+", first).group(0)
            con = connect(tmp_path / "wh.duckdb")
            result = push_package(con, package, Settings.from_env(province_url=url, push_attempts=3), FAST)
            con.close()
        finally:
            proc.send_signal(signal.SIGTERM)  # not SIGINT: a shell running the tests in the background ignores it
        try:
            rest = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert (result.outcome, result.attempts) == ("accepted", 2)
    assert proc.returncode == 0 and "accepted 1 submission" in rest
    assert TOKEN not in first + rest


def first_line(proc: subprocess.Popen, within: float) -> str:
    """The command's first line of output, waiting at most `within` seconds."""
    ready, _, _ = select.select([proc.stdout], [], [], within)
    assert ready, "the command printed nothing"
    return proc.stdout.readline()
