"""Workers' grievances (12351 hotline, visits, letters, online, rights cards): answered, then closed."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl

from pipelines.sample import codes
from pipelines.sample.frames import days, masked
from pipelines.sample.ledger import CLOSED_AT, People, employers
from pipelines.sample.mediation import DISPUTE_P, DISPUTES

GRIEVANCES_PER_YEAR = 1500
CHANNELS = ["hotline", "visit", "letter", "online", "card"]
CHANNEL_P = [0.5, 0.15, 0.05, 0.2, 0.1]
SATISFACTION = ["satisfied", "basic", "unsatisfied", "none"]
SATISFACTION_P = [0.55, 0.25, 0.08, 0.12]
EMPLOYER_SHARE, COMPLAINANT_SHARE, PHONE_SHARE, RESOLVED_P = 0.65, 0.55, 0.8, 0.82
HOUR = 3600
SCHEMA = {"ticket_no": pl.String, "channel": pl.String, "received_at": pl.Datetime("us"), "org_code": pl.String,
          "employer_uscc": pl.String, "topic": pl.String, "responded_at": pl.Datetime("us"),
          "closed_at": pl.Datetime("us"), "resolved": pl.Boolean, "satisfaction": pl.String,
          "complainant_id": pl.String, "complainant_phone": pl.String}


def _minutes(seconds: np.ndarray) -> np.ndarray:
    """Whole minutes (so HH:MM and HH:MM:SS spell the same moment), never exactly 00:00, which would
    read as a bare date."""
    seconds = seconds // 60 * 60
    return np.where(seconds % 86400 == 0, seconds + 60, seconds)


def _datetimes(seconds: np.ndarray, keep: np.ndarray) -> pl.Series:
    return masked(pl.Series(seconds * 1_000_000).cast(pl.Datetime("us")), keep, pl.Datetime("us"))


class Grievances:
    """Draws a month's tickets (12351-<county>-<seq>, numbered in order of receipt) with their whole life."""

    def __init__(self, county: str, key: int, people: People, width: int):
        self.county, self.key, self.people, self.width, self.seq = county, key, people, width, 0

    def draw(self, rng: np.random.Generator, n: int, start: date, end: date, state: pl.DataFrame) -> pl.DataFrame:
        """n tickets received in [start, end]; most answered within hours and closed within days."""
        channel = np.array(CHANNELS)[rng.choice(len(CHANNELS), n, p=CHANNEL_P)]
        day = days(start) + rng.integers(0, days(end) - days(start) + 1, n)
        office = rng.integers(8 * HOUR, 18 * HOUR, n)
        clock = np.where(channel == "hotline", rng.integers(0, 24 * HOUR, n), office)
        received = np.sort(_minutes(day * 86400 + clock))
        slow = rng.random(n) < 0.1
        responded = _minutes(received + np.where(slow, rng.integers(24 * HOUR, 72 * HOUR, n),
                                                      rng.exponential(6 * HOUR, n).astype(np.int64) + 300))
        abandoned = rng.random(n) < 0.04
        closes = ~abandoned & (rng.random(n) < 0.95)
        closed = _minutes(responded + (rng.gamma(1.5, 4.0, n) * 86400).astype(np.int64) + HOUR)
        who = employers(rng, state, n)
        seq = self.seq + 1 + np.arange(n)
        self.seq += n
        return pl.DataFrame({
            "ticket_no": f"12351-{self.county}-" + pl.Series(seq, dtype=pl.Int64).cast(pl.String).str.zfill(self.width),
            "channel": channel, "received_at": _datetimes(received, np.ones(n, bool)),
            "org_code": who["org_code"],
            "employer_uscc": masked(who["uscc"], rng.random(n) < EMPLOYER_SHARE, pl.String),
            "topic": np.array(DISPUTES)[rng.choice(len(DISPUTES), n, p=DISPUTE_P)],
            "responded_at": _datetimes(responded, ~abandoned),
            "closed_at": _datetimes(closed, closes),
            "resolved": rng.random(n) < RESOLVED_P,
            "satisfaction": np.array(SATISFACTION)[rng.choice(4, n, p=SATISFACTION_P)],
            "complainant_id": masked(codes.id_numbers(self.county, self.people.indices(rng, n), self.key),
                                     rng.random(n) < COMPLAINANT_SHARE, pl.String),
            "complainant_phone": masked(codes.mobiles(rng, n), rng.random(n) < PHONE_SHARE, pl.String),
        }, schema_overrides=SCHEMA).with_columns(pl.col("closed_at").alias(CLOSED_AT))


def grievance_snapshot(tickets: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """The tickets as known at `as_of`: later answers and closures not yet; no verdict while open."""
    done = pl.col("closed_at") <= as_of
    return tickets.with_columns(
        pl.when(pl.col("responded_at") <= as_of).then(pl.col("responded_at")).alias("responded_at"),
        pl.when(done).then(pl.col("closed_at")).alias("closed_at"),
        pl.when(done).then(pl.col("resolved")).alias("resolved"),
        pl.when(done).then(pl.col("satisfaction")).alias("satisfaction"),
    ).drop(CLOSED_AT)
