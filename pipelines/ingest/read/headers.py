"""Recognising a source's header row: canonical English or Chinese names, spacing and width forgiven."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pipelines.ingest.specs import Source

# How far down a sheet the header row may stand (title and blank rows above it).
MAX_HEADER_SEARCH_ROWS = 50


def normalise_header(text: object) -> str:
    """A header cell as compared: NFKC (full-width = half-width), surrounding spaces gone, casefolded."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def header_aliases(source: Source) -> dict[str, str]:
    """Every accepted spelling of a header (normalised) mapped to its canonical column name."""
    aliases: dict[str, str] = {}
    for col in source.columns:
        aliases[normalise_header(col.name)] = col.name
        aliases[normalise_header(col.zh)] = col.name
    return aliases


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header row is and which file column holds which canonical column."""

    row_index: int  # 0-based index among the rows scanned
    positions: dict[str, int]  # canonical name -> column position in the file
    headers: list[str]  # the header cells as written
    missing: list[str]  # required columns not found (empty when the header is usable)

    @property
    def extras(self) -> dict[int, str]:
        """Columns the standard does not know: position -> header as written (kept in raw only)."""
        known = set(self.positions.values())
        return {i: h for i, h in enumerate(self.headers) if i not in known and (h or "").strip()}


def match_row(cells: list[object], source: Source) -> HeaderMatch:
    """How one row reads as a header of `source` (first spelling wins when a column repeats)."""
    aliases = header_aliases(source)
    positions: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = aliases.get(normalise_header(cell))
        if name and name not in positions:
            positions[name] = i
    missing = [c for c in source.required if c not in positions]
    return HeaderMatch(-1, positions, ["" if c is None else str(c) for c in cells], missing)


def find_header(rows: list[list[object]], source: Source) -> HeaderMatch:
    """The first row holding every required header; else the closest row, with what it misses."""
    best: HeaderMatch | None = None
    for index, cells in enumerate(rows[:MAX_HEADER_SEARCH_ROWS]):
        match = match_row(cells, source)
        match = HeaderMatch(index, match.positions, match.headers, match.missing)
        if not match.missing:
            return match
        if best is None or len(match.positions) > len(best.positions):
            best = match
    return best or HeaderMatch(0, {}, [], list(source.required))
