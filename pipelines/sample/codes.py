"""Identifiers in bulk: GB 11643 ID numbers, GB 32100 credit codes and mobile numbers, as numpy/polars.

Each number is a bijection of an integer index, so every index gives a distinct valid number and
the same index always gives the same number (no lookup tables, no Python loop per row).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_CODES = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)  # GB 11714 organisation code
# Birth dates of working-age people; 999 order codes (001-999) per day give the ID space.
BIRTH_FIRST, BIRTH_LAST = date(1962, 1, 1), date(2006, 12, 31)
BIRTH_DAYS = (BIRTH_LAST - BIRTH_FIRST).days + 1
ID_SPACE = BIRTH_DAYS * 999
USCC_SPACE = 31**8
MOBILE_PREFIXES = [f"13{d}" for d in range(10)] + ["150", "151", "152", "155", "156", "157", "158", "159",
                                                   "166", "173", "176", "177", "180", "181", "182", "183",
                                                   "185", "186", "187", "188", "189", "191", "198", "199"]


def _permute(index: np.ndarray, space: int, key: int) -> np.ndarray:
    """A keyed affine bijection of [0, space): distinct indices give distinct results."""
    index = np.asarray(index, dtype=np.int64)
    # A multiplier near the golden section of the space scatters neighbouring indices widely.
    mult = int(space * 0.6180339887) + key % 9973
    while np.gcd(mult, space) != 1:
        mult += 1
    if index.size and (index.min() < 0 or int(index.max()) >= min(space, 2**62 // mult)):
        raise ValueError(f"index outside the identifier space of {space:,}: lower --scale")
    return (index * mult + key) % space


def _ascii_strings(chars: np.ndarray) -> pl.Series:
    """Rows of ASCII byte codes (n × width) as one string Series."""
    chars = np.ascontiguousarray(chars, dtype=np.uint8)
    return pl.Series(chars.view(f"S{chars.shape[1]}").ravel()).cast(pl.String)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Decimal digits of non-negative integers, most significant first (n × width)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (np.asarray(values, dtype=np.int64)[:, None] // powers) % 10


def id_parts(county: str, index: np.ndarray, key: int) -> tuple[np.ndarray, np.ndarray]:
    """Birth day (days since 1970) and order code (1-999) of the ID numbers of these people."""
    j = _permute(index, ID_SPACE, key)
    first = (np.datetime64(BIRTH_FIRST, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64)
    return first + j // 999, j % 999 + 1


def id_numbers_from(county: str, birth_days: np.ndarray, order: np.ndarray) -> pl.Series:
    """ID numbers (check character computed) for birth days and order codes; any date is taken as is."""
    d = np.asarray(birth_days, dtype="datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return id_numbers_ymd(county, y, m, day, order)


def id_numbers_ymd(county: str, year: np.ndarray, month: np.ndarray, day: np.ndarray,
                   order: np.ndarray) -> pl.Series:
    """ID numbers built from date parts as given (so impossible dates can be made on purpose)."""
    n = len(order)
    body = np.concatenate([
        np.tile(np.array([int(c) for c in county], dtype=np.int64), (n, 1)),
        _digits(year, 4), _digits(month, 2), _digits(day, 2), _digits(order, 3),
    ], axis=1)
    check = ID_CHECK[(body * ID_WEIGHTS).sum(axis=1) % 11]
    return _ascii_strings(np.concatenate([body + ord("0"), check[:, None]], axis=1))


def id_numbers(county: str, index: np.ndarray, key: int) -> pl.Series:
    """Distinct valid ID numbers of the county, one per index."""
    birth, order = id_parts(county, index, key)
    return id_numbers_from(county, birth, order)


def usccs(prefixes: np.ndarray, county: str, index: np.ndarray, key: int) -> pl.Series:
    """Distinct valid credit codes: 2-character registration prefix, county, organisation code, check."""
    j = _permute(index, USCC_SPACE, key)
    body = (j[:, None] // 31 ** np.arange(7, -1, -1, dtype=np.int64)) % 31  # 8 alphabet positions
    chars = USCC_CODES[body]
    org_values = np.where(chars <= ord("9"), chars - ord("0"), chars - ord("A") + 10).astype(np.int64)
    org_check = (11 - (org_values * ORG_WEIGHTS).sum(axis=1) % 11) % 11  # 10 is written X
    org_idx = np.where(org_check == 10, USCC_ALPHABET.index("X"), org_check)
    uniq, inverse = np.unique(np.asarray(prefixes).astype(str), return_inverse=True)
    pre = np.array([[USCC_ALPHABET.index(c) for c in p] for p in uniq], dtype=np.int64).reshape(-1, 2)[inverse]
    county_idx = np.tile(np.array([int(c) for c in county], dtype=np.int64), (len(j), 1))
    values = np.concatenate([pre, county_idx, body, org_idx[:, None]], axis=1)
    check = (31 - (values * USCC_WEIGHTS).sum(axis=1) % 31) % 31
    return _ascii_strings(USCC_CODES[np.concatenate([values, check[:, None]], axis=1)])


def spoil_check(codes: pl.Series, alphabet: str, shift: np.ndarray) -> pl.Series:
    """The same codes with a wrong check character (shifted 1..len-1 places in the check alphabet)."""
    last = codes.str.slice(17, 1).str.to_uppercase().to_list()
    wrong = [alphabet[(alphabet.index(c) + int(s)) % len(alphabet)] for c, s in zip(last, shift)]
    return codes.str.slice(0, 17) + pl.Series(wrong, dtype=pl.String)


def mobiles(rng: np.random.Generator, n: int) -> pl.Series:
    """Plausible 11-digit mobile numbers."""
    prefix = pl.Series(MOBILE_PREFIXES).gather(rng.integers(0, len(MOBILE_PREFIXES), n))
    rest = pl.Series(rng.integers(0, 10**8, n)).cast(pl.String).str.zfill(8)
    return prefix + rest
