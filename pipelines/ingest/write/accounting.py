"""The nothing-lost check's figure: per file, read = loaded + duplicates + quarantined, and the tables agree
(judged inside each staging asset's step: ingest/assets.py)."""

from pipelines.warehouse import read_sql


def unbalanced_files(con, source: str) -> list[tuple]:
    """Files of `source` whose counts do not add up, or whose rows in the tables differ from the registry."""
    return con.execute(read_sql("audit/unbalanced_files.sql").replace("{source}", source)).fetchall()
