"""An uploaded export, start to end: opened safely (planner/watch/archive.py), read in its
format (Apple Health: planner/watch/apple.py; Android Health Connect:
planner/watch/health_connect.py; Garmin's .fit files: planner/watch/garmin.py), daily
measures out. Nothing is kept of the file."""

from __future__ import annotations

from typing import BinaryIO

from planner.watch.apple import Progress, read_apple_xml
from planner.watch.archive import open_export
from planner.watch.garmin import read_garmin
from planner.watch.health_connect import read_health_connect
from planner.watch.model import DailyMeasure


def read_export(upload: BinaryIO, progress: Progress | None = None) -> list[DailyMeasure]:
    """The daily measures in ``upload``; ``Problem`` (nothing read) for a bad file."""
    with open_export(upload) as opened:
        if opened.kind == "garmin":
            return read_garmin(opened.fit_files or iter(()), opened.count, progress)
        if opened.kind == "health_connect":
            return read_health_connect(opened.stream, opened.size, progress)
        return read_apple_xml(opened.stream, opened.size, progress)
