"""Check characters of ID numbers (GB 11643) and credit codes (GB 32100), over whole columns.

python-stdnum is the oracle these are tested against. Both codes are 18 ASCII characters, so the
check runs on a (rows × 18) byte matrix in NumPy, wrapped as Polars expressions: ten million rows
are checked without a Python loop and without one string slice per position.
"""

from __future__ import annotations

import numpy as np
import polars as pl

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
WIDTH = 18
DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] + [0] * 87)  # index: 0–99

# Byte -> value of a USCC character (-1: not in the alphabet; bytes of non-ASCII text never are).
USCC_VALUE = np.full(256, -1, dtype=np.int64)
USCC_VALUE[np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)
ID_CHECK_BYTES = np.frombuffer(ID_CHECK.encode(), dtype=np.uint8)
USCC_BYTES = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)


def _matrix(s: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the rows that are exactly 18 bytes, their bytes as a uint8 matrix of 18 columns)."""
    fits = (s.str.len_bytes() == WIDTH).fill_null(False)
    arr = s.filter(fits).to_arrow(compat_level=pl.CompatLevel.oldest())
    rows = fits.arg_true().to_numpy()
    if len(arr) == 0:
        return rows, np.zeros((0, WIDTH), dtype=np.uint8)
    # The filtered strings are all 18 bytes and contiguous: the data buffer reshapes as it is.
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
    return rows, data.reshape(-1, WIDTH)


def _real_dates(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """True where (y, m, d) is a real calendar date (proleptic Gregorian, as strptime reads %Y%m%d)."""
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    return (m >= 1) & (m <= 12) & (d >= 1) & (d <= DAYS_IN_MONTH[m] + (leap & (m == 2)))


def _ymd(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day from positions 7–14 of ID digits."""
    y = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    return y, digits[:, 10:12] @ np.array([10, 1]), digits[:, 12:14] @ np.array([10, 1])


def _id_rows(s: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row positions of valid ID numbers, their 17 digits)."""
    rows, mat = _matrix(s)
    body, last = mat[:, :17] - np.uint8(ord("0")), mat[:, 17]  # a byte below '0' wraps above 9
    ok = (body <= 9).all(axis=1)
    rows, body, last = rows[ok], body[ok].astype(np.int64), last[ok]
    ok = (last == ID_CHECK_BYTES[(body @ np.array(ID_WEIGHTS)) % 11]) & _real_dates(*_ymd(body))
    return rows[ok], body[ok]


def _id_valid_series(s: pl.Series) -> pl.Series:
    out = np.zeros(len(s), dtype=bool)
    out[_id_rows(s)[0]] = True
    return pl.Series(s.name, out)


def _uscc_valid_series(s: pl.Series) -> pl.Series:
    rows, mat = _matrix(s)
    values = USCC_VALUE[mat]
    ok = (values >= 0).all(axis=1)
    check = (31 - (values[:, :17] @ np.array(USCC_WEIGHTS)) % 31) % 31
    ok &= mat[:, 17] == USCC_BYTES[check]
    out = np.zeros(len(s), dtype=bool)
    out[rows[ok]] = True
    return pl.Series(s.name, out)


def id_number_valid(t: pl.Expr) -> pl.Expr:
    """True where `t` (upper-cased) is 17 digits + a correct check character and a real birth date."""
    return t.map_batches(_id_valid_series, return_dtype=pl.Boolean)


def birth_date_of_id(t: pl.Expr) -> pl.Expr:
    """The birth date written in positions 7–14 of an ID number."""
    return t.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)


def birth_year_of_id(t: pl.Expr) -> pl.Expr:
    """The birth year written in positions 7–10 of an ID number: all of the birth date analysts may see."""
    return birth_date_of_id(t).dt.year().cast(pl.Int16)


def gender_of_id(t: pl.Expr) -> pl.Expr:
    """'M' when the 17th digit is odd, else 'F'."""
    return pl.when(t.str.slice(16, 1).cast(pl.Int32, strict=False) % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("F"))


def uscc_valid(t: pl.Expr) -> pl.Expr:
    """True where `t` (upper-cased) is 18 characters of the code alphabet with a correct check character."""
    return t.map_batches(_uscc_valid_series, return_dtype=pl.Boolean)
