"""unionpipe: county trade-union federation data pipeline (Dagster code location and package)."""
