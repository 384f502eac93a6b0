"""The single-file register shape: a province's first full submission, one batch date, one file per source.

    python benchmarks/register.py OUT_DIR [--members N] [--seed S] [--batch YYYY-MM-DD] [--facts FILE.json]

Members: N rows (default 10M) with every optional column filled — gender agreeing with the ID, the unit
(a unit with a union), the home village (a real one), joined, `left` on about a tenth (never before
joined), a card number unique per member, an 11-digit mobile number. With them, for each million members,
12k units, 20k mediation cases and 100k grievance tickets (120k, 200k and 1M at 10M, as measured in issue
16), and the regions file. Every row is valid under the contract: ID numbers with their GB 11643 check
character and a real birth date, credit codes with their GB 32100 check, every reference resolving, no
date after the batch date. The sample generator's code (`pipelines/sample/`) draws the county, the
units, the cases and the identifiers; this module only fills every column and writes one big file.

Vectorised and written in chunks (memory bounded whatever N); the same seed and N give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from pipelines.ingest.specs import SOURCES  # noqa: E402
from pipelines.sample import codes, names  # noqa: E402
from pipelines.sample.county import County, sample_county  # noqa: E402
from pipelines.sample.frames import as_dates, days  # noqa: E402
from pipelines.sample.grievances import Grievances, grievance_snapshot  # noqa: E402
from pipelines.sample.ledger import People, end_of_day  # noqa: E402
from pipelines.sample.mediation import Mediation, mediation_snapshot  # noqa: E402
from pipelines.sample.people import ADULT_DAYS, categories  # noqa: E402
from pipelines.sample.spelling import spell  # noqa: E402
from pipelines.sample.timeline import LAST_BATCH  # noqa: E402
from pipelines.sample.units import initial_units  # noqa: E402

DEFAULT_MEMBERS = 10_000_000
DEFAULT_SEED = 20261116
# Per million members: the province (10M members, 120k units, 200k cases, 1M tickets) scaled down.
UNITS_PER_M, CASES_PER_M, TICKETS_PER_M = 12_000, 20_000, 100_000
MIN_UNITS = 50
LEFT_SHARE = 0.10
HOME_FROM_UNIT = 0.7  # members whose home village is their unit's village (when it has one)
FIRST_JOIN = date(1995, 1, 1)
CASE_MONTHS = 12  # cases and tickets received over the year the batch closes
CHUNK_ROWS = 500_000
# ID numbers: each area code holds codes.ID_SPACE (about 16.4M) people. Members take the county's code and,
# past it, codes whose last digit is 1 as well (benchmarks/incremental.py makes its new people by moving that
# digit on, so they never meet a member).
MEMBER_AREAS = ("140431", "140421", "140411", "140401", "140481", "140471")
FILE_TEXT = {"regions": "组织机构", "units": "基层单位建会情况全量", "members": "会员实名登记全量",
             "mediation": "劳动争议调解台账", "grievances": "职工维权诉求台账"}


@dataclass(frozen=True)
class Shape:
    """What one register submission holds: sizes, seed and batch date."""

    members: int = DEFAULT_MEMBERS
    seed: int = DEFAULT_SEED
    batch: date = LAST_BATCH
    units: int | None = None  # None: UNITS_PER_M per million members
    cases: int | None = None
    tickets: int | None = None

    def count(self, given: int | None, per_m: int, least: int = 1) -> int:
        """A source's row count: as given, else in proportion to the members."""
        return given if given is not None else max(least, round(per_m * self.members / 1e6))

    @property
    def as_of(self) -> date:
        """The period end the submission reports: the last day of the month before the batch."""
        return self.batch.replace(day=1) - timedelta(days=1)


def person_ids(index: np.ndarray, key: int, areas: tuple[str, ...] = MEMBER_AREAS) -> pl.Series:
    """Distinct valid ID numbers, one per person index (an area code for each codes.ID_SPACE people)."""
    index = np.asarray(index, dtype=np.int64)
    block, within = np.divmod(index, codes.ID_SPACE)
    if index.size and int(block.max()) >= len(areas):
        raise ValueError(f"more than {len(areas) * codes.ID_SPACE:,} people: add area codes")
    out = pl.Series("id_number", [None] * len(index), dtype=pl.String)
    for b in np.unique(block):
        at = np.flatnonzero(block == b)
        birth, order = codes.id_parts(areas[b], within[at], key)
        out = out.scatter(at, codes.id_numbers_from(areas[b], birth, order))
    return out


def birth_and_order(index: np.ndarray, key: int) -> tuple[np.ndarray, np.ndarray]:
    """Birth day (days since 1970) and order code of each member's ID number (as person_ids draws them)."""
    within = np.asarray(index, dtype=np.int64) % codes.ID_SPACE
    return codes.id_parts(MEMBER_AREAS[0], within, key)  # id_parts ignores the area: one draw per block


def sized_units(county: County, shape: Shape) -> pl.DataFrame:
    """The units (the sample's mix), their reported union members scaled so that they sum to the register."""
    n = shape.count(shape.units, UNITS_PER_M, MIN_UNITS)
    units = initial_units(county, n, shape.seed, shape.as_of)
    hosts = (pl.col("has_union") & (pl.col("status") == "active"))
    reported = units.filter(hosts)["members"].sum()
    factor = shape.members / reported
    # Employees and members grow together, so coverage rates stay what the sample's county shows.
    scaled = units.with_columns(
        pl.when(hosts).then((pl.col("members") * factor).floor().cast(pl.Int64).clip(lower_bound=1))
        .otherwise(pl.col("members")).alias("members"),
        (pl.col("employees") * max(factor, 1.0)).ceil().cast(pl.Int64).alias("employees"),
        (pl.col("migrant_employees") * max(factor, 1.0)).floor().cast(pl.Int64).alias("migrant_employees"))
    # Whole members: the units with the largest remainders take one more (or one fewer) until the sum is N.
    host_rows = np.flatnonzero(scaled.select(hosts).to_series().to_numpy())
    if shape.members < len(host_rows):
        raise ValueError(f"{shape.members} members cannot fill {len(host_rows)} units with a union: give more")
    members = scaled["members"].to_numpy().copy()
    short = shape.members - int(members[host_rows].sum())
    rng = np.random.default_rng([shape.seed, 11])
    while short:
        pick = rng.choice(host_rows, min(abs(short), len(host_rows)), replace=False)
        step = 1 if short > 0 else -1
        pick = pick if step > 0 else pick[members[pick] > 1]
        members[pick] += step
        short -= step * len(pick)
    employees = np.maximum(scaled["employees"].to_numpy(), members)
    return scaled.with_columns(pl.Series("members", members), pl.Series("employees", employees))


def member_hosts(units: pl.DataFrame) -> pl.DataFrame:
    """The units members belong to (active, with a union), with the row bound each one's members end at."""
    hosts = units.filter(pl.col("has_union") & (pl.col("status") == "active"))
    return hosts.select("uscc", "unit_type", "village_code", "union_founded", "members").with_columns(
        pl.col("members").cum_sum().alias("bound"))


def member_chunk(county: County, shape: Shape, hosts: pl.DataFrame, start: int, stop: int) -> pl.DataFrame:
    """Members start..stop-1 of the register, every column filled; the same rows for the same seed."""
    rng = np.random.default_rng([shape.seed, 3, start])
    idx = np.arange(start, stop, dtype=np.int64)
    n = len(idx)
    # A bijection of the row numbers spreads each unit's members over the file, as a real export would.
    slot = codes._permute(idx, shape.members, shape.seed) if shape.members > 1 else idx
    unit = hosts.select(pl.all().gather(np.searchsorted(hosts["bound"].to_numpy(), slot, "right")))
    birth, order = birth_and_order(idx, shape.seed)
    male = order % 2 == 1  # the ID's 17th digit: odd for men
    villages = county.villages["code"]
    random_village = villages.gather(rng.integers(0, villages.len(), n))
    own = unit["village_code"].is_not_null().to_numpy() & (rng.random(n) < HOME_FROM_UNIT)
    home = pl.select(pl.when(pl.Series(own)).then(unit["village_code"]).otherwise(random_village)).to_series()
    founded = unit["union_founded"].cast(pl.Int32).fill_null(0).to_numpy()
    lo = np.maximum.reduce([np.full(n, days(FIRST_JOIN)), founded, birth + ADULT_DAYS])
    hi = np.maximum(days(shape.as_of), lo)
    joined = lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)
    left = joined + np.floor(rng.random(n) * (hi - joined + 1)).astype(np.int64)
    return pl.DataFrame({
        "id_number": person_ids(idx, shape.seed),
        "name": names.person_names(rng, male),
        "gender": pl.select(pl.when(pl.Series(male)).then(pl.lit("M")).otherwise(pl.lit("F"))).to_series(),
        "category": categories(rng, unit["unit_type"]),
        "unit_uscc": unit["uscc"],
        "village_code": home,
        "joined": as_dates(joined),
        "left": pl.select(pl.when(pl.Series(rng.random(n) < LEFT_SHARE)).then(as_dates(left))).to_series(),
        "card_no": "K" + pl.Series(idx + 1).cast(pl.String).str.zfill(max(9, len(str(shape.members)))),
        "phone": codes.mobiles(rng, n),
    })


def months(as_of: date) -> list[tuple[date, date]]:
    """First and last day of the CASE_MONTHS calendar months that end with as_of's month."""
    out, end = [], as_of
    for _ in range(CASE_MONTHS):
        start = end.replace(day=1)
        out.append((start, end))
        end = start - timedelta(days=1)
    return out[::-1]


def ledger_files(out_dir: Path, county: County, shape: Shape, units: pl.DataFrame) -> dict:
    """Write the year's mediation cases and grievance tickets as they stand at the period end, a month at a
    time (memory: one month's rows, whatever N); what was written."""
    # Applicants and complainants: members of the county's own area code, or people counted down from the
    # top of its ID space (past N = ID_SPACE they may be members too: still valid, still resolving).
    people = People(lambda: min(shape.members, codes.ID_SPACE))
    n_cases, n_tickets = shape.count(shape.cases, CASES_PER_M), shape.count(shape.tickets, TICKETS_PER_M)
    cases = Mediation(county.code, shape.seed, people)
    tickets = Grievances(county.code, shape.seed, people, max(5, len(str(n_tickets))))
    files = {s: CsvFile(out_dir, s, shape.batch) for s in ("mediation", "grievances")}
    cutoff = end_of_day(shape.as_of)
    for k, (start, end) in enumerate(months(shape.as_of)):
        n = n_cases * (k + 1) // CASE_MONTHS - n_cases * k // CASE_MONTHS  # the year's count, spread exactly
        if n:
            files["mediation"].write(mediation_snapshot(
                cases.draw(np.random.default_rng([shape.seed, 4, k]), n, start, end, units), cutoff))
        n = n_tickets * (k + 1) // CASE_MONTHS - n_tickets * k // CASE_MONTHS
        if n:
            files["grievances"].write(grievance_snapshot(
                tickets.draw(np.random.default_rng([shape.seed, 5, k]), n, start, end, units), cutoff))
    return {s: f.close() for s, f in files.items()}


class CsvFile:
    """One UTF-8 CSV of a source, canonical headers in contract order, written chunk by chunk."""

    def __init__(self, out_dir: Path, source: str, batch: date):
        self.source, self.rows = SOURCES[source], 0
        self.path = out_dir / source / f"{batch:%Y%m%d}_{FILE_TEXT[source]}.csv"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.path.open("wb")
        self.fh.write((",".join(c.name for c in self.source.columns) + "\n").encode())

    def write(self, frame: pl.DataFrame, plain: bool = False) -> None:
        """Append typed rows, spelled as the sample's plain CSV form spells them (nulls as empty cells);
        `plain`: text and dates only, which Polars writes in that form itself (the members: faster)."""
        if not plain:
            frame = spell(frame, self.source, np.random.default_rng(0), varied=False, excel=False).text
            frame = frame.select(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in frame.columns)
        frame.write_csv(self.fh, include_header=False)
        self.rows += frame.height

    def close(self) -> dict:
        """Finish the file; its path, rows and bytes."""
        self.fh.close()
        return {"path": str(self.path), "rows": self.rows, "bytes": self.path.stat().st_size}


def _whole(out_dir: Path, source: str, batch: date, frame: pl.DataFrame) -> dict:
    f = CsvFile(out_dir, source, batch)
    for offset in range(0, frame.height, CHUNK_ROWS):
        f.write(frame.slice(offset, CHUNK_ROWS))
    return f.close()


def write_register(out_dir: Path, shape: Shape) -> dict:
    """Write the submission under out_dir/<source>/; what was written (files, rows, bytes, seconds)."""
    out_dir = Path(out_dir)
    if any(out_dir.glob("*/*.csv")):
        raise FileExistsError(f"{out_dir} already holds CSV files: choose an empty folder")
    t0 = time.perf_counter()
    county = sample_county(shape.seed)
    units = sized_units(county, shape)
    files = {"regions": _whole(out_dir, "regions", shape.batch, county.regions()),
             "units": _whole(out_dir, "units", shape.batch, units.drop("idx"))}
    hosts = member_hosts(units)
    t_members = time.perf_counter()
    members = CsvFile(out_dir, "members", shape.batch)
    for start in range(0, shape.members, CHUNK_ROWS):
        members.write(member_chunk(county, shape, hosts, start, min(start + CHUNK_ROWS, shape.members)), plain=True)
    files["members"] = {**members.close(), "seconds": round(time.perf_counter() - t_members, 2)}
    files.update(ledger_files(out_dir, county, shape, units))
    return {"members": shape.members, "seed": shape.seed, "batch": shape.batch.isoformat(),
            "period": f"{shape.as_of:%Y-%m}", "files": files, "seconds": round(time.perf_counter() - t0, 2)}


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="the landing folder to write (<out>/<source>/<batch>_….csv)")
    p.add_argument("--members", type=int, default=DEFAULT_MEMBERS, help="member rows (default 10,000,000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--batch", type=date.fromisoformat, default=LAST_BATCH, help="batch date (YYYY-MM-DD)")
    p.add_argument("--facts", type=Path, help="write what was written here as JSON")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write the register shape and print (and optionally save) its facts."""
    args = options(argv)
    facts = write_register(args.out, Shape(members=args.members, seed=args.seed, batch=args.batch))
    text = json.dumps(facts, indent=2, ensure_ascii=False)
    if args.facts:
        args.facts.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
