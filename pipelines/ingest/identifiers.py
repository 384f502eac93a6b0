"""Check characters of ID numbers (GB 11643) and credit codes (GB 32100), over whole columns.

python-stdnum is the oracle these are tested against; here they are Polars expressions so that ten
million rows are checked without a Python loop.
"""

from __future__ import annotations

import polars as pl

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_number_valid(t: pl.Expr) -> pl.Expr:
    """True where `t` (upper-cased) is 17 digits + a correct check character and a real birth date."""
    shaped = t.str.contains(r"^\d{17}[\dX]$")
    total = pl.sum_horizontal(
        t.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(ID_WEIGHTS)
    )
    expected = (total % 11).replace_strict(dict(enumerate(ID_CHECK)), default=None, return_dtype=pl.String)
    birth = t.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    return (shaped & (t.str.slice(17, 1) == expected) & birth.is_not_null()).fill_null(False)


def birth_date_of_id(t: pl.Expr) -> pl.Expr:
    """The birth date written in positions 7–14 of an ID number."""
    return t.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)


def gender_of_id(t: pl.Expr) -> pl.Expr:
    """'M' when the 17th digit is odd, else 'F'."""
    return pl.when(t.str.slice(16, 1).cast(pl.Int32, strict=False) % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("F"))


def uscc_valid(t: pl.Expr) -> pl.Expr:
    """True where `t` (upper-cased) is 18 characters of the code alphabet with a correct check character."""
    values = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
    shaped = t.str.contains(rf"^[{USCC_ALPHABET}]{{18}}$")
    total = pl.sum_horizontal(
        t.str.slice(i, 1).replace_strict(values, default=None, return_dtype=pl.Int32) * w
        for i, w in enumerate(USCC_WEIGHTS)
    )
    check = (31 - total % 31) % 31
    expected = check.replace_strict(dict(enumerate(USCC_ALPHABET)), default=None, return_dtype=pl.String)
    return (shaped & (t.str.slice(17, 1) == expected)).fill_null(False)
