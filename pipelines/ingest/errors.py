"""The whole-file rejection, raised by any reader or check that turns a file away."""

from __future__ import annotations


class FileRejected(Exception):
    """A file turned away as a whole, with the contract's reason code and a located detail."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
