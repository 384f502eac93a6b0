"""Labour-dispute mediation cases: received, mediated for days or weeks, then closed with an outcome."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl

from pipelines.sample import codes
from pipelines.sample.frames import as_dates, days, masked
from pipelines.sample.ledger import CLOSED_AT, People, employers

CASES_PER_YEAR = 300
DISPUTES = ["wages", "social_insurance", "contract", "injury", "hours", "other"]
DISPUTE_P = [0.45, 0.15, 0.15, 0.10, 0.08, 0.07]
OUTCOMES = ["success", "failed", "withdrawn", "transferred"]
OUTCOME_P = ([0.78, 0.08, 0.10, 0.04], [0.50, 0.10, 0.07, 0.33])  # closed within 15 days / later
EMPLOYER_SHARE, CLAIM_SHARE, AGREED_SHARE, APPLICANT_SHARE = 0.88, 0.85, 0.9, 0.65
SCHEMA = {"case_no": pl.String, "received": pl.Date, "org_code": pl.String, "employer_uscc": pl.String,
          "dispute_type": pl.String, "workers": pl.Int64, "amount_claimed": pl.Int64, "outcome": pl.String,
          "closed": pl.Date, "amount_agreed": pl.Int64, "applicant_id": pl.String}  # amounts in fen


class Mediation:
    """Draws a month's cases (numbered TJ<county>-<year>-<seq> within each year) and shows them as of a date."""

    def __init__(self, county: str, key: int, people: People):
        self.county, self.key, self.people, self.seq = county, key, people, {}

    def _numbers(self, received: np.ndarray) -> pl.Series:
        """Case numbers for cases sorted by receipt: the sequence restarts each calendar year."""
        years = received.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        seq = np.zeros(len(years), dtype=np.int64)
        for y in np.unique(years):
            at = years == y
            seq[at] = self.seq.get(int(y), 0) + 1 + np.arange(at.sum())
            self.seq[int(y)] = int(seq[at][-1])
        return (f"TJ{self.county}-" + pl.Series(years).cast(pl.String) + "-"
                + pl.Series(seq).cast(pl.String).str.zfill(4))

    def draw(self, rng: np.random.Generator, n: int, start: date, end: date, state: pl.DataFrame) -> pl.DataFrame:
        """n cases received in [start, end] with their whole life; the case closes `closed` or never."""
        received = np.sort(days(start) + rng.integers(0, days(end) - days(start) + 1, n))
        who = employers(rng, state, n)
        kind = rng.random(n)
        duration = np.where(kind < 0.55, rng.integers(1, 16, n),
                            np.where(kind < 0.9, rng.integers(16, 46, n), rng.integers(46, 121, n)))
        quick = duration <= 15
        outcome = np.where(quick, np.array(OUTCOMES)[rng.choice(4, n, p=OUTCOME_P[0])],
                           np.array(OUTCOMES)[rng.choice(4, n, p=OUTCOME_P[1])])
        workers = np.where(rng.random(n) < 0.7, 1, np.where(rng.random(n) < 0.75, rng.integers(2, 6, n),
                                                              rng.integers(6, 60, n)))
        claimed = np.round(15000 * workers**0.7 * np.exp(0.8 * rng.standard_normal(n)) * 100)
        claimed = np.minimum(claimed, 999_999_999).astype(np.int64)  # below 10 million yuan
        has_claim = rng.random(n) < CLAIM_SHARE
        agreed = np.round(claimed * rng.uniform(0.55, 1.0, n)).astype(np.int64)
        has_agreed = (outcome == "success") & has_claim & (rng.random(n) < AGREED_SHARE)
        ids = codes.id_numbers(self.county, self.people.indices(rng, n), self.key)
        return pl.DataFrame({
            "case_no": self._numbers(received),
            "received": as_dates(received),
            "org_code": who["org_code"],
            "employer_uscc": masked(who["uscc"], rng.random(n) < EMPLOYER_SHARE, pl.String),
            "dispute_type": np.array(DISPUTES)[rng.choice(len(DISPUTES), n, p=DISPUTE_P)],
            "workers": workers, "amount_claimed": masked(claimed, has_claim, pl.Int64),
            "outcome": outcome, "closed": as_dates(received + duration),
            "amount_agreed": masked(agreed, has_agreed, pl.Int64),
            "applicant_id": masked(ids, rng.random(n) < APPLICANT_SHARE, pl.String),
        }, schema_overrides=SCHEMA).with_columns(pl.col("closed").cast(pl.Datetime("us")).alias(CLOSED_AT))


def mediation_snapshot(cases: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """The cases as the ledger shows them at `as_of`: not yet closed means pending, no date, no agreement."""
    done = pl.col(CLOSED_AT) <= as_of
    return cases.with_columns(
        pl.when(done).then(pl.col("outcome")).otherwise(pl.lit("pending")).alias("outcome"),
        pl.when(done).then(pl.col("closed")).alias("closed"),
        pl.when(done).then(pl.col("amount_agreed")).alias("amount_agreed"),
    ).drop(CLOSED_AT)
