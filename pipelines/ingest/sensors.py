"""The file sensor: a new or changed file under raw/ starts the nightly-load job."""


import hashlib
from pathlib import Path

import dagster as dg

from pipelines.ingest.specs import LOAD_ORDER
from pipelines.settings import Settings


def landing_fingerprint(raw_dir: Path) -> str:
    """A digest of every landed file's path, size and mtime: it changes whenever a file arrives.

    The whole listing is compared (not a high-water mtime), so a file copied in with an old mtime
    still counts as new.
    """
    entries = []
    for source in LOAD_ORDER:
        folder = raw_dir / source
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                if (p.is_symlink() or p.is_file()) and not p.name.startswith("."):  # a link is reported, unread
                    st = p.lstat()
                    entries.append(f"{source}/{p.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode("utf-8")).hexdigest()


def build_raw_files_sensor(job) -> dg.SensorDefinition:
    """A sensor that requests one run of `job` per distinct state of the landing zone."""

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
               description="Starts the nightly load when files arrive under raw/ (cursor: the landing fingerprint).")
    def raw_files_sensor(context: dg.SensorEvaluationContext, settings: Settings):
        fingerprint = landing_fingerprint(Path(settings.raw_dir))
        if fingerprint == context.cursor:
            return dg.SkipReason("no new files under raw/")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=f"raw-{fingerprint[:16]}", tags={"unionpipe/trigger": "sensor"})

    return raw_files_sensor
