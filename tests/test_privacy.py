"""Personal data: only keyed hashes and masks past the raw and quarantine layers."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import polars as pl

from pipelines.ingest.pii import key_sql, keyed_key_halves, mask_expr, mask_sql
from raw_files import GRIEVANCE_HEADER, MEDIATION_HEADER, MEMBER_HEADER, id_number, landing, write_csv
from test_ingest_rows import case, member, ticket

# Whole tokens only: a hex hash or a 12-digit village code is not an ID or a phone number.
ID_LIKE = r"(^|[^0-9A-Za-z])\d{17}[\dXx]([^0-9A-Za-z]|$)"
PHONE_LIKE = r"(^|[^0-9A-Za-z])1\d{10}([^0-9A-Za-z]|$)"
ANALYST_SCHEMAS = ("staging", "core", "marts")


def personal_hits(path, schemas: tuple[str, ...] = ANALYST_SCHEMAS) -> list[tuple]:
    """Every (schema, table, column, count) in `schemas` holding ID- or phone-like text."""
    con = duckdb.connect(str(path), read_only=True)
    cols = con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE list_contains(?, table_schema) AND data_type = 'VARCHAR'", [list(schemas)]).fetchall()
    hits = []
    for schema, table, column in cols:
        n = con.execute(f'SELECT count(*) FROM {schema}.{table} WHERE regexp_matches("{column}", ?) '
                        f'OR regexp_matches("{column}", ?)', [ID_LIKE, PHONE_LIKE]).fetchall()[0][0]
        if n:
            hits.append((schema, table, column, n))
    return hits


def stored_key(key: bytes, value: str) -> int:
    """The key a warehouse stores for a personal ID: the first 128 bits of Python's HMAC-SHA256."""
    return int.from_bytes(hmac.digest(key, value.encode(), hashlib.sha256)[:16], "big")


def test_keys_are_the_hmac_truncated_to_128_bits_and_nulls_stay_null():
    values = pl.Series("id", ["140431198506122413", None, "王", ""])
    con = duckdb.connect()
    halves = pl.DataFrame(keyed_key_halves(values, b"county-secret", "k")).to_arrow()  # noqa: F841 (read by name)
    assert [r[0] for r in con.execute(f"SELECT {key_sql('k')} FROM halves").fetchall()] == [
        stored_key(b"county-secret", "140431198506122413"), None, stored_key(b"county-secret", "王"),
        stored_key(b"county-secret", "")]


def test_a_warehouse_keeping_hex_keys_is_brought_to_the_same_keys(tmp_path, load_all):
    raw = landing(tmp_path)
    person = id_number("19850612", "241")
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member(id=person)])
    load_all(raw, tmp_path / "w.duckdb", key=b"county-secret")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    # As an earlier version stored it: the whole HMAC in hex.
    hexed = hmac.new(b"county-secret", person.encode(), hashlib.sha256).hexdigest()
    con.execute(f"ALTER TABLE staging.members ALTER member_key SET DATA TYPE VARCHAR USING '{hexed}'")
    con.close()
    write_csv(raw / "members" / "20261005_m.csv", [MEMBER_HEADER, member(id=id_number("19900101", "132"))])
    load_all(raw, tmp_path / "w.duckdb", key=b"county-secret")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT data_type FROM duckdb_columns() WHERE schema_name = 'staging' "
                       "AND table_name = 'members' AND column_name = 'member_key'").fetchall() == [("UHUGEINT",)]
    assert sorted(r[0] for r in con.execute("SELECT member_key FROM core.members").fetchall()) == sorted(
        [stored_key(b"county-secret", person), stored_key(b"county-secret", id_number("19900101", "132"))])


def test_no_id_or_phone_reaches_analyst_tables_and_hashes_are_hmac(tmp_path, load_all):
    raw = landing(tmp_path)
    person = id_number("19850612", "241")
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member(id=person, phone="13912345678")])
    write_csv(raw / "mediation" / "20260905_c.csv", [MEDIATION_HEADER, case(applicant=person)])
    write_csv(raw / "grievances" / "20260905_g.csv", [GRIEVANCE_HEADER, ticket(complainant=person,
                                                                                phone="13912345678")])
    load_all(raw, tmp_path / "w.duckdb", key=b"county-secret")
    assert personal_hits(tmp_path / "w.duckdb") == []
    # The scan does find personal data where it is allowed to be: the officer-only raw layer.
    assert {(t, c) for _, t, c, _ in personal_hits(tmp_path / "w.duckdb", ("raw",))} >= {
        ("members", "id_number"), ("members", "phone"), ("grievances", "complainant_phone")}

    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    oracle = stored_key(b"county-secret", person)
    assert con.execute("SELECT member_key, id_masked, name_masked, phone_masked FROM core.members").fetchall() == [
        (oracle, person[:6] + "********" + person[-4:], "张*", "139****5678")]
    assert con.execute("SELECT applicant_key FROM core.mediation").fetchall() == [(oracle,)]
    assert con.execute("SELECT complainant_key, complainant_phone_masked FROM core.grievances").fetchall() == [
        (oracle, "139****5678")]
    # The officer-only raw layer keeps the value as written.
    assert con.execute("SELECT id_number FROM raw.members").fetchall() == [(person,)]


def test_the_key_decides_the_hash(tmp_path, load_all):
    raw = landing(tmp_path)
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member()])
    load_all(raw, tmp_path / "a.duckdb", key=b"one")
    load_all(raw, tmp_path / "b.duckdb", key=b"two")
    keys = [duckdb.connect(str(tmp_path / p), read_only=True).execute("SELECT member_key FROM core.members")
            .fetchall() for p in ("a.duckdb", "b.duckdb")]
    assert keys[0] != keys[1]


def test_the_demonstration_key_is_used_only_when_none_is_configured(monkeypatch, tmp_path):
    from pipelines.settings import DEMO_PII_KEY, Settings

    assert Settings.from_env().pii_key() == DEMO_PII_KEY.encode()
    secrets = tmp_path / "unionpipe.env"
    secrets.write_text("UNIONPIPE_PII_KEY=from-the-secrets-file\n", encoding="utf-8")
    monkeypatch.setenv("UNIONPIPE_SECRETS_FILE", str(secrets))
    assert Settings.from_env().pii_key() == b"from-the-secrets-file"
    monkeypatch.setenv("UNIONPIPE_PII_KEY", "from-the-environment")
    assert Settings.from_env().pii_key() == b"from-the-environment"


def test_masks_made_before_the_warehouse_match_those_made_in_it():
    """Staging masks come from Polars, the warnings' masks from SQL: an officer must see one form."""
    values = ["张", "张三", "欧阳娜娜", None, "1380013", "13800138000", "11010519491231002X", "x" * 80]
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    con = duckdb.connect()
    for kind in ("id", "name", "phone"):
        in_polars = frame.select(mask_expr(kind, pl.col("v"))).to_series().to_list()
        in_sql = [con.execute(f"SELECT {mask_sql(kind, '$v::VARCHAR')}", {"v": v}).fetchone()[0] for v in values]
        assert in_polars == in_sql, kind
