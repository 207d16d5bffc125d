"""What every command line of Solace's (backup, watch, report) shares: a file written for the
person alone, and the outcome on one line (or the reason it failed on one line of stderr, exit
status 1)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from planner.kernel.errors import Problem, StoreError


def outcome(action: Callable[[], str], failed: str) -> int:
    """Run ``action``; print what it says (exit status 0), or ``failed`` and the plain-language
    reason (exit status 1): never a traceback for input or database trouble."""
    try:
        print(action())
    except (Problem, StoreError) as error:
        print(f"{failed}{error}", file=sys.stderr)
        return 1
    return 0


def write_private(path: Path, content: bytes, field: str = "path") -> None:
    """Written whole or not at all, and readable by its owner only: it holds health data."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)  # a leftover could carry wider permissions
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise Problem(field, f"{path} can't be written ({error.strerror}).") from None
