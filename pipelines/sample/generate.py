"""The seeded sample county, batch by batch: regions, then units, members, mediation and grievances monthly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from time import perf_counter

import numpy as np
import polars as pl

from pipelines.sample.county import County, sample_county
from pipelines.sample.defects import Injector
from pipelines.sample.defects.catalog import KINDS
from pipelines.sample.emit import Emitter
from pipelines.sample.grievances import GRIEVANCES_PER_YEAR, Grievances, grievance_snapshot
from pipelines.sample.ledger import Ledger, People
from pipelines.sample.mediation import CASES_PER_YEAR, Mediation, mediation_snapshot
from pipelines.sample.members import CHUNK_ROWS, Members
from pipelines.sample.report import SampleReport
from pipelines.sample.styles import FORMATS, NAMES
from pipelines.sample.timeline import Timeline
from pipelines.sample.unit_changes import month_of_units
from pipelines.sample.units import UNITS_AT_SCALE_1, initial_units

DEFAULT_SEED = 20261105
MIN_SCALE = 0.01
SOURCES = tuple(NAMES)
SPLIT_P = 0.25  # mixed form: a month's mediation ledger comes as two files (the county seat, the rest)


def _chunks(frame: pl.DataFrame, drop: tuple[str, ...] = ()) -> Iterator[pl.DataFrame]:
    for offset in range(0, max(frame.height, 1), CHUNK_ROWS):
        yield frame.slice(offset, CHUNK_ROWS).drop(drop)


def _refuse_non_empty(out_dir: Path) -> None:
    """Never mix a sample into a folder that already holds submissions."""
    found = [p for s in SOURCES for p in (out_dir / s).glob("*") if p.suffix.lower() in (".csv", ".xlsx")]
    if found:
        raise FileExistsError(f"sample_target_not_empty: {out_dir} 已有上报文件 (already holds {len(found)} "
                              f"submitted files, e.g. {found[0]}); 请换一个空目录 (choose an empty folder)")


class _Run:
    """One generation: the county's state as it moves through the months, and the files it yields."""

    def __init__(self, out_dir: Path, scale: float, seed: int, formats: str, timeline: Timeline):
        self.tl, self.seed, self.scale = timeline, seed, scale
        self.county: County = sample_county(seed)
        self.report = SampleReport(out_dir, scale, seed, formats)
        self.emitter = Emitter(self.report, self.county.name, self.county.code, seed)
        # Units remember their spoiled keys: no case names an employer whose only report was rejected.
        self.inject = {s: Injector(k, key="uscc" if s == "units" else None) for s, k in KINDS.items()}
        self.n_units = max(1, round(UNITS_AT_SCALE_1 * scale))
        self.members = Members(self.county, seed, scale, len(timeline))
        people = People(lambda: self.members.next_idx)
        width = max(5, len(str(round(GRIEVANCES_PER_YEAR * scale * 1.5))))
        self.mediation = Ledger(Mediation(self.county.code, seed, people).draw, mediation_snapshot,
                                CASES_PER_YEAR * scale / 12)
        self.grievances = Ledger(Grievances(self.county.code, seed, people, width).draw, grievance_snapshot,
                                 GRIEVANCES_PER_YEAR * scale / 12)
        self.state = initial_units(self.county, self.n_units, seed, timeline.period_end(0))

    def _emit(self, source: str, m: int, frames, rows: int, part: int = 0, name: str | None = None) -> None:
        self.emitter.emit(source, m, self.tl.batches[m], self.tl.period_end(m), frames, rows, self.inject[source],
                          first=m == 0, part=part, name_text=name)

    def _cases(self, m: int) -> None:
        start, end = self.tl.period_start(m), self.tl.period_end(m)
        # Employers are units the ledgers can know: none whose only report was a rejected row.
        spoiled = pl.Series(sorted(self.inject["units"].spoiled), dtype=pl.String)
        known = self.state.filter(~pl.col("uscc").is_in(spoiled.implode()))
        known = known if known.height else self.state
        med = self.mediation.month(np.random.default_rng([self.seed, 4, m]), start, end, known)
        seat = self.county.townships.row(0, named=True)
        here = med["org_code"] == seat["code"]
        split = np.random.default_rng([self.seed, 6, m]).random() < SPLIT_P and 0 < here.sum() < med.height
        if self.report.formats == "mixed" and split:
            self._emit("mediation", m, [med.filter(here)], int(here.sum()), 0, f"{seat['name']}调解台账")
            self._emit("mediation", m, [med.filter(~here)], int((~here).sum()), 1, "其他乡镇调解台账")
        else:
            self._emit("mediation", m, _chunks(med), med.height)
        grv = self.grievances.month(np.random.default_rng([self.seed, 5, m]), start, end, known)
        self._emit("grievances", m, _chunks(grv), grv.height)

    def run(self) -> SampleReport:
        """Write every batch; returns the report."""
        regions = self.county.regions()
        self.emitter.emit("regions", 0, self.tl.regions_date, self.tl.regions_date, [regions], regions.height,
                          None, first=True)
        self._emit("units", 0, _chunks(self.state, ("idx",)), self.state.height)
        self._emit("members", 0, self.members.register(self.state, self.tl.period_end(0)),
                   self.members.register_size)
        self._cases(0)
        for m in range(1, len(self.tl)):
            start, end = self.tl.period_start(m), self.tl.period_end(m)
            month = month_of_units(self.state, self.county, self.n_units, self.seed, m, start, end)
            self.state = month.state
            self._emit("units", m, _chunks(month.changed, ("idx",)), month.changed.height)
            joiners_leavers = self.members.month(m, self.state, month.founded, start, end)
            self._emit("members", m, _chunks(joiners_leavers), joiners_leavers.height)
            self._cases(m)
        return self.report


def generate_sample(out_dir: Path, scale: float = 1, seed: int = DEFAULT_SEED, formats: str = "mixed",
                    timeline: Timeline | None = None) -> SampleReport:
    """Write the seeded sample county's raw files under out_dir/<source>/ and report what was written.

    The same seed and scale give byte-identical files. `scale` multiplies units, members, cases and
    grievances (regions stay); `formats` is "mixed" (every form the contract allows) or "csv-utf8".
    """
    if formats not in FORMATS:
        raise ValueError(f"formats must be one of {FORMATS}, not {formats!r}")
    if not scale >= MIN_SCALE:
        raise ValueError(f"scale must be at least {MIN_SCALE} (12 units)")
    started = perf_counter()
    out_dir = Path(out_dir)
    _refuse_non_empty(out_dir)
    report = _Run(out_dir, scale, seed, formats, timeline or Timeline.ending()).run()
    report.seconds = perf_counter() - started
    return report
