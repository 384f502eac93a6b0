"""Secrets: a county's own key (`unionpipe keygen`), the demonstration key for the bundled sample only, and a
token that never crosses the network in clear."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.keys import BUNDLED_MANIFEST, DemoKeyRefused, checked_pii_key, write_manifest
from pipelines.paths import PROJECT_ROOT
from pipelines.publish.province.push import InsecureEndpoint, endpoint
from pipelines.settings import DEMO_PII_KEY, Settings
from raw_files import MEMBER_HEADER, landing, write_csv
from test_ingest_rows import member

DEMO = DEMO_PII_KEY.encode()
BUNDLED = PROJECT_ROOT / "raw"


@pytest.fixture
def secrets_file(tmp_path, monkeypatch) -> Path:
    """A secrets file path of the test's own (not yet written), and no key in the environment."""
    path = tmp_path / ".secrets" / "unionpipe.env"
    monkeypatch.setenv("UNIONPIPE_SECRETS_FILE", str(path))
    monkeypatch.delenv("UNIONPIPE_PII_KEY")
    return path


def test_keygen_writes_a_random_key_for_the_owner_only_and_never_overwrites_it_unasked(secrets_file):
    secrets_file.parent.mkdir(mode=0o755)
    secrets_file.write_text("UNIONPIPE_PROVINCE_TOKEN=kept\n", encoding="utf-8")
    secrets_file.chmod(0o644)
    first = CliRunner().invoke(app, ["keygen"])
    assert first.exit_code == 0, first.output
    assert "另存一份" in first.output and "Keep a copy" in first.output and "no longer match" in first.output
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    key = Settings.from_env().pii_key()
    assert len(key) >= 40 and key != DEMO and key.decode() not in first.output  # the key is never printed
    assert "UNIONPIPE_PROVINCE_TOKEN=kept" in secrets_file.read_text(encoding="utf-8")

    again = CliRunner().invoke(app, ["keygen"])
    assert again.exit_code == 1 and "--force" in again.output and "已有密钥" in again.output
    assert Settings.from_env().pii_key() == key

    forced = CliRunner().invoke(app, ["keygen", "--force"])
    assert forced.exit_code == 0
    assert Settings.from_env().pii_key() not in (key, DEMO)
    assert secrets_file.read_text(encoding="utf-8").count("UNIONPIPE_PII_KEY=") == 1


def test_keygen_makes_a_private_folder_for_a_new_secrets_file(secrets_file):
    assert CliRunner().invoke(app, ["keygen"]).exit_code == 0
    assert stat.S_IMODE(secrets_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600


def test_the_demonstration_key_loads_the_bundled_sample_and_nothing_else(tmp_path):
    assert checked_pii_key(DEMO, BUNDLED) == DEMO  # `make run` needs no set-up
    assert checked_pii_key(b"a-county-key", tmp_path) == b"a-county-key"
    copy = tmp_path / "raw"
    shutil.copytree(BUNDLED, copy)
    assert checked_pii_key(DEMO, copy) == DEMO  # by content: where the sample lies does not matter
    changed = sorted((copy / "members").glob("*.csv"))[-1]
    changed.write_bytes(changed.read_bytes() + b"\r\n")
    with pytest.raises(DemoKeyRefused, match=f"members/{changed.name}") as refused:
        checked_pii_key(DEMO, copy)
    assert "unionpipe keygen" in str(refused.value) and "演示密钥" in str(refused.value)
    assert checked_pii_key(b"a-county-key", copy) == b"a-county-key"


def test_the_manifest_lists_exactly_the_bundled_files(tmp_path):
    """`make sample` rewrites it; a stale one would make `make run` refuse its own sample."""
    fresh = tmp_path / "bundled.sha256"
    write_manifest(BUNDLED, fresh)
    assert fresh.read_text(encoding="utf-8") == BUNDLED_MANIFEST.read_text(encoding="utf-8")


def test_a_county_load_with_the_demonstration_key_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("UNIONPIPE_PII_KEY")
    raw = landing(tmp_path)
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member()])
    warehouse = tmp_path / "wh.duckdb"
    result = CliRunner().invoke(app, ["load", "--raw", str(raw), "--warehouse", str(warehouse)])
    assert result.exit_code == 2
    assert "演示密钥" in result.output and "demonstration key" in result.output
    assert "unionpipe keygen" in result.output and "UNIONPIPE_PII_KEY" in result.output
    assert "Traceback" not in result.output and not warehouse.exists()

    # The schedule and the sensor run the job itself: it stops at the first source, nothing staged.
    from pipelines.definitions import defs
    from pipelines.jobs import NIGHTLY_LOAD

    settings = Settings.from_env(raw_dir=str(raw), warehouse_path=str(warehouse))
    with dg.DagsterInstance.ephemeral() as instance:
        run = defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(
            instance=instance, resources={"settings": settings}, raise_on_error=False)
    assert not run.success
    assert any("demonstration key" in e.event_specific_data.error.to_string() for e in run.all_events
               if e.event_type_value == "STEP_FAILURE")
    if warehouse.exists():
        con = duckdb.connect(str(warehouse), read_only=True)
        assert con.execute("SELECT count(*) FROM audit.files").fetchall() == [(0,)]
        con.close()

    # With a key of the county's own, the same files load.
    monkeypatch.setenv("UNIONPIPE_PII_KEY", "a-county-key")
    assert CliRunner().invoke(app, ["load", "--raw", str(raw), "--warehouse", str(warehouse)]).exit_code == 0


@pytest.mark.parametrize("url", ["http://province.example.cn", "http://10.0.0.5:8080", "http://127.0.0.1.example.cn",
                                 "ftp://127.0.0.1", "province.example.cn"])
def test_the_token_goes_in_clear_to_no_other_machine(url, monkeypatch):
    monkeypatch.setenv("UNIONPIPE_PROVINCE_TOKEN", "secret-token-123")
    with pytest.raises(InsecureEndpoint) as refused:
        endpoint(Settings.from_env(province_url=url))
    assert refused.value.code == "INSECURE_PROVINCE_URL"
    assert "https://" in refused.value.message_zh and "令牌" in refused.value.message_zh
    assert "token" in refused.value.detail and "secret-token-123" not in str(refused.value)


@pytest.mark.parametrize("url", ["https://province.example.cn/api/", "http://127.0.0.1:8765", "http://[::1]:8765",
                                 "http://localhost:8765"])
def test_https_anywhere_and_plain_http_to_this_machine_are_allowed(url):
    assert endpoint(Settings.from_env(province_url=url)) == url.rstrip("/") + "/v1/submissions"
