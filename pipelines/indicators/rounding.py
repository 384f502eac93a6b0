"""Rounding for publishing: half away from zero, exact, with the contract's decimals per unit."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

# Decimals written for each unit measure (indicator contract, "Values and status").
DECIMALS: dict[str, int] = {"RATIO": 4, "DAYS": 1, "CNY": 2, "PER_1000": 2, "COUNT": 0}


def round_half_away(value: float | int | str | Decimal, decimals: int) -> Decimal:
    """`value` rounded half away from zero to exactly `decimals` places.

    A float is taken as the shortest decimal that reads back as it (0.12345, not its binary
    neighbour 0.1234499…), so 0.12345 → 0.1235 at 4 and -0.5 → -1 at 0.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot round {value!r}")
        exact = Decimal(repr(value))
    else:
        exact = Decimal(value)
    with localcontext() as ctx:
        ctx.prec = 100  # quantize must never run out of digits
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # ROUND_HALF_UP is half away from zero in decimal; drop the sign of a zero (-0.0000)
    return abs(rounded) if rounded == 0 else rounded


def format_value(value: float | None, unit_measure: str) -> str:
    """OBS_VALUE text: rounded for its unit with exactly its decimals; '' when missing."""
    if value is None:
        return ""
    return format(round_half_away(value, DECIMALS[unit_measure]), "f")
