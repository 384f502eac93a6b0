"""The bare baseline: DuckDB `read_csv` of each source's UTF-8 CSV files into one table, nothing else.

Usage: python benchmarks/baseline.py RAW_DIR DB_FILE COUNTS_JSON
Writes {source: {"rows": n, "files": n, "mode": "sniffed"|"all_varchar"}} to COUNTS_JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

SOURCES = ("regions", "units", "members", "mediation", "grievances")


def load_source(con: duckdb.DuckDBPyConnection, source: str, files: list[str]) -> str:
    """Create table `source` from its files; the read mode that worked."""
    sql = f"CREATE OR REPLACE TABLE {source} AS SELECT * FROM read_csv($files, union_by_name=true{{}})"
    try:
        con.execute(sql.format(""), {"files": files})
        return "sniffed"
    except duckdb.ConversionException:
        # A bad cell past the sniffer's sample breaks the sniffed type: read every column as text.
        con.execute(sql.format(", all_varchar=true"), {"files": files})
        return "all_varchar"


def main(raw: Path, db: Path, counts: Path) -> None:
    """Load every source of `raw` into a fresh DuckDB file and write the row counts."""
    if db.exists():
        db.unlink()
    con = duckdb.connect(str(db))
    out = {}
    for source in SOURCES:
        files = sorted(str(p) for p in (raw / source).glob("*.csv"))
        if not files:
            continue
        mode = load_source(con, source, files)
        rows = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
        out[source] = {"rows": rows, "files": len(files), "mode": mode}
    con.close()
    counts.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
