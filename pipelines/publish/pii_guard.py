"""A last look at a package before it is written: nothing shaped like an ID number or a mobile number."""

from __future__ import annotations

import json

from pipelines.publish.province.privacy import PATTERNS

# Hex digests: their digit runs mean nothing, and a digest that happens to start with 11 digits must not refuse.
DIGEST_KEYS = frozenset({"sha256", "indicators_sha256"})


def csv_hits(data: bytes) -> list[str]:
    """Where indicators.csv looks personal: 'indicators.csv line 7: mobile' (never the value itself)."""
    lines = data.decode("utf-8").split("\n")
    return [f"indicators.csv line {n}: {kind}" for n, line in enumerate(lines, start=1)
            for kind, pattern in PATTERNS.items() if pattern.search(line)]


def manifest_hits(manifest: dict) -> list[str]:
    """Where the manifest looks personal: 'manifest.json batches[2]: id_number' (digests left out)."""
    parts = {key: value for key, value in manifest.items() if key not in DIGEST_KEYS and key != "batches"}
    places = {"manifest.json": parts}
    for i, batch in enumerate(manifest.get("batches", [])):
        places[f"manifest.json batches[{i}]"] = {k: v for k, v in batch.items() if k not in DIGEST_KEYS}
    return [f"{where}: {kind}" for where, part in places.items()
            for kind, pattern in PATTERNS.items() if pattern.search(json.dumps(part, ensure_ascii=False))]
