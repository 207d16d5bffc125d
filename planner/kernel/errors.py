"""The two kinds of trouble a person is told about, in words they can act on."""

from __future__ import annotations


class Problem(Exception):
    """Input a person must fix. ``field`` says which input the message belongs beside."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class Conflict(Problem):
    """Another window (or person) changed or deleted the record first: nothing was saved."""


class StoreError(Exception):
    """The database could not be read or written. The message is meant for the person."""
