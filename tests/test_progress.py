"""Progress on long work: a file still loading after the interval says, in the run log, rows done, rows per
second and the time left, every interval; a file done within it says nothing."""

import datetime as dt
import re
from pathlib import Path

import dagster as dg
import polars as pl

from raw_files import MEMBER_HEADER, id_number, landing, write_csv
from test_ingest_rows import member
from pipelines.ingest.load import load_source
from pipelines.ingest.progress import SHARES, FileProgress, duration
from pipelines.settings import Settings
from pipelines.warehouse import writing

READING = re.compile(r"\] 20260905_members\.csv: 读取 reading ([\d,]+) 行 rows(（约 about \d+%）)?, "
                     r"每秒 ([\d,]+) 行 rows/s, 剩余 (约 .+ about .+|待估 not known yet) left$")
WRITING = re.compile(r"\] 20260905_members\.csv: 校验写入 judging and writing ([\d,]+) / ([\d,]+) 行 rows, "
                     r"每秒 ([\d,]+) 行 rows/s, 剩余 约 .+ about .+ left$")
SETTLING = re.compile(r"\] 20260905_members\.csv: 已写入 written ([\d,]+) / ([\d,]+) 行 rows, 正在判定重复并计数 "
                      r"settling duplicates, 剩余 (约 .+ about .+|即将完成 almost done) left$")


def loader(chunk_rows: int) -> dg.AssetsDefinition:
    """An asset loading regions then members as the staging assets do (context.log.info, the interval setting),
    in chunks of `chunk_rows` rows so that a test-sized file streams in many."""

    @dg.asset
    def progress_load(context: dg.AssetExecutionContext, settings: Settings) -> None:
        with writing(settings.warehouse_path) as con:
            for source in ("regions", "members"):
                load_source(con, Path(settings.raw_dir), source, settings.pii_key(), context.run_id,
                            progress=context.log.info, chunk_rows=chunk_rows,
                            progress_every=settings.progress_seconds)

    return progress_load


def members_file(tmp_path: Path, n: int) -> Path:
    """A landing zone with one members file of `n` valid rows."""
    raw = landing(tmp_path)
    births = [(dt.date(1960, 1, 1) + dt.timedelta(days=i // 900)).strftime("%Y%m%d") for i in range(n)]
    rows = [MEMBER_HEADER] + [member(id=id_number(b, f"{i % 900 + 100:03d}"), card=f"K{i}")
                              for i, b in enumerate(births)]
    write_csv(raw / "members" / "20260905_members.csv", rows)
    return raw


def progress_lines(tmp_path: Path, monkeypatch, n: int, chunk_rows: int, every: str) -> list[str]:
    """Load a members file of `n` rows in a real Dagster run; the run log's progress lines for it."""
    raw = members_file(tmp_path, n)
    monkeypatch.setenv("UNIONPIPE_PROGRESS_SECONDS", every)
    settings = Settings.from_env(raw_dir=str(raw), warehouse_path=str(tmp_path / "w.duckdb"))
    with dg.DagsterInstance.get() as instance:
        result = dg.materialize([loader(chunk_rows)], resources={"settings": settings}, instance=instance)
        assert result.success
        messages = [e.user_message for e in instance.all_logs(result.run_id) if e.dagster_event is None]
    done = [m for m in messages if "20260905_members.csv: loaded: read" in m]
    assert len(done) == 1 and f"read {n}," in done[0]  # the file loaded whole, whatever was said on the way
    return [m for m in messages if any(f"20260905_members.csv: {w}" in m for w in ("读取", "校验写入", "已写入"))]


def test_a_long_file_says_rows_done_rate_and_time_left_every_interval(tmp_path, monkeypatch, capfd):
    n = 6000
    lines = progress_lines(tmp_path, monkeypatch, n, chunk_rows=250, every="0.05")
    assert len(lines) >= 2, lines  # 48 chunks through two passes, each far longer than 0.05 s
    for line in lines:
        assert READING.search(line) or WRITING.search(line) or SETTLING.search(line), line
    writes = [WRITING.search(line) for line in lines if WRITING.search(line)]
    assert writes, lines
    for m in writes:
        done, total = (int(g.replace(",", "")) for g in m.group(1, 2))
        assert total == n and 0 <= done <= n and done % 250 == 0
    reads = [int(READING.search(line).group(1).replace(",", "")) for line in lines if READING.search(line)]
    assert all(0 < r <= n and r % 250 == 0 for r in reads), reads
    done_counts = [int(m.group(1).replace(",", "")) for m in writes]
    assert done_counts == sorted(done_counts)
    # Tests are no terminal: the run log's lines only, no bar on stderr.
    assert "%|" not in capfd.readouterr().err


def test_a_file_done_within_the_interval_says_nothing(tmp_path, monkeypatch):
    # 600 rows in three chunks take well under a second; 20 s leaves room for a busy machine.
    assert progress_lines(tmp_path, monkeypatch, 600, chunk_rows=250, every="20") == []


def test_time_left_reads_in_chinese_and_english():
    assert duration(0.2) == "约 1 秒 about 1 s"
    assert duration(72) == "约 1 分 12 秒 about 1 min 12 s"
    assert duration(3 * 3600 + 65) == "约 3 小时 1 分 about 3 h 1 min"


def test_a_csv_read_half_way_is_about_half_read_and_exactly_counted_when_writing():
    frame = pl.DataFrame({"a": ["x" * 9] * 100})  # 100 rows of 10 bytes: 1,000 bytes
    with FileProgress("[members 1/1] f.csv", 2000, lambda _msg: None, every=60.0, terminal=False) as going:
        going.read(frame)
        assert abs(going.share() - SHARES["reading"] / 2) < 1e-9
        assert going.line().startswith("读取 reading 100 行 rows（约 about 50%）, 每秒 ")
        for _ in going.judging([frame, frame.head(0), frame], 200):
            pass
        going.written()
        assert going.line().startswith("校验写入 judging and writing 100 / 200 行 rows, 每秒 ")
        going.written()
        assert going.line().startswith("校验写入 judging and writing 200 / 200 行 rows, 每秒 ")
        going.settling()
        assert going.line().startswith("已写入 written 200 / 200 行 rows, 正在判定重复并计数 settling duplicates, 剩余 ")
        assert going.share() == SHARES["writing"]


def test_an_xlsx_being_read_gives_no_share_until_its_rows_are_counted():
    frame = pl.DataFrame({"a": ["x" * 9] * 100})
    with FileProgress("[members 1/1] f.xlsx", 0, lambda _msg: None, every=60.0, terminal=False) as going:
        going.read(frame)
        assert going.share() is None and "剩余 待估 not known yet left" in going.line()


def test_no_bar_when_nobody_watches_a_terminal():
    from pipelines.ingest import progress

    progress.watch_terminal()  # pytest captures stdout and stderr: as under cron or a pipe
    assert progress._terminal is None
    assert FileProgress("[members 1/1] f.csv", 10, lambda _msg: None, every=5.0).bar.disable
