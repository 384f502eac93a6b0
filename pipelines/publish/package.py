"""Publish one period: refuse while incomplete or failing, compute, and write a new version if content changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.indicators.compute import compute_indicators
from pipelines.publish.manifest import build_manifest, content_fingerprint, now_shanghai, render_manifest
from pipelines.publish.pii_guard import csv_hits, manifest_hits
from pipelines.publish.refusal import (  # noqa: F401 - callers catch PublishRefused from here
    PublishRefused, refuse_personal_data, refuse_while_failing, refuse_while_incomplete)
from pipelines.publish.result import PublishResult, headline
from pipelines.publish.sdmx import Observation, observations, render_csv
from pipelines.publish.versions import (
    Publication, commit_version, copy_of, holds, latest_publication, next_version, version_dir, write_version)
from pipelines.settings import Settings
from pipelines.validate.run import run_all_checks
from pipelines.warehouse import read_sql, scalar


def publish_period(con: duckdb.DuckDBPyConnection, settings: Settings, period: str,
                   out_dir: Path | None = None, recompute: bool = True) -> PublishResult:
    """The package of `period` under out_dir (default settings.published_root), or PublishRefused.

    `recompute=False` when marts.indicators was just rebuilt for the period (the Dagster asset does so).
    """
    refuse_while_incomplete(con, period)
    if recompute:
        compute_indicators(con, period, settings.employee_threshold)
    # The gate judges the very data this package is built from, whatever ran before.
    run_all_checks(con, settings, period, reuse=True)
    refuse_while_failing(con, period)
    county = scalar(con, read_sql("publish/county_code.sql"))
    obs = observations(con, period)
    data = render_csv(obs, period)
    refuse_personal_data(csv_hits(data))
    checksum = hashlib.sha256(data).hexdigest()
    root = Path(out_dir) if out_dir is not None else settings.published_root
    pkg = Package(con, settings, county, period, root, obs, data, checksum)
    latest = latest_publication(con, county, period)
    if latest is not None and latest.indicators_sha256 == checksum:
        return pkg.unchanged(latest)
    return pkg.new_version()


class Package:
    """One rendered indicators.csv on its way to a version folder."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings, county: str, period: str, root: Path,
                 obs: list[Observation], data: bytes, checksum: str):
        self.con, self.settings, self.county, self.period, self.root = con, settings, county, period, root
        self.obs, self.data, self.checksum = obs, data, checksum

    def manifest(self, version: int, generated_at: str) -> dict:
        """The manifest for this content as version N, made at `generated_at`."""
        manifest = build_manifest(self.con, self.county, self.period, version, generated_at, self.checksum,
                                  len(self.obs), self.settings.employee_threshold)
        refuse_personal_data(manifest_hits(manifest))
        return manifest

    def new_version(self) -> PublishResult:
        """Write the content as the next version and record it."""
        version = next_version(self.con, self.root, self.county, self.period)
        made = now_shanghai()
        manifest = self.manifest(version, made.isoformat())
        target = version_dir(self.root, self.county, self.period, version)
        row = {"county_code": self.county, "period": self.period, "version": version, "path": str(target),
               "indicators_sha256": self.checksum, "content_fingerprint": content_fingerprint(manifest),
               "generated_at": manifest["generated_at"], "created_at": made, "observations": len(self.obs),
               "batches": len(manifest["batches"]), "checks_passed": len(manifest["checks_passed"]),
               "warnings_failed": len(manifest["warnings_failed"]),
               "employee_threshold": self.settings.employee_threshold}
        commit_version(self.con, target, self.files(manifest), row)
        return self.result(version, target, created=True)

    def unchanged(self, latest: Publication) -> PublishResult:
        """The existing version; copied under this root first if it was published elsewhere."""
        target = version_dir(self.root, self.county, self.period, latest.version)
        if target.exists() and not holds(target, self.checksum):
            raise PublishRefused("VERSION_FOLDER_CONFLICT",
                                 f"{target} 已存在但内容与第 {latest.version} 版记录不符：请换一个输出目录，或核对该文件夹的来历",
                                 [f"{target}: indicators.csv differs from audit.publications v{latest.version}"])
        if not target.exists():
            # Same version, same generated_at: the province sees one body under one Idempotency-Key.
            files = copy_of(latest, self.checksum) or self.files(self.manifest(latest.version, latest.generated_at))
            write_version(target, files)
        return self.result(latest.version, target, created=False)

    def files(self, manifest: dict) -> dict[str, bytes]:
        """The package's files and their bytes."""
        return {"indicators.csv": self.data, "manifest.json": render_manifest(manifest)}

    def result(self, version: int, path: Path, created: bool) -> PublishResult:
        """What the caller (the CLI, the Dagster asset) reports."""
        return PublishResult(self.county, self.period, version, path, created, len(self.obs), self.checksum,
                             headline(self.obs, self.county))
