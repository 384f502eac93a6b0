"""The one home of unionpipe's configuration.

Every setting is an environment variable with a documented default (see README, "Configuration").
Dagster code reads it through the `Settings` resource; the CLI and tests build the same object with
`Settings.from_env()`, so both ways in see one configuration.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dagster as dg

from pipelines.paths import PROJECT_ROOT

# Documented defaults; every one is overridable by the environment variable of the same name.
DEFAULTS: dict[str, str] = {
    "UNIONPIPE_RAW_DIR": str(PROJECT_ROOT / "raw"),
    "UNIONPIPE_WAREHOUSE": str(PROJECT_ROOT / "warehouse" / "unionpipe.duckdb"),
    "UNIONPIPE_PUBLISHED_DIR": "",  # empty: <warehouse folder>/published
    "UNIONPIPE_EMPLOYEE_THRESHOLD": "25",
    "UNIONPIPE_PII_KEY": "",  # empty: the secrets file, then the demonstration key
    "UNIONPIPE_SECRETS_FILE": str(PROJECT_ROOT / ".secrets" / "unionpipe.env"),
    "UNIONPIPE_PROVINCE_URL": "",
    "UNIONPIPE_PROVINCE_TOKEN": "",
    "UNIONPIPE_PUSH_ATTEMPTS": "5",
    "UNIONPIPE_PUSH_TIMEOUT": "10",
    "UNIONPIPE_FRESHNESS_DAYS": "45",
    "UNIONPIPE_VOLUME_DROP": "0.5",
    "UNIONPIPE_VOLUME_MIN_ROWS": "5",  # orgs with a smaller usual batch are not judged (0 happens by chance)
    "UNIONPIPE_VOLUME_Z": "3.5",  # modified z-score a fall must reach (Iglewicz and Hoaglin's 3.5)
    "UNIONPIPE_DUCKDB_MEMORY": "2GB",  # DuckDB's own cap (it spills to disk past it); its default is 80% of RAM
    "UNIONPIPE_TODAY": "",  # empty: this machine's date; YYYY-MM-DD fixes "today" (rehearsals, tests)
    # The county report (pipelines/report): where it goes, and the day of the following month by which a
    # month's files are due.
    "UNIONPIPE_REPORTS_DIR": "",  # empty: <warehouse folder>/reports
    "UNIONPIPE_REPORT_DUE_DAY": "10",
    # Great Expectations' Data Docs load bootstrap, jQuery and Vega from CDNs, so they are off unless a folder is
    # given (developers only); officers read the report's data-quality section instead.
    "UNIONPIPE_DATA_DOCS_DIR": "",
    # Outliers against an area's own history (modified z-score, as DHIS2): the flag threshold and the fewest
    # earlier months with a value that make a history.
    "UNIONPIPE_OUTLIER_Z": "3.5",
    "UNIONPIPE_OUTLIER_MONTHS": "6",
    # How often a file still loading says how far it is in the run log (seconds; pipelines/ingest/progress.py).
    "UNIONPIPE_PROGRESS_SECONDS": "5",
}

# Only for the bundled sample county; a real deployment sets UNIONPIPE_PII_KEY or the secrets file.
DEMO_PII_KEY = "unionpipe-DEMONSTRATION-ONLY-key-do-not-use-in-production"


def env(name: str) -> str:
    """The value of one setting: the environment, else its documented default."""
    return os.environ.get(name) or DEFAULTS[name]


def secret(name: str) -> str:
    """A secret from the environment, else from the secrets file (KEY=VALUE lines); '' if absent."""
    if os.environ.get(name):
        return os.environ[name]
    path = Path(env("UNIONPIPE_SECRETS_FILE"))
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() == name:
                return value.strip().strip('"').strip("'")
    return ""


# Each resource field and the environment variable that sets it.
FIELDS: dict[str, tuple[str, type]] = {
    "raw_dir": ("UNIONPIPE_RAW_DIR", str),
    "warehouse_path": ("UNIONPIPE_WAREHOUSE", str),
    "published_dir": ("UNIONPIPE_PUBLISHED_DIR", str),
    "employee_threshold": ("UNIONPIPE_EMPLOYEE_THRESHOLD", int),
    "province_url": ("UNIONPIPE_PROVINCE_URL", str),
    "push_attempts": ("UNIONPIPE_PUSH_ATTEMPTS", int),
    "push_timeout": ("UNIONPIPE_PUSH_TIMEOUT", float),
    "freshness_days": ("UNIONPIPE_FRESHNESS_DAYS", int),
    "volume_drop": ("UNIONPIPE_VOLUME_DROP", float),
    "volume_min_rows": ("UNIONPIPE_VOLUME_MIN_ROWS", int),
    "volume_z": ("UNIONPIPE_VOLUME_Z", float),
    "today": ("UNIONPIPE_TODAY", str),
    "reports_dir": ("UNIONPIPE_REPORTS_DIR", str),
    "report_due_day": ("UNIONPIPE_REPORT_DUE_DAY", int),
    "data_docs_dir": ("UNIONPIPE_DATA_DOCS_DIR", str),
    "outlier_z": ("UNIONPIPE_OUTLIER_Z", float),
    "outlier_months": ("UNIONPIPE_OUTLIER_MONTHS", int),
    "progress_seconds": ("UNIONPIPE_PROGRESS_SECONDS", float),
}


class Settings(dg.ConfigurableResource):
    """Paths, thresholds and endpoints of one unionpipe deployment (build it with `from_env`)."""

    raw_dir: str
    warehouse_path: str
    published_dir: str
    employee_threshold: int
    province_url: str
    push_attempts: int
    push_timeout: float
    freshness_days: int
    volume_drop: float
    volume_min_rows: int = 5
    volume_z: float = 3.5
    today: str = ""
    reports_dir: str = ""
    report_due_day: int = 10
    data_docs_dir: str = ""
    outlier_z: float = 3.5
    outlier_months: int = 6
    progress_seconds: float = 5.0

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings read from the environment now, with explicit overrides (CLI flags) on top."""
        values = {field: kind(env(var)) for field, (var, kind) in FIELDS.items()}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def published_root(self) -> Path:
        """Where published packages go: the setting, else `published/` beside the warehouse file."""
        return Path(self.published_dir) if self.published_dir else Path(self.warehouse_path).parent / "published"

    @property
    def docs_dir(self) -> Path | None:
        """Where Great Expectations' Data Docs go (UNIONPIPE_DATA_DOCS_DIR); None (the default): not written."""
        return Path(self.data_docs_dir) if self.data_docs_dir else None

    @property
    def reports_root(self) -> Path:
        """Where county reports go: the setting, else `reports/` beside the warehouse file."""
        return Path(self.reports_dir) if self.reports_dir else Path(self.warehouse_path).parent / "reports"

    def today_date(self) -> dt.date:
        """The date the gate and `publish` judge by: the setting, else this machine's date."""
        return dt.date.fromisoformat(self.today) if self.today else dt.date.today()

    def pii_key(self) -> bytes:
        """The HMAC key for personal data: environment, secrets file, else the demonstration key."""
        return (secret("UNIONPIPE_PII_KEY") or DEMO_PII_KEY).encode("utf-8")

    def province_token(self) -> str:
        """The province's bearer token: environment or secrets file; never logged or stored."""
        return secret("UNIONPIPE_PROVINCE_TOKEN")
