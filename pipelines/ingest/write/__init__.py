"""Writing: the raw layer, staging, quarantine and the file registry, and the threads that overlap writing with judging."""
