"""Personal data: only keyed hashes and masks past the raw and quarantine layers."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

import dagster as dg
import duckdb
import polars as pl
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from pipelines.ingest.judge.pii import key_sql, keyed_key_halves, mask_expr, mask_sql
from raw_files import GRIEVANCE_HEADER, MEDIATION_HEADER, MEMBER_HEADER, UNIT_HEADER, id_number, landing, write_csv
from test_ingest_rows import case, member, ticket, unit

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

    monkeypatch.delenv("UNIONPIPE_PII_KEY", raising=False)  # conftest sets a key for every other test
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


# --- Rebuilding: no combination of a row's columns outside raw and quarantine gives back a real ID ----------

MASKED_ID = re.compile(r"^(\d{6})\*{8}([\dX]{4})$")
ID_IN_TEXT = re.compile(r"\d{17}[\dXx]")


def date_parts(value) -> tuple[set[str], set[str]]:
    """(8-digit dates, 4-digit years) that a column value could fill a mask's stars with."""
    if isinstance(value, (dt.date, dt.datetime)):
        return {value.strftime("%Y%m%d")}, {value.strftime("%Y")}
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return set(), {str(value)}
    if isinstance(value, str):
        digits = re.sub(r"\D", "", value)
        return ({digits} if len(digits) == 8 else set()), ({digits} if len(digits) == 4 else set())
    return set(), set()


def id_checks(number: str) -> bool:
    """GB 11643 by python-stdnum: a real birth date and the right check character (the birth place is the
    mask's own first six characters, which stdnum's table knows for 140431 only from 1985)."""
    try:
        ric.get_birth_date(number)
    except (ValidationError, ValueError):
        return False
    return number[:17].isdigit() and ric.calc_check_digit(number) == number[-1]


def rebuilt_ids(row: tuple) -> set[str]:
    """Every ID number that a row's columns pin down: a mask's first six and last four characters, with the
    eight starred digits taken from a date in the row, or from a year plus the only month and day that pass
    GB 11643's check (python-stdnum is the oracle)."""
    masks = [m.groups() for v in row if isinstance(v, str) and (m := MASKED_ID.match(v))]
    dates, years = set(), set()
    for v in row:
        d, y = date_parts(v)
        dates |= d
        years |= y
    found = set()
    for head, tail in masks:
        found |= {head + d + tail for d in dates if id_checks(head + d + tail)}
        for year in years:
            fits = [head + year + f"{day:%m%d}" + tail for day in all_days(int(year))
                    if id_checks(head + year + f"{day:%m%d}" + tail)]
            if len(fits) == 1:
                found |= set(fits)
    return found


def all_days(year: int) -> list[dt.date]:
    """Every day of `year`."""
    start = dt.date(year, 1, 1)
    return [start + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - start).days)]


def analyst_rows(path) -> dict[str, list[tuple]]:
    """Every row of every table and view outside the raw layer and the quarantine, by `schema.table`."""
    con = duckdb.connect(str(path), read_only=True)
    names = con.execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema <> 'raw' "
                        "AND NOT (table_schema = 'audit' AND table_name = 'quarantine') "
                        "AND table_catalog = current_database()").fetchall()
    rows = {f"{s}.{t}": con.execute(f'SELECT * FROM {s}."{t}"').fetchall() for s, t in names}
    con.close()
    return rows


def privacy_county(tmp_path):
    """A landing zone whose people include some quarantined ones; returns (raw, every real ID in its files)."""
    raw = landing(tmp_path)
    write_csv(raw / "units" / "20260905_u.csv", [UNIT_HEADER, unit()])
    people = [id_number(birth, seq) for birth, seq in (("19850612", "241"), ("19900101", "132"), ("19720229", "017"),
                                                      ("20001231", "998"), ("19631003", "455"), ("19880808", "808"))]
    write_csv(raw / "members" / "20260905_m.csv", [
        MEMBER_HEADER, *[member(id=p, card=f"K{i}") for i, p in enumerate(people[:4])],
        member(id=people[4], joined="2020-13-45"),          # quarantined: its ID stays in the quarantine only
        member(id=people[5], left="2019-12-31"),            # quarantined (left before joined)
        member(id=people[0][:-1] + ("0" if people[0][-1] != "0" else "1")),  # a wrong check character
    ])
    write_csv(raw / "mediation" / "20260905_c.csv", [MEDIATION_HEADER, case(applicant=people[1]),
                                                      case(no="TJ-2", applicant=people[4], workers="x")])
    write_csv(raw / "grievances" / "20260905_g.csv", [GRIEVANCE_HEADER, ticket(complainant=people[2]),
                                                       ticket(no="G-2", complainant=people[5], resolved="也许")])
    real = {m.upper() for f in raw.rglob("*.csv") for m in ID_IN_TEXT.findall(f.read_text(encoding="utf-8"))}
    return raw, real


def people_with_a_wrong_check_character(real: set[str]) -> str:
    """The one fixture ID that fails its check (it is quarantined, never masked)."""
    [wrong] = [p for p in real if not id_checks(p)]
    return wrong


def test_no_real_id_can_be_rebuilt_from_what_analysts_see(tmp_path):
    from pipelines.definitions import defs
    from pipelines.jobs import NIGHTLY_LOAD
    from pipelines.model.snapshot import snapshot_path
    from pipelines.settings import Settings

    raw, real = privacy_county(tmp_path)
    assert len(real) == 7
    settings = Settings.from_env(raw_dir=str(raw), warehouse_path=str(tmp_path / "wh.duckdb"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def(NIGHTLY_LOAD).execute_in_process(
            instance=instance, resources={"settings": settings}).success
    warehouse, analysts = tmp_path / "wh.duckdb", snapshot_path(settings.warehouse_path)
    for path in (warehouse, analysts):
        tables = analyst_rows(path)
        assert len(tables["core.members"]) == 4 and tables["staging.members"]
        for name, rows in tables.items():
            for row in rows:
                assert not rebuilt_ids(row) & real, (path.name, name, row)
                assert not {m.upper() for v in row for m in ID_IN_TEXT.findall(str(v))} & real, (path.name, name, row)
    # The rebuild does find an ID where a birth date sits beside its mask (the flaw this test guards against).
    for person in real - {people_with_a_wrong_check_character(real)}:
        masked, born = person[:6] + "********" + person[-4:], dt.date.fromisoformat(
            f"{person[6:10]}-{person[10:12]}-{person[12:14]}")
        assert rebuilt_ids((masked, born)) == {person}
        assert person not in rebuilt_ids((masked, born.year))  # a year leaves about 1 in 11 of its days
    # Bytes: no real ID, quarantined ones included, survives anywhere in the analysts' file; the same scan finds
    # the quarantined ones in the warehouse file, where the quarantine keeps them.
    assert [p for p in real if p.encode() in analysts.read_bytes()] == []
    con = duckdb.connect(str(warehouse), read_only=True)
    quarantined = {r[0] for r in con.execute("SELECT record_key FROM audit.quarantine").fetchall()} & real
    con.close()
    assert quarantined and all(p.encode() in warehouse.read_bytes() for p in quarantined)


def test_an_existing_warehouse_loses_the_birth_date_on_its_next_load(tmp_path, load_all):
    raw = landing(tmp_path)
    person = id_number("19850612", "241")
    write_csv(raw / "members" / "20260905_m.csv", [MEMBER_HEADER, member(id=person)])
    load_all(raw, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    # As an earlier version stored it: the whole birth date, and core.members showing it.
    con.execute("ALTER TABLE staging.members ADD COLUMN birth_date DATE")
    con.execute("UPDATE staging.members SET birth_date = DATE '1985-06-12'")
    con.execute("ALTER TABLE staging.members DROP COLUMN birth_year")
    con.execute("CREATE OR REPLACE VIEW core.members AS SELECT member_key, id_masked, birth_date FROM staging.members")
    con.close()
    write_csv(raw / "members" / "20261005_m.csv", [MEMBER_HEADER, member(id=id_number("19900101", "132"))])
    load_all(raw, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    for schema in ("staging", "core"):
        columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE "
                                             "table_schema = ? AND table_name = 'members'", [schema]).fetchall()}
        assert "birth_year" in columns and not columns & {"birth_date", "birthday", "born"}, schema
    assert sorted(con.execute("SELECT birth_year FROM core.members").fetchall()) == [(1985,), (1990,)]
