"""The seeded sample county: realistic raw submissions (with a few bad rows) for demos, tests and benchmarks."""

from pipelines.sample.generate import DEFAULT_SEED, generate_sample
from pipelines.sample.report import Defect, FileReport, SampleReport

__all__ = ["DEFAULT_SEED", "Defect", "FileReport", "SampleReport", "generate_sample"]
