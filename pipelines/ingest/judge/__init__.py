"""Judging: typed parsing, every rule, references, in-file duplicates, and personal data keyed and masked, for each chunk read."""
