"""Android Health Connect's export: a zip holding health_connect_export.db, made here with
the tables and columns Health Connect writes (times in UTC milliseconds, each with its zone
offset in seconds), around Berlin's spring clock change."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from datetime import UTC, date, datetime

import pytest

from planner.kernel.errors import Problem
from planner.watch.reading import read_export

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

SCHEMA = """
CREATE TABLE application_info_table (row_id INTEGER PRIMARY KEY, package_name TEXT,
    app_name TEXT);
CREATE TABLE steps_record_table (row_id INTEGER PRIMARY KEY, uuid BLOB, last_modified_time
    INTEGER, app_info_id INTEGER, start_time INTEGER, start_zone_offset INTEGER, end_time
    INTEGER, end_zone_offset INTEGER, count INTEGER);
CREATE TABLE resting_heart_rate_record_table (row_id INTEGER PRIMARY KEY, uuid BLOB,
    app_info_id INTEGER, time INTEGER, zone_offset INTEGER, beats_per_minute INTEGER);
CREATE TABLE sleep_session_record_table (row_id INTEGER PRIMARY KEY, uuid BLOB, app_info_id
    INTEGER, start_time INTEGER, start_zone_offset INTEGER, end_time INTEGER,
    end_zone_offset INTEGER, title TEXT, notes TEXT);
CREATE TABLE sleep_stages_table (row_id INTEGER PRIMARY KEY, parent_key INTEGER,
    stage_start_time INTEGER, stage_end_time INTEGER, stage_type INTEGER);
"""
WINTER, SUMMER = 3600, 7200  # Berlin: +01:00 until 02:00 on 31 March 2024, then +02:00


def ms(*moment: int) -> int:
    return int(datetime(*moment, tzinfo=UTC).timestamp() * 1000)


def database(extra: str = "", resting: int = 52) -> bytes:
    connection = sqlite3.connect(":memory:")
    connection.executescript(SCHEMA + extra)
    connection.executemany("INSERT INTO application_info_table VALUES (?, ?, ?)",
                           [(1, "com.sec.android.app.shealth", "Samsung Health"),
                            (2, "com.google.android.apps.fitness", "Fit")])
    connection.executemany(
        "INSERT INTO steps_record_table (app_info_id, start_time, start_zone_offset, end_time, "
        "end_zone_offset, count) VALUES (?, ?, ?, ?, ?, ?)",
        [(1, ms(2024, 3, 31, 8), SUMMER, ms(2024, 3, 31, 8, 10), SUMMER, 1500),
         # 23:30 in Berlin on the 31st is 21:30 UTC: still the 31st where it happened
         (1, ms(2024, 3, 31, 21, 30), SUMMER, ms(2024, 3, 31, 21, 40), SUMMER, 700),
         (2, ms(2024, 3, 31, 8, 2), SUMMER, ms(2024, 3, 31, 8, 12), SUMMER, 1400)])
    connection.execute("INSERT INTO resting_heart_rate_record_table (app_info_id, time, "
                       "zone_offset, beats_per_minute) VALUES (1, ?, ?, ?)",
                       (ms(2024, 3, 31, 5), SUMMER, resting))
    # The night the clocks went forward: 23:00 (+01:00) to 07:00 (+02:00) is 7 hours, of
    # which half an hour awake.
    connection.execute("INSERT INTO sleep_session_record_table (row_id, app_info_id, "
                       "start_time, start_zone_offset, end_time, end_zone_offset) VALUES "
                       "(10, 1, ?, ?, ?, ?)",
                       (ms(2024, 3, 30, 22), WINTER, ms(2024, 3, 31, 5), SUMMER))
    connection.executemany("INSERT INTO sleep_stages_table (parent_key, stage_start_time, "
                           "stage_end_time, stage_type) VALUES (10, ?, ?, ?)",
                           [(ms(2024, 3, 30, 22), ms(2024, 3, 31, 1), 4),
                            (ms(2024, 3, 31, 1), ms(2024, 3, 31, 1, 30), 1),
                            (ms(2024, 3, 31, 1, 30), ms(2024, 3, 31, 5), 6)])
    connection.commit()
    data = connection.serialize()
    connection.close()
    return data


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("health_connect_export.db", data)
    return buffer.getvalue()


def refused(data: bytes) -> str:
    with pytest.raises(Problem) as problem:
        read_export(io.BytesIO(zipped(data)))
    return problem.value.message


def test_a_day_around_the_clock_change_gives_its_values_per_app():
    found = {r.key: r.value for r in read_export(io.BytesIO(zipped(database())))}
    day = date(2024, 3, 31)
    assert found == {(day, "steps", "Samsung Health"): 2200, (day, "steps", "Fit"): 1400,
                     (day, "resting_hr", "Samsung Health"): 52,
                     (day, "sleep_minutes", "Samsung Health"): 390}


def test_a_resting_pulse_of_400_is_refused():
    assert ("A resting heart rate of 400 beats a minute isn't plausible"
            in refused(database(resting=400)))


def test_a_planted_view_or_trigger_is_refused_unread():
    view = ("CREATE TABLE t (x); CREATE TRIGGER sneaky AFTER INSERT ON t BEGIN "
            "SELECT 1; END;")
    assert "views or triggers" in refused(database(view))


def test_a_damaged_or_foreign_database_is_refused():
    whole = database()
    assert "ends early or is damaged" in refused(whole[:4096] + b"\x00" * 100)
    assert "isn't a database" in refused(b"not sqlite at all")
    other = sqlite3.connect(":memory:")
    other.execute("CREATE TABLE notes (text)")
    assert "none of Health Connect's" in refused(other.serialize())
