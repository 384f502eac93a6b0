"""Typed values as officers write them: every date spelling, codes or Chinese labels, 元 and commas.

`plain` spelling is one canonical form (ISO dates, codes, bare numbers, empty nulls); `varied` picks a
form per cell among all the contract accepts. For XLSX, some cells are marked to be written as real
Excel date/number cells instead of text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.ingest.specs import Column, Source

NULLS = ["", "", "", "", "-", "/", "无", "NULL", "N/A", "null", "n/a"]
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y/%-m/%-d", "%Y.%m.%d", "%Y%m%d", "%Y年%-m月%-d日"]
DATE_P = [0.35, 0.2, 0.15, 0.1, 0.1, 0.1]
DATETIME_DATE_P = [0.5, 0.25, 0.1, 0.05, 0.05, 0.05]
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
BOOLEANS = [("是", "否"), ("Y", "N"), ("1", "0"), ("true", "false"), ("TRUE", "FALSE"), ("y", "n"), ("True", "False")]
FULL_WIDTH = (list("0123456789"), list("０１２３４５６７８９"))
EXCEL_SHARE = {"date": 0.4, "datetime": 0.4, "integer": 0.4, "amount": 0.2}


@dataclass(frozen=True)
class Spelled:
    """The cells as text, and (XLSX only) which cells of a column to write as typed Excel cells."""

    text: pl.DataFrame
    excel: dict[str, np.ndarray]


def _choose(options: list[pl.Series], which: np.ndarray) -> pl.Series:
    """Per row, the option numbered `which`."""
    expr = pl.when(pl.Series(which == 0)).then(options[0])
    for k, option in enumerate(options[1:], 1):
        expr = expr.when(pl.Series(which == k)).then(option)
    return pl.select(expr.otherwise(options[0])).to_series()


def _pick(rng: np.random.Generator, n: int, p: list[float]) -> np.ndarray:
    return rng.choice(len(p), n, p=np.asarray(p) / np.sum(p))


def grouped(v: pl.Series) -> pl.Series:
    """Non-negative integers (< 10^9) with thousands separators."""
    parts = [(v // 1_000_000), (v // 1000) % 1000, v % 1000]
    three = [p.cast(pl.String).str.zfill(3) for p in parts]
    return pl.select(
        pl.when(v >= 1_000_000).then(parts[0].cast(pl.String) + "," + three[1] + "," + three[2])
        .when(v >= 1000).then((v // 1000).cast(pl.String) + "," + three[2])
        .otherwise(v.cast(pl.String))).to_series()


def _varied(s: pl.Series, col: Column, rng: np.random.Generator) -> pl.Series:
    n = s.len()
    if col.kind == "date":
        return _choose([s.dt.strftime(f) for f in DATE_FORMATS], _pick(rng, n, DATE_P))
    if col.kind == "datetime":
        day = _choose([s.dt.strftime(f) for f in DATE_FORMATS], _pick(rng, n, DATETIME_DATE_P))
        return day + " " + _choose([s.dt.strftime(f) for f in TIME_FORMATS], rng.integers(0, 2, n))
    if col.kind == "integer":
        out = _choose([s.cast(pl.String), grouped(s)], (rng.random(n) < 0.3).astype(int))
        return _choose([out, out.str.replace_many(*FULL_WIDTH)], (rng.random(n) < 0.04).astype(int))
    if col.kind == "amount":
        cents = "." + (s % 100).cast(pl.String).str.zfill(2)
        out = _choose([(s // 100).cast(pl.String) + cents, grouped(s // 100) + cents], rng.integers(0, 2, n))
        out = _choose([out, out + "元"], (rng.random(n) < 0.25).astype(int))
        return _choose([out, out.str.replace_many(*FULL_WIDTH)], (rng.random(n) < 0.02).astype(int))
    if col.kind == "boolean":
        which = rng.integers(0, len(BOOLEANS), n)
        return _choose([pl.select(pl.when(s).then(pl.lit(t)).otherwise(pl.lit(f))).to_series()
                        for t, f in BOOLEANS], which)
    if col.kind == "enum":
        return _choose([s, s.replace_strict(col.labels, default=s)], rng.integers(0, 2, n))
    if col.kind == "uscc":
        return _choose([s, s.str.to_lowercase()], (rng.random(n) < 0.03).astype(int))
    if col.kind == "id_number":
        return _choose([s, s.str.replace("X", "x", literal=True)], (rng.random(n) < 0.3).astype(int))
    return s


def _plain(s: pl.Series, col: Column) -> pl.Series:
    if col.kind == "date":
        return s.dt.strftime("%Y-%m-%d")
    if col.kind == "datetime":
        return s.dt.strftime("%Y-%m-%d %H:%M:%S")
    if col.kind == "amount":
        return (s // 100).cast(pl.String) + "." + (s % 100).cast(pl.String).str.zfill(2)
    if col.kind == "boolean":
        return pl.select(pl.when(s).then(pl.lit("true")).otherwise(pl.lit("false"))).to_series()
    return s.cast(pl.String)


def spell(frame: pl.DataFrame, source: Source, rng: np.random.Generator, varied: bool, excel: bool) -> Spelled:
    """Every column of `source` present in `frame` as text; nulls in one of the null spellings."""
    out, cells = {}, {}
    n = frame.height
    for col in source.columns:
        if col.name not in frame.columns:
            continue
        s = frame[col.name]
        text = (_varied(s, col, rng) if varied else _plain(s, col)).cast(pl.String)
        null = pl.Series(NULLS).gather(rng.integers(0, len(NULLS), n)) if varied else pl.Series([""] * n)
        out[col.name] = pl.select(pl.when(s.is_null()).then(null).otherwise(text)).to_series().alias(col.name)
        if excel and col.kind in EXCEL_SHARE:
            cells[col.name] = s.is_not_null().to_numpy() & (rng.random(n) < EXCEL_SHARE[col.kind])
    return Spelled(pl.DataFrame(out, schema={k: pl.String for k in out}) if out else pl.DataFrame(), cells)
