"""A dry run of the load: files judged exactly as the load judges them, and nothing written anywhere.

The same reader, rules, references, duplicate rules and reason codes as the load (load.py), down the load's own
path chunk by chunk (dry_judge.py), so a file of any size is judged in flat memory; the warehouse,
when there is one, is only read (opened read-only): for references, for files whose bytes are already
loaded, and for the loaded records a file would replace. Without one, references come from a regions file
given alongside, else the rules that need them are skipped and named (`References` of None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.dry_judge import Judgement, judgement
from pipelines.ingest.errors import FileRejected, is_file_failure, unforeseen
from pipelines.ingest.fix_workbook import FileFix, Summary
from pipelines.ingest.judge.pii import key_sql, keyed_key_halves
from pipelines.ingest.judge.references import references_at
from pipelines.ingest.judge.rules import References, codes
from pipelines.ingest.load import misnamed
from pipelines.ingest.read.discover import RawFile, batch_date_of, discover, sha256_of
from pipelines.ingest.specs import LOAD_ORDER, SOURCES, Source
from pipelines.ingest.write.registry import FileOutcome, loaded_copy_of
from pipelines.ingest.write.stream import CHUNK_ROWS
from pipelines.warehouse import quoted, table_exists

@dataclass
class Verdict:
    """What the load would make of one file, and the rows it would turn away."""

    outcome: FileOutcome
    replaces: int | None = None  # loaded records its rows would take the place of (None: no warehouse)
    fix: FileFix | None = None


@dataclass
class DryRun:
    """Every file's verdict, in load order, and the rules that could not be applied."""

    verdicts: list[Verdict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # reason codes not checked (no references)

    @property
    def clean(self) -> bool:
        """True when no file would be rejected and no row quarantined."""
        return all(v.outcome.status != "rejected" and not v.outcome.rows_quarantined for v in self.verdicts)


def files_at(paths: Iterable[Path], source: str | None) -> list[RawFile]:
    """The files to judge: single files (of `source`, else of the folder they sit in), and folders laid out like
    the landing zone (`<source>/<YYYYMMDD>_…`), or one source's folder; in load order. ValueError when unclear."""
    found: list[RawFile] = []
    for path in paths:
        path = Path(path)
        if path.is_file():
            name = source or (path.parent.name if path.parent.name in SOURCES else None)
            if name is None:
                raise ValueError(f"{path}: 单个文件须用 --source 指明来源 (a single file needs --source)")
            found.append(_one(path, name))
        elif path.is_dir():
            inner = [s for s in LOAD_ORDER if (path / s).is_dir()]
            if inner:
                found += discover(path, tuple(inner))
            elif (source or path.name) in SOURCES:  # one source's folder
                found += [_one(p, source or path.name) for p in sorted(path.iterdir())
                          if p.is_file() and not p.is_symlink() and not p.name.startswith(".")]
            else:
                raise ValueError(f"{path}: 文件夹中没有来源子目录 (no <source>/ folders here; or give --source)")
        else:
            raise ValueError(f"{path}: 文件或文件夹不存在 (no such file or folder)")
    return sorted(found, key=lambda f: (LOAD_ORDER.index(f.source), f.order))


def _one(path: Path, source: str) -> RawFile:
    """A file given by hand, fingerprinted as discovery does."""
    st = path.stat()
    return RawFile(path, source, sha256_of(path), st.st_size, batch_date_of(path.name), st.st_mtime_ns)


def outcome_of(f: RawFile, j: Judgement) -> FileOutcome:
    """The counts the load would record for a file judged as `j`."""
    return FileOutcome(f, "loaded", rows_read=j.read, rows_loaded=j.read - j.duplicates - j.quarantined,
                       rows_duplicate=j.duplicates, rows_quarantined=j.quarantined, rows_warned=j.warned,
                       headers=j.headers)


def fix_of(f: RawFile, j: Judgement) -> FileFix | None:
    """The file's rows that would be quarantined, as sent, with their reasons (None when there are none)."""
    return FileFix(f.source, f.rel_path, j.headers, j.rows, j.reasons) if j.reasons.height else None


def replaced(con: duckdb.DuckDBPyConnection, source: Source, batch_date: dt.date, keys: pl.Series,
             pii_key: bytes) -> int:
    """How many loaded records (distinct keys, of batches up to this one) the file's loading rows would replace."""
    if not table_exists(con, "staging", source.name) or keys.len() == 0:
        return 0
    col = source.column(source.key)
    if col.key_as:  # a personal key is stored as its keyed hash only
        incoming_keys = pl.DataFrame(keyed_key_halves(keys.cast(pl.String), pii_key, col.key_as)).to_arrow()  # noqa: F841
        key_expr, stored = key_sql(col.key_as).rsplit(" AS ", 1)[0], col.key_as
    else:
        incoming_keys = keys.cast(pl.String).to_frame("k").to_arrow()  # noqa: F841 (read by name)
        key_expr, stored = "k", quoted(source.key)
    return con.execute(
        f"SELECT count(DISTINCT s.{stored}) FROM staging.{source.name} s "
        f"WHERE s.{stored} IN (SELECT {key_expr} FROM incoming_keys) AND s.batch_date <= ?",
        [batch_date]).fetchall()[0][0]


def references(con: duckdb.DuckDBPyConnection | None, source: str, batch_date: dt.date,
               regions: References | None, units: pl.Series) -> References:
    """What the load would check `source` against: the warehouse's references in force on `batch_date`, a regions
    file judged in this run (it replaces the regions), and the units of this run that would load. None where
    nothing is known."""
    if source == "regions":
        return References(codes(), codes())
    base = references_at(con, source, batch_date) if con is not None else References(None, None, None)
    orgs, villages = (regions.orgs, regions.villages) if regions is not None else (base.orgs, base.villages)
    known = base.known_units
    if source == "mediation" and known is not None:
        known = codes(pl.concat([known, units]).to_list())
    return References(orgs, villages, known if source == "mediation" else codes())


def regions_of(j: Judgement) -> References:
    """The references a regions file would give: its township/system and village codes."""
    return References(codes(j.regions.filter(pl.col("level").is_in(["township", "system"])).get_column("code")),
                      codes(j.regions.filter(pl.col("level") == "village").get_column("code")))


def dry_run(files: list[RawFile], con: duckdb.DuckDBPyConnection | None, pii_key: bytes,
            regions_file: RawFile | None = None, chunk_rows: int = CHUNK_ROWS) -> DryRun:
    """Judge `files` (in load order) as the load would, writing nothing; `regions_file` gives references;
    `chunk_rows`: rows judged at a time (as the load's)."""
    result = DryRun()
    regions: References | None = None
    units = codes()
    loading: dict[str, str] = {}  # sha256 -> rel_path of the files of this run that would load
    todo = ([regions_file] if regions_file is not None else []) + files
    for f in todo:
        source = SOURCES[f.source]
        if f.refused:  # a link out of the landing zone, as the load turns it away: never followed
            result.verdicts.append(Verdict(FileOutcome(f, "rejected", "unreadable", f.refused)))
            continue
        if f.batch_date is None:
            result.verdicts.append(Verdict(misnamed(f)))
            continue
        copy = (loaded_copy_of(con, f) if con is not None else None) or loading.get(f.sha256)
        if copy:
            result.verdicts.append(Verdict(FileOutcome(f, "duplicate", duplicate_of=copy)))
            continue
        refs = references(con, f.source, f.batch_date, regions, units)
        try:
            j = judgement(f, source, refs, chunk_rows)
        except BaseException as exc:  # as the load: a file that cannot be judged is turned away, the rest go on
            if not is_file_failure(exc):
                raise
            rej = exc if isinstance(exc, FileRejected) else unforeseen(exc)
            result.verdicts.append(Verdict(FileOutcome(f, "rejected", rej.code, rej.detail)))
            continue
        loading[f.sha256] = f.rel_path
        if f.source == "regions":
            regions = regions_of(j)
        if f.source == "units":
            units = pl.concat([units, j.loading_keys.cast(pl.String).rename("codes")])
        count = replaced(con, source, f.batch_date, j.loading_keys, pii_key) if con is not None else None
        result.verdicts.append(Verdict(outcome_of(f, j), count, fix_of(f, j)))
    result.skipped = skipped_rules(con, regions, {f.source for f in files})
    return result


def skipped_rules(con: duckdb.DuckDBPyConnection | None, regions: References | None, sources: set[str]) -> list[str]:
    """The reason codes no reference was at hand for (with a warehouse, none)."""
    if con is not None:
        return []
    skipped = []
    if regions is None and sources & {"units", "members", "mediation", "grievances"}:
        skipped += ["unknown_org", "unknown_village"]
    if "mediation" in sources:
        skipped.append("unknown_employer")
    return skipped


def summary_of(run: DryRun) -> list[Summary]:
    """The summary sheet's lines for a dry run."""
    return [Summary(v.outcome.file.rel_path, v.outcome.file.source, v.outcome.status, v.outcome.rows_read,
                    v.outcome.rows_loaded, v.outcome.rows_quarantined,
                    v.outcome.reason_code or ("duplicate_file" if v.outcome.status == "duplicate" else None),
                    v.outcome.reason_detail or (f"同 {v.outcome.duplicate_of}" if v.outcome.duplicate_of else None))
            for v in run.verdicts]

