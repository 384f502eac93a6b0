"""A published package (indicators.csv + manifest.json) read back as the province's submission body."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.publish.province.checks import idempotency_key
from pipelines.publish.province.errors import PackageInvalid
from pipelines.publish.sdmx import HEADER as SDMX_HEADER

HEADER = list(SDMX_HEADER)
MANIFEST_FIELDS = ("county_code", "period", "version", "generated_at", "indicators_sha256")
WHOLE = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Package:
    """One version of one county's period, as the province will receive it."""

    county_code: str
    period: str
    version: int
    generated_at: str
    checksum: str
    observations: list[dict]

    @property
    def idempotency_key(self) -> str:
        """`{county_code}-{period}-v{version}`."""
        return idempotency_key(self.county_code, self.period, self.version)

    def body(self) -> dict:
        """The JSON body exactly as the contract shows it."""
        return {"county_code": self.county_code, "period": self.period, "version": self.version,
                "generated_at": self.generated_at, "checksum": self.checksum,
                "observations": self.observations}


def read_package(package_dir: Path) -> Package:
    """The package in `package_dir`, after checking its manifest against its indicators.csv."""
    manifest = read_manifest(package_dir / "manifest.json")
    data = read_bytes(package_dir / "indicators.csv")
    checksum = hashlib.sha256(data).hexdigest()
    if checksum != str(manifest["indicators_sha256"]).lower():
        raise PackageInvalid("indicators.csv does not match manifest.indicators_sha256",
                             "indicators.csv 与 manifest.json 记录的校验值不一致：数据包可能被改动过，请重新发布")
    version = manifest["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackageInvalid(f"manifest version {version!r} is not an integer >= 1",
                             "manifest.json 中的版本号必须是不小于 1 的整数")
    return Package(str(manifest["county_code"]), str(manifest["period"]), version,
                   str(manifest["generated_at"]), checksum, observations(data, str(manifest["period"])))


def read_bytes(path: Path) -> bytes:
    """The bytes of one package file, or PackageInvalid naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PackageInvalid(f"cannot read {path} ({exc.__class__.__name__})",
                             f"无法读取数据包文件 {path.name}：请确认发布目录完整") from None


def read_manifest(path: Path) -> dict:
    """manifest.json with every field the push needs."""
    try:
        manifest = json.loads(read_bytes(path).decode("utf-8"))
    except ValueError:
        raise PackageInvalid("manifest.json is not valid JSON", "manifest.json 不是有效的 JSON 文件") from None
    missing = [f for f in MANIFEST_FIELDS if not isinstance(manifest, dict) or f not in manifest]
    if missing:
        raise PackageInvalid(f"manifest.json lacks {', '.join(missing)}",
                             f"manifest.json 缺少字段：{', '.join(missing)}")
    return manifest


def observations(data: bytes, period: str) -> list[dict]:
    """The observations of indicators.csv, with OBS_VALUE as a number (null when empty or status M)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not rows or rows[0] != HEADER:
        raise PackageInvalid("indicators.csv does not start with the SDMX-CSV header",
                             "indicators.csv 的表头不符合 SDMX-CSV 标准")
    if bad := [n for n, row in enumerate(rows[1:], start=2) if row and len(row) != len(HEADER)]:
        raise PackageInvalid(f"indicators.csv lines {bad[:5]} do not have {len(HEADER)} fields",
                             f"indicators.csv 第 {bad[0]} 行的列数不对")
    records = [dict(zip(HEADER, row)) for row in rows[1:] if row]
    if other := sorted({r["TIME_PERIOD"] for r in records} - {period}):
        raise PackageInvalid(f"indicators.csv holds periods {other} besides {period}",
                             f"indicators.csv 含有不属于 {period} 的期间：{', '.join(other)}")
    return [{"ref_area": r["REF_AREA"], "indicator": r["INDICATOR"], "value": number(r),
             "unit": r["UNIT_MEASURE"], "status": r["OBS_STATUS"]} for r in records]


def number(record: dict) -> int | float | None:
    """OBS_VALUE as a JSON number: whole figures as integers, null when empty or missing (M)."""
    text = record["OBS_VALUE"].strip()
    if not text or record["OBS_STATUS"] == "M":
        return None
    try:
        value = int(text) if WHOLE.fullmatch(text) else float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value):
        return value
    raise PackageInvalid(f"OBS_VALUE {text!r} of {record['REF_AREA']}/{record['INDICATOR']} is not a number",
                         f"{record['REF_AREA']} 的 {record['INDICATOR']} 数值不是数字")
