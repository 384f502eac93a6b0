"""A last look at what leaves for the province: nothing shaped like an ID number or a mobile number."""

from __future__ import annotations

import json
import re

# Digit runs not inside a longer token or a decimal fraction: an 18-character ID (17 digits +
# digit/X) or an 11-digit mobile number starting with 1.
PATTERNS = {
    "id_number": re.compile(r"(?<![0-9A-Za-z.])\d{17}[\dXx](?![0-9A-Za-z])"),
    "mobile": re.compile(r"(?<![0-9A-Za-z.])1\d{10}(?![0-9A-Za-z])"),
}


def personal_data_hits(body: dict) -> list[str]:
    """Where the body looks like it holds personal data: 'observations[3]: mobile' (never the value).

    The checksum is left out: it is a hex digest, whose digit runs mean nothing.
    """
    parts = {name: value for name, value in body.items() if name not in ("checksum", "observations")}
    places = {"body": parts, **{f"observations[{i}]": obs for i, obs in enumerate(body.get("observations", []))}}
    return [f"{where}: {kind}" for where, part in places.items()
            for kind, pattern in PATTERNS.items() if pattern.search(json.dumps(part, ensure_ascii=False))]
