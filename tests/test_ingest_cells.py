"""Cells: every spelling the standard allows for dates, datetimes, numbers, booleans, enums, nulls and codes."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc

from pipelines.ingest.judge.identifiers import id_number_valid, uscc_valid
from pipelines.ingest.judge.parse import (cleaned, nfkc_stable, parse_amount, parse_boolean, parse_date, parse_datetime,
                                          parse_enum, parse_integer)
from pipelines.ingest.judge.typed import typed_frame
from pipelines.ingest.specs import MEMBERS
from pipelines.ingest.specs import MEDIATION


def run(expr_fn, values: list, **kw) -> list:
    """Apply a parser to cleaned text values, the way the ingest does."""
    frame = pl.DataFrame({"x": values}, schema={"x": pl.String})
    return frame.select(expr_fn(cleaned("x"), **kw).alias("y"))["y"].to_list()


def test_null_spellings_in_any_case_are_null():
    assert run(lambda e: e, ["", "  ", "-", "/", "无", "NULL", "null", "N/A", "n/a", "　", "x"]) == [None] * 10 + ["x"]


def test_nfkc_is_skipped_only_where_it_changes_nothing():
    """The shortcut that skips NFKC for ASCII and CJK-ideograph columns must clean exactly as NFKC would."""
    assert nfkc_stable(pl.Series(["张三", "欧阳 娜娜", "Li Lei", None]))
    for odd in ("１２３", "ﾃｽﾄ", "张　三", "㈱", "Ａ"):  # full-width, half-width kana, ideographic space, compat forms
        assert not nfkc_stable(pl.Series(["张三", odd]))
    def names_frame(names: list[str]) -> pl.DataFrame:
        columns = {c.name: names if c.name == "name" else [None] * len(names) for c in MEMBERS.columns}
        return pl.DataFrame({"__row": list(range(len(names))), **columns},
                            schema={"__row": pl.Int64, **{c.name: pl.String for c in MEMBERS.columns}})

    fast = typed_frame(names_frame(["张三", " 李四 "]), MEMBERS, only=["name"])
    slow = typed_frame(names_frame(["张三", " 李四 ", "王　五", "ＡＢＣ", "无"]), MEMBERS, only=["name"])
    assert fast["t_name"].to_list() == ["张三", "李四"]
    assert slow["t_name"].to_list() == ["张三", "李四", "王 五", "ABC", None]


def test_every_date_spelling_and_the_invalid_ones():
    got = run(parse_date, ["2026-10-31", "2026/10/31", "2026/10/1", "2026.10.31", "20261031", "2026年10月31日",
                           "２０２６-１０-３１", "2026-02-30", "2026-10/31", "31/10/2026", "2026-10-31 08:00"])
    d = dt.date(2026, 10, 31)
    assert got == [d, d, dt.date(2026, 10, 1), d, d, d, d, None, None, None, None]


def test_excel_date_cells_count_only_at_midnight():
    frame = pl.DataFrame({"x": ["2026-10-31 00:00:00", "2026-10-31 08:30:00", "2026/9/1"],
                          "xl": [dt.datetime(2026, 10, 31), dt.datetime(2026, 10, 31, 8, 30), None]})
    got = frame.select(parse_date(cleaned("x"), pl.col("xl")).alias("y"))["y"].to_list()
    assert got == [dt.date(2026, 10, 31), None, dt.date(2026, 9, 1)]


def test_datetimes_need_a_time_and_accept_excel_cells():
    got = run(parse_datetime, ["2026-10-31 08:30", "2026/10/31 8:30:15", "20261031 23:59", "2026年10月31日 08:30",
                               "2026-10-31", "2026-10-31 25:00"])
    assert got == [dt.datetime(2026, 10, 31, 8, 30), dt.datetime(2026, 10, 31, 8, 30, 15),
                   dt.datetime(2026, 10, 31, 23, 59), dt.datetime(2026, 10, 31, 8, 30), None, None]


def test_integers_and_amounts_with_separators_yuan_and_fullwidth_digits():
    assert run(parse_integer, ["12,345", "１２", "54元", "12.0", "12.5", "1,23", "-3", "abc"]) == \
        [12345, 12, 54, 12, None, None, -3, None]
    assert run(parse_amount, ["12,345.50", "44,926.20元", "１００.５", "0", "12,34.5", "一百"]) == \
        [12345.5, 44926.2, 100.5, 0.0, None, None]


def test_booleans_in_any_case():
    assert run(parse_boolean, ["是", "否", "Y", "n", "1", "0", "TRUE", "false", "yes"]) == \
        [True, False, True, False, True, False, True, False, None]


def test_enumerations_by_code_or_chinese_label():
    labels = MEDIATION.column("outcome").labels
    assert run(parse_enum, ["success", "调解成功", "SUCCESS", "转仲裁", "成功"], labels=labels) == \
        ["success", "success", "success", "transferred", None]


@pytest.mark.parametrize("seed", [1, 2])
def test_id_number_check_agrees_with_python_stdnum(seed):
    rnd = random.Random(seed)
    ids = ["11010519491231002X", "110105194912310021", "11010519491331002X"]
    for _ in range(3000):
        body = "".join(rnd.choice("0123456789") for _ in range(6)) + \
            f"19{rnd.randint(0, 99):02d}{rnd.randint(1, 13):02d}{rnd.randint(1, 31):02d}" + \
            "".join(rnd.choice("0123456789") for _ in range(3))
        ids.append(body + (ric.calc_check_digit(body + "0") if rnd.random() < 0.5 else rnd.choice("0123456789X")))

    def oracle(n: str) -> bool:
        try:
            dt.datetime.strptime(n[6:14], "%Y%m%d")
        except ValueError:
            return False
        return ric.calc_check_digit(n) == n[17]  # stdnum takes the number with its check digit

    got = pl.DataFrame({"n": ids}).select(id_number_valid(pl.col("n")))["n"].to_list()
    assert got == [oracle(n) for n in ids]
    assert got[:3] == [True, False, False]


def test_uscc_check_agrees_with_python_stdnum():
    rnd = random.Random(7)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    codes = ["91110000600037341L", "91110000600037341M", "9111000060003734IL"]
    for _ in range(3000):
        body = "".join(rnd.choice(alphabet) for _ in range(17))
        codes.append(body + (stdnum_uscc.calc_check_digit(body) if rnd.random() < 0.5 else rnd.choice(alphabet)))
    got = pl.DataFrame({"c": codes}).select(uscc_valid(pl.col("c")))["c"].to_list()
    want = [all(ch in alphabet for ch in c) and stdnum_uscc.calc_check_digit(c[:17]) == c[17] for c in codes]
    assert got == want
    assert got[:3] == [True, False, False]
