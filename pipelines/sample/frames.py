"""Small numpy/polars helpers the generators share."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

EPOCH = date(1970, 1, 1)


def days(d: date) -> int:
    """Days since 1970-01-01 (the integer form of a polars Date)."""
    return (d - EPOCH).days


def as_dates(day_numbers: np.ndarray) -> pl.Series:
    """Days since 1970 as a polars Date Series."""
    return pl.Series(np.asarray(day_numbers, dtype=np.int32)).cast(pl.Date)


def masked(values, keep: np.ndarray, dtype: pl.DataType) -> pl.Series:
    """values where keep is true, null elsewhere."""
    series = values.cast(dtype) if isinstance(values, pl.Series) else pl.Series(values).cast(dtype)
    return pl.select(pl.when(pl.Series(np.asarray(keep, dtype=bool))).then(series)).to_series()


def per_value(values: np.ndarray, mapping: dict, default=None) -> np.ndarray:
    """mapping[v] for each value, looked up once per distinct value."""
    uniq, inverse = np.unique(np.asarray(values).astype(str), return_inverse=True)
    return np.array([mapping.get(u, default) for u in uniq], dtype=object)[inverse]


def text(values: np.ndarray) -> pl.Series:
    """A string Series from a numpy array that may hold None."""
    values = np.asarray(values)
    return pl.Series(values.tolist() if values.dtype == object else values, dtype=pl.String)


def shuffled(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """The rows in random order."""
    return frame.select(pl.all().gather(rng.permutation(frame.height)))
