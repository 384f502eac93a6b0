"""Opening a submission with the reader its suffix calls for."""

from __future__ import annotations

from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.read_csv import read_csv
from pipelines.ingest.read.read_xlsx import read_xlsx
from pipelines.ingest.read.sheet import Sheet
from pipelines.ingest.specs import Source


def read_sheet(f: RawFile, source: Source) -> Sheet:
    """The file's header and rows, by its suffix; FileRejected when it cannot be read as the standard says."""
    reader = read_xlsx if f.path.suffix.lower() == ".xlsx" else read_csv
    return reader(f.path, source)
