"""Android Health Connect's export: a zip holding health_connect_export.db, the SQLite copy
of its records. Read in memory (never written to disk), as read-only, and only from the
tables Solace needs, each checked to be a plain table first (a view or a trigger planted in
a file could otherwise run a query of the file's own choosing).

The tables, as Health Connect writes them: times are milliseconds since 1970 in UTC, each
with its zone offset in seconds beside it, so a record's day is its own local day.
- ``steps_record_table`` (start_time, start_zone_offset, count, app_info_id): summed per app
  and day (the day the count starts); apps that count the same walk are kept apart, and a
  day's value is the larger (planner.watch.model.day_values), as for Apple's exports.
- ``resting_heart_rate_record_table`` (time, zone_offset, beats_per_minute, app_info_id): the
  mean of the day's readings.
- ``sleep_session_record_table`` (row_id, start_time, end_time, end_zone_offset,
  app_info_id) with its ``sleep_stages_table`` (parent_key, stage_start_time, stage_end_time,
  stage_type): the asleep stages (sleeping, light, deep, REM), or the whole session when it
  has no stages, counted to the day the session ends.
- ``application_info_table`` (row_id, app_name): the source of each value.

Health Connect measures heart-rate variability as RMSSD, not Apple's SDNN: the two aren't the
same quantity, so Solace leaves it out rather than mix them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

from planner.watch.archive import CUT_SHORT, daily_records, refused
from planner.watch.model import DailyMeasure

SQLITE_HEADER = b"SQLite format 3\x00"
ASLEEP_STAGES = (2, 4, 5, 6)  # sleeping, light, deep, REM (1, 3 and 7 are awake or out of bed)
TABLES = ("steps_record_table", "resting_heart_rate_record_table",
          "sleep_session_record_table", "sleep_stages_table", "application_info_table")
Progress = Callable[[float, str], None]


def _local_day(millis: int, offset_seconds: int | None) -> date:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis,
                                                          seconds=offset_seconds or 0)
    return moment.date()


def _read_bytes(stream: BinaryIO, size: int, progress: Progress | None) -> bytes:
    parts, done = [], 0
    while chunk := stream.read(1 << 20):
        parts.append(chunk)
        done += len(chunk)
        if progress is not None:
            progress(min(0.9, 0.9 * done / max(size, 1)), "Reading the export")
    return b"".join(parts)


def _open(data: bytes) -> sqlite3.Connection:
    if not data.startswith(SQLITE_HEADER):
        raise refused("The health_connect_export.db in this zip isn't a database.")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        connection.execute("PRAGMA trusted_schema = OFF")  # no functions run from the schema
        connection.execute("PRAGMA query_only = ON")
        found = dict(connection.execute("SELECT name, type FROM sqlite_master"))
    except sqlite3.DatabaseError as error:
        connection.close()
        raise refused(CUT_SHORT) from error
    planted = [name for name in TABLES if name in found and found[name] != "table"]
    if planted or any(kind == "trigger" for kind in found.values()):
        connection.close()
        raise refused("This database holds views or triggers that Health Connect's export "
                      "never has, so Solace didn't read it.")
    if not any(found.get(name) == "table" for name in TABLES[:3]):
        connection.close()
        raise refused("This database has none of Health Connect's steps, resting heart rate "
                      "or sleep tables.")
    return connection


def _rows(connection: sqlite3.Connection, query: str, table: str) -> list[tuple]:
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (table,)).fetchone():
        return []
    return connection.execute(query).fetchall()


def _sleep(connection: sqlite3.Connection, apps: dict[int, str]) -> dict[tuple, float]:
    stages: dict[int, list[tuple[int, int]]] = {}
    marks = ", ".join("?" * len(ASLEEP_STAGES))
    if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'sleep_stages_table'").fetchone():
        for parent, start, end in connection.execute(
                "SELECT parent_key, stage_start_time, stage_end_time FROM sleep_stages_table "
                f"WHERE stage_type IN ({marks})", ASLEEP_STAGES):
            stages.setdefault(parent, []).append((start, end))
    minutes: dict[tuple, float] = {}
    for row_id, start, end, end_offset, app in _rows(
            connection, "SELECT row_id, start_time, end_time, end_zone_offset, app_info_id "
                        "FROM sleep_session_record_table", "sleep_session_record_table"):
        spans = sorted(stages.get(row_id) or [(start, end)])
        asleep, covered = 0, None
        for began, ended in spans:  # overlapping stages count once
            began = max(began, covered) if covered is not None else began
            if ended > began:
                asleep += ended - began
                covered = ended
        key = (apps.get(app, "Health Connect"), _local_day(end, end_offset))
        minutes[key] = minutes.get(key, 0.0) + asleep / 60_000
    return minutes


def read_health_connect(stream: BinaryIO, size: int, progress: Progress | None = None
                        ) -> list[DailyMeasure]:
    """Daily measures from Health Connect's database; ``Problem`` for a bad file."""
    connection = _open(_read_bytes(stream, size, progress))
    try:
        apps = dict(_rows(connection, "SELECT row_id, app_name FROM application_info_table",
                          "application_info_table"))
        steps: dict[tuple, float] = {}
        for start, offset, count, app in _rows(
                connection, "SELECT start_time, start_zone_offset, count, app_info_id "
                            "FROM steps_record_table", "steps_record_table"):
            key = (apps.get(app, "Health Connect"), _local_day(start, offset))
            steps[key] = steps.get(key, 0.0) + count
        heart: dict[tuple, list[float]] = {}
        for moment, offset, bpm, app in _rows(
                connection, "SELECT time, zone_offset, beats_per_minute, app_info_id "
                            "FROM resting_heart_rate_record_table",
                "resting_heart_rate_record_table"):
            heart.setdefault((apps.get(app, "Health Connect"), _local_day(moment, offset)),
                             []).append(bpm)
        sleep = _sleep(connection, apps)
    except (sqlite3.DatabaseError, TypeError, OverflowError) as error:
        raise refused("This database isn't laid out as Health Connect's export is, or is "
                      "damaged, so Solace couldn't read it.") from error
    finally:
        connection.close()
    found = [(day, "steps", source, round(total)) for (source, day), total in steps.items()]
    found += [(day, "resting_hr", source, round(sum(values) / len(values), 1))
              for (source, day), values in heart.items()]
    found += [(day, "sleep_minutes", source, round(total))
              for (source, day), total in sleep.items() if total > 0]
    if not found:
        raise refused("This export holds no resting heart rate, sleep or steps.")
    records = daily_records(found)
    if progress is not None:
        progress(1.0, "Reading the export")
    return records
