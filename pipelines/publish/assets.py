"""Dagster assets of the publish stage: the month's package, and its push to the province."""

from pathlib import Path

import dagster as dg

from pipelines.indicators.period import BadPeriod
from pipelines.indicators.partitions import monthly, period_of
from pipelines.publish.package import PublishRefused, publish_period
from pipelines.publish.province.errors import PushError
from pipelines.settings import Settings
from pipelines.validate.resources import GreatExpectationsJudge
from pipelines.warehouse import read_sql, scalar, writing


class PackageConfig(dg.Config):
    """Where to write the package: empty means the configured published folder."""

    out_dir: str = ""


def refusal(code: str, message_zh: str, items: list[str], message_en: str = "") -> dg.Failure:
    """A step failure an officer can read: code, Chinese sentence, English, and each missing or failing thing."""
    lines = [f"{code}: {message_zh}", *([f"  {message_en}"] if message_en else []), *[f"  - {item}" for item in items]]
    return dg.Failure(description="\n".join(lines), metadata={
        "code": code, "message_zh": message_zh, "message_en": message_en, "items": dg.MetadataValue.json(items)})


@dg.asset(
    key=["publish", "package"],
    deps=[dg.AssetKey(["marts", "indicators"])],
    partitions_def=monthly,
    group_name="publish",
    kinds={"csv", "json"},
    description="SDMX-CSV indicators.csv + manifest.json for the month, as a new version only when content changed.",
)
def package(context: dg.AssetExecutionContext, config: PackageConfig, settings: Settings,
            ge_judge: GreatExpectationsJudge) -> dg.MaterializeResult:
    """Write the month's package; refused while the month is incomplete or a blocking check fails."""
    period = period_of(context.partition_key)
    out_dir = Path(config.out_dir) if config.out_dir else None
    result, page = packaged_with_report(context, settings, period, out_dir, recompute=False,
                                        bad_period_en="Not a month that can be published.")
    context.log.info(result.summary())
    return dg.MaterializeResult(metadata={
        "county": result.county_code, "version": result.version, "created": result.created,
        "path": dg.MetadataValue.path(str(result.path)), "observations": result.observations,
        "indicators_sha256": result.indicators_sha256, "summary": result.summary(),
        "report": dg.MetadataValue.path(str(page)) if page else "",
    })


def packaged_with_report(context: dg.AssetExecutionContext, settings: Settings, period: str, out_dir: Path | None,
                         recompute: bool, bad_period_en: str):
    """(the publication, its report's path or None): the period's package and its report beside it, any refusal
    turned into a step failure an officer can read. Shared by the month's and the longer periods' assets."""
    try:
        with writing(settings.warehouse_path) as con:
            result = publish_period(con, settings, period, out_dir, recompute=recompute)
            page = report_beside(context, con, settings, period, result.path.parent / "report.html")
    except PublishRefused as exc:
        raise refusal(exc.code, exc.message_zh, exc.items, exc.message_en) from exc
    except BadPeriod as exc:
        raise refusal("bad_period", str(exc), [], bad_period_en) from exc
    return result, page


def report_beside(context: dg.AssetExecutionContext, con, settings: Settings, period: str, path: Path) -> Path | None:
    """Write the month's county report beside its package; None (logged) if it fails, the package stands."""
    try:
        # Uses the months already computed: recomputing a year of history would slow every night's publication
        # (`unionpipe report` does that); the page says which months its trend lacks.
        from pipelines.report.build import write_report  # late: matplotlib's import is for publishing nights only

        result = write_report(con, settings, period, path, refresh=False)
    except Exception as exc:  # noqa: BLE001 - the report is for people; the province's package must not wait on it
        context.log.warning(f"report_failed: 月报未能生成 the county report was not written: {exc!r}")
        return None
    context.log.info(f"report: {result.path} ({result.size_bytes / 1024:.0f} KB, {result.seconds:.1f} s)")
    return result.path


@dg.asset(
    key=["publish", "province_push"],
    deps=[dg.AssetKey(["publish", "package"])],
    partitions_def=monthly,
    group_name="publish",
    kinds={"http"},
    description="The month's latest package sent to the province (idempotent; unchanged content is not resent).",
)
def province_push(context: dg.AssetExecutionContext, settings: Settings) -> dg.MaterializeResult:
    """Push the latest version of the month's package to UNIONPIPE_PROVINCE_URL."""
    period = period_of(context.partition_key)
    with writing(settings.warehouse_path) as con:
        path = scalar(con, read_sql("publish/latest_package_path.sql"), [period])
        if path is None:
            raise refusal("NO_PACKAGE", f"{period} 还没有发布的数据包，无法报送", [],
                          f"{period} has no published package to send.")
        from pipelines.publish.province.push import push_package  # late: httpx is for pushing nights only

        try:
            result = push_package(con, Path(path), settings)
        except PushError as exc:
            raise refusal(exc.code, exc.message_zh, [exc.detail], exc.message_en) from exc
    context.log.info(result.message_zh)
    return dg.MaterializeResult(metadata={
        "outcome": result.outcome, "submission_id": result.submission_id,
        "version": result.accepted_version, "attempts": result.attempts, "message": result.message_zh,
    })
