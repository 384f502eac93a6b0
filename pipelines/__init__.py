"""unionpipe: county trade-union federation data pipeline (Dagster code location and package)."""

from pipelines.allocator import tune_allocator

tune_allocator()
