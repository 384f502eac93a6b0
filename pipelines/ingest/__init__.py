"""Ingest: each new file under raw/ read (read/), judged (judge/), written (write/) in one pass; see load.py."""
