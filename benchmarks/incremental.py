"""The incremental night's batch: a small members file of new, valid people, dated the day after the last batch.

Rows are copied from the first (full) members register and given new ID numbers: the same birth date
and order code under a neighbouring area code (which the generated county never uses), with the check
character recomputed by the contract's rule (GB 11643, ISO 7064 MOD 11-2). Run as its own process, so
that the benchmark's parent stays small (a child inherits its parent's peak RSS figure):

    python benchmarks/incremental.py RAW_DIR FRACTION MEMBERS_ROWS OUT_JSON
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import polars as pl

from batches import batch_dates

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check(body17: str) -> str:
    """The check character of 17 ID digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def id_valid(expr: pl.Expr) -> pl.Expr:
    """True where the ID has the contract's shape, check character and a real birth date."""
    digits = (expr.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(ID_WEIGHTS))
    total = pl.sum_horizontal(digits)
    expected = (total % 11).replace_strict(dict(enumerate(ID_CHECK)), default=None, return_dtype=pl.String)
    birth = expr.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    return (expr.str.contains(r"^\d{17}[\dX]$") & (expr.str.slice(17, 1) == expected) & birth.is_not_null())


def new_id(old: str) -> str:
    """A valid ID number no generated member has: area code's last digit moved on, check recomputed."""
    body = old[:5] + str((int(old[5]) + 1) % 10) + old[6:17]
    return body + id_check(body)


def write_batch(raw: Path, fraction: float, members_rows: int) -> tuple[Path, int]:
    """Write the new members file (about fraction × members_rows rows); its path and row count."""
    first = min((raw / "members").glob("*.csv"))
    wanted = max(1, round(members_rows * fraction))
    valid = pl.scan_csv(first, infer_schema=False).filter(id_valid(pl.col("id_number")).fill_null(False))
    height = valid.select(pl.len()).collect().item()
    rows = valid.gather_every(max(1, height // wanted)).head(wanted).collect()
    rows = rows.with_columns(pl.col("id_number").map_elements(new_id, return_dtype=pl.String))
    day = max(batch_dates(raw).values()) + timedelta(days=1)
    path = raw / "members" / f"{day:%Y%m%d}_members_incremental.csv"
    rows.write_csv(path)
    return path, rows.height


if __name__ == "__main__":
    written, n = write_batch(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))
    Path(sys.argv[4]).write_text(json.dumps({"path": str(written), "rows": n}))
