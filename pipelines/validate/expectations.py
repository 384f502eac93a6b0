"""Great Expectations' part: one suite per table, judged on the one-row frame DuckDB computed, with
Data Docs written beside the warehouse. GE is imported on first use (it takes seconds); a run that
measures only some checks of a suite is judged by a definition holding just those."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from pipelines.validate.catalog import suite_checks
from pipelines.validate.check import BLOCKING, Check

DATASOURCE = "unionpipe_figures"
EXPECTATION = "expect_column_values_to_be_between"
_definitions: dict[str, object] = {}


@dataclass(frozen=True)
class Verdict:
    """Great Expectations' judgement of one check: success, or the error that stopped it."""

    success: bool
    error: str | None = None


@cache
def context():
    """The process's ephemeral GE context: in-memory stores, no analytics, no progress bars."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    ctx = gx.get_context(project_config=config, mode="ephemeral")
    ctx.data_sources.add_pandas(DATASOURCE)
    return ctx


def definition_name(suite: str, checks: list[Check]) -> str:
    """The GE name judging these checks: the suite's (core_units) for all of them, else one per subset."""
    slug = suite.replace(".", "_")
    names = [c.name for c in checks]
    if names == [c.name for c in suite_checks(suite)]:
        return slug
    return f"{slug}__part_{hashlib.sha1(','.join(names).encode()).hexdigest()[:8]}"


def validation_definition(suite: str, checks: list[Check]):
    """The validation definition of these checks of the suite (created once per process): one expectation each."""
    name = definition_name(suite, checks)
    if name not in _definitions:
        import great_expectations as gx
        from great_expectations.expectations.metadata_types import FailureSeverity

        ctx = context()
        batch = ctx.data_sources.get(DATASOURCE).add_dataframe_asset(name).add_batch_definition_whole_dataframe("figures")
        expectations = [
            gx.expectations.ExpectColumnValuesToBeBetween(
                column=c.name, min_value=c.min_value, max_value=c.max_value,
                severity=FailureSeverity.CRITICAL if c.severity == BLOCKING else FailureSeverity.WARNING,
                description=f"{c.check_name} ({c.severity}): {c.expected({})} — {c.rule_zh({})}",
                meta={"check": c.check_name, "severity": c.severity},
            )
            for c in checks
        ]
        gx_suite = ctx.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        _definitions[name] = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=gx_suite))
    return _definitions[name]


def judge(suite: str, checks: list[Check], figures: dict[str, float], run_id: str,
          docs_dir: Path | None) -> tuple[dict[str, Verdict], str | None]:
    """Validate the figures (one per check name, see `figures.summary_row`) against these checks of the suite,
    as a one-row frame; the verdict per check name and the Data Docs page."""
    import pandas as pd
    from great_expectations.core.run_identifier import RunIdentifier

    run = RunIdentifier(run_name=run_id, run_time=dt.datetime.now(dt.timezone.utc))
    frame = pd.DataFrame({name: [value] for name, value in figures.items()}, index=[0])
    result = validation_definition(suite, checks).run(
        batch_parameters={"dataframe": frame}, result_format="SUMMARY", run_id=run
    )
    verdicts = {}
    for r in result.results:
        info = r.exception_info or {}
        error = info.get("exception_message") if info.get("raised_exception") else None
        verdicts[r.expectation_config.kwargs["column"]] = Verdict(bool(r.success), error)
    return verdicts, docs_page(definition_name(suite, checks), run, docs_dir)


def docs_page(name: str, run, docs_dir: Path | None) -> str | None:
    """Render this validation's Data Docs page (and the index) under docs_dir; its file path (`name`: the GE suite).

    None without a folder: the pages load their styles and scripts from CDNs, so they are for developers only."""
    if docs_dir is None:
        return None
    ctx = context()
    site = "unionpipe_" + hashlib.sha1(str(docs_dir).encode()).hexdigest()[:10]
    if site not in ctx.list_data_docs_sites():
        ctx.add_data_docs_site(site, {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    keys = [k for k in ctx.validation_results_store.list_keys()
            if k.run_id == run and k.expectation_suite_identifier.name == name]
    try:
        ctx.build_data_docs(site_names=[site], resource_identifiers=keys)
    except OSError:  # docs are a convenience: an unwritable folder must not hide the check results
        return None
    urls = ctx.get_docs_sites_urls(resource_identifier=keys[0], site_name=site) if keys else []
    url = urls[0].get("site_url") if urls else None
    return unquote(urlparse(url).path) if url else None
