"""One file from typed rows: choose its look, spoil a few rows, spell the cells, write, report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.ingest.specs import SOURCES
from pipelines.sample.defects import BAD_COL, BAD_TEXT, DEFECT, Ctx, Injector
from pipelines.sample.report import Defect, FileReport, SampleReport
from pipelines.sample.spelling import spell
from pipelines.sample.styles import REMARKS, FileStyle, choose_style
from pipelines.sample.writers import CsvWriter, XlsxWriter

SOURCE_IDS = {"regions": 0, "units": 1, "members": 2, "mediation": 3, "grievances": 4}


def _overridden(text: pl.DataFrame, frame: pl.DataFrame, excel: dict[str, np.ndarray]) -> pl.DataFrame:
    """Cells a defect wants written as unparseable text; they are never typed Excel cells."""
    if BAD_COL not in frame.columns or frame[BAD_COL].null_count() == frame.height:
        return text
    for col in frame[BAD_COL].drop_nulls().unique().sort().to_list():
        hit = (frame[BAD_COL] == col).fill_null(False)
        cell = pl.select(pl.when(hit).then(frame[BAD_TEXT]).otherwise(text[col])).to_series()
        text = text.with_columns(cell.alias(col))
        if col in excel:
            excel[col] = excel[col] & ~hit.to_numpy()
    return text


class Emitter:
    """Writes the sample's files under <out>/<source>/ and records them in the report."""

    def __init__(self, report: SampleReport, county_name: str, county_code: str, key: int):
        self.report, self.county_name, self.county_code, self.key = report, county_name, county_code, key

    def _open(self, path: Path, style: FileStyle, source_name: str) -> CsvWriter | XlsxWriter:
        if style.fmt == "xlsx":
            return XlsxWriter(path, style, {c.name: c.kind for c in SOURCES[source_name].columns})
        return CsvWriter(path, style)

    def emit(self, source_name: str, m: int, batch: date, as_of: date, frames: Iterable[pl.DataFrame],
             rows: int, injector: Injector | None, first: bool, part: int = 0,
             name_text: str | None = None) -> FileReport:
        """Write one file of `source_name` for batch m from typed chunks (`rows` rows in all, about)."""
        source, sid = SOURCES[source_name], SOURCE_IDS[source_name]
        rng = np.random.default_rng([self.key, 7, sid, m, part])
        # Forms take turns by month and source, so each source comes in every form over the year.
        style = choose_style(source, [c.name for c in source.columns], batch, first, m + sid + part, rows,
                             self.report.formats, rng, self.county_name, as_of, name_text)
        rel = f"{source_name}/{style.name}"
        path = self.report.out_dir / source_name / style.name
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = self._open(path, style, source_name)
        written = 0
        for k, frame in enumerate(frames):
            crng = np.random.default_rng([self.key, 8, sid, m, part, k])
            if injector is not None:
                ctx = Ctx(self.county_code, batch, as_of, crng, self.key)
                frame = injector.inject(frame, ctx, injector.how_many(frame.height, crng))
            spelled = spell(frame, source, crng, style.varied, style.fmt == "xlsx")
            text = _overridden(spelled.text, frame, spelled.excel)
            if REMARKS[0] in style.columns:
                text = text.with_columns(pl.Series(REMARKS[0], REMARKS[1]).gather(
                    crng.integers(0, len(REMARKS[1]), frame.height)))
            start = writer.write(text.select(style.columns), frame, spelled.excel)
            written += frame.height
            if injector is not None:
                self._record(rel, start, frame, injector)
        writer.close()
        report = FileReport(rel, source_name, batch, style.fmt, style.encoding, writer.header_row, written,
                            tuple(c for c in style.columns if c != REMARKS[0]))
        self.report.files.append(report)
        return report

    def _record(self, rel: str, start: int, frame: pl.DataFrame, injector: Injector) -> None:
        kinds = {k.name: k for k in injector.kinds}
        bad = frame.select(pl.col(DEFECT)).with_row_index().filter(pl.col(DEFECT).is_not_null())
        for i, name in bad.iter_rows():
            kind = kinds[name]
            self.report.defects.append(Defect(rel, start + i, name, kind.effect, kind.column))
