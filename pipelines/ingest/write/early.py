"""Reading and judging the next small file while the one before it is written.

Judging needs only the file and the source's references, never the warehouse, so it can run in a
thread one file ahead; the writing, and every decision that reads the warehouse (is this file a
copy of a loaded one?), stays in the file's own transaction. Big files are streamed in chunks
instead (stream.py): holding them whole would break the memory bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pipelines.ingest.errors import FileRejected, is_file_failure, unforeseen
from pipelines.ingest.judge.chunks import Early, judged_in_memory
from pipelines.ingest.judge.rules import References
from pipelines.ingest.read.discover import RawFile
from pipelines.ingest.read.reader import read_sheet
from pipelines.ingest.specs import Source
from pipelines.ingest.write.ahead import ahead

# Files up to this size are judged ahead, whole (a 64 MB CSV is about 700k member rows, a few hundred MB
# in memory); larger ones are streamed in chunks.
EARLY_MAX_BYTES = 64 << 20


def judged_early(f: RawFile, source: Source, refs: References, pii_key: bytes) -> Early | FileRejected:
    """The file read whole, judged and hashed; or why it is turned away (unforeseen errors too, as `unreadable`)."""
    try:
        with read_sheet(f, source) as sheet:  # closed once read: what is kept of it is its header
            frames = [frame for frame in sheet.chunks(1 << 62) if frame.height]
        return Early(sheet, frames, judged_in_memory(f, frames, source, refs, pii_key))
    except FileRejected as rej:
        return rej
    except BaseException as exc:  # unforeseen: this file is turned away, the others still load
        if not is_file_failure(exc):
            raise
        return unforeseen(exc)


def files_ahead(files: Iterable[RawFile], source: Source, refs: Mapping[str, References],
                pii_key: bytes) -> Iterator[tuple[RawFile, Early | FileRejected | None]]:
    """Each file with its early reading, judged against its own references (`refs`, by file id, read
    beforehand: the warehouse is not read from the thread); None for a file too big, misnamed or without."""

    def early(f: RawFile) -> Early | FileRejected | None:
        if f.file_id not in refs or f.batch_date is None or f.refused or f.size > EARLY_MAX_BYTES:
            return None
        return judged_early(f, source, refs[f.file_id], pii_key)

    return ahead((f, early(f)) for f in files)
