"""What the generator wrote: files with their row counts and where each bad row landed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Defect:
    """One injected bad row: the file (relative to the output folder), its row as the officer sees it."""

    file: str
    row: int
    kind: str
    effect: str  # reject | warn | duplicate
    column: str | None


@dataclass(frozen=True)
class FileReport:
    """One written file: where, for which batch, in which form, how many data rows."""

    path: str  # relative to the output folder, with forward slashes
    source: str
    batch_date: date
    fmt: str  # csv | xlsx
    encoding: str  # utf-8 | utf-8-sig | gb18030 | xlsx
    header_row: int  # 1-based line (CSV) or row (XLSX) of the header
    rows: int  # data rows, bad ones and duplicates included
    columns: tuple[str, ...]  # canonical names of the columns, in file order (extra columns excluded)


@dataclass
class SampleReport:
    """Everything one `generate_sample` call wrote."""

    out_dir: Path
    scale: float
    seed: int
    formats: str
    files: list[FileReport] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    seconds: float = 0.0

    def rows_by_source(self) -> dict[str, int]:
        """Data rows written per source."""
        out: Counter[str] = Counter()
        for f in self.files:
            out[f.source] += f.rows
        return dict(out)

    def defect_counts(self, source: str | None = None) -> dict[str, int]:
        """How many bad rows of each kind (for one source, or all)."""
        by_path = {f.path: f.source for f in self.files}
        return dict(Counter(d.kind for d in self.defects if source is None or by_path[d.file] == source))

    def defects_in(self, path: str) -> dict[int, Defect]:
        """The bad rows of one file, by row number."""
        return {d.row: d for d in self.defects if d.file == path}

    def manifest(self) -> dict:
        """A small JSON-ready summary: rows per file, defects per kind and per source."""
        sources = sorted({f.source for f in self.files})
        return {
            "scale": self.scale, "seed": self.seed, "formats": self.formats, "seconds": round(self.seconds, 2),
            "files": {f.path: f.rows for f in self.files},
            "rows": self.rows_by_source(),
            "defects": self.defect_counts(),
            "defects_by_source": {s: self.defect_counts(s) for s in sources},
        }
