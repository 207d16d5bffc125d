"""The one clock: frozen for tests, days in the person's zone, and nobody else reads the time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.kernel import clock

ROOT = Path(__file__).resolve().parents[2]
# Tools that time real browser messages may read the wall clock; the product may not, nor the
# pages, nor the tests (which hold the clock still instead). This file names the patterns.
WALL_CLOCK_ALLOWED = {"planner/kernel/clock.py", "planner/tools/bench.py",
                      "tests/kernel/test_clock.py"}
SOURCES = ["planner", "pages", "tests", "scripts", "streamlit_app.py"]


def test_a_frozen_clock_stands_still_until_moved():
    moment = datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC)
    with clock.frozen(moment) as held:
        assert clock.now() == moment and clock.timestamp() == moment.timestamp()
        held.advance(45)
        assert clock.now() == datetime(2027, 1, 1, 0, 0, 15, tzinfo=UTC)


def test_today_is_the_day_where_the_person_is():
    # 10:30 UTC on 24 November is already the 25th at UTC+14 and still the 23rd at UTC-11.
    with clock.frozen(datetime(2026, 11, 24, 10, 30, tzinfo=UTC)):
        assert clock.today(ZoneInfo("Pacific/Kiritimati")) == date(2026, 11, 25)
        assert clock.today(ZoneInfo("Pacific/Pago_Pago")) == date(2026, 11, 23)
        assert clock.today(UTC) == date(2026, 11, 24)
        assert clock.latest_day() == date(2026, 11, 25)  # nothing may be dated later


def test_a_zone_the_browser_names_is_used_and_an_unknown_one_falls_back_to_the_server():
    assert clock.zone_named("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert clock.zone_named("Not/AZone") == clock.server_zone()
    assert clock.zone_named("../../etc/passwd") == clock.server_zone()
    assert clock.zone_named(None) == clock.server_zone()


def test_the_app_clock_can_start_at_a_chosen_moment_and_then_runs_on(monkeypatch):
    monkeypatch.setenv(clock.START_VARIABLE, "2026-12-31T23:59:50+00:00")
    monkeypatch.setattr(clock._State, "offset", None)
    monkeypatch.setattr(clock._State, "frozen_at", None)
    shown = clock.now()
    assert datetime(2026, 12, 31, 23, 59, 49, tzinfo=UTC) < shown
    assert shown < datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC)
    monkeypatch.setattr(clock._State, "offset", None)


def test_the_app_clock_follows_its_file_to_the_next_day(monkeypatch, tmp_path):
    """A running app whose clock file is rewritten moves on to that moment (a browser test's
    next day, without restarting the server)."""
    moment = tmp_path / "clock"
    moment.write_text("2026-05-03T10:00:00+00:00")
    monkeypatch.setenv(clock.FILE_VARIABLE, str(moment))
    monkeypatch.setattr(clock._State, "offset", None)
    monkeypatch.setattr(clock._State, "frozen_at", None)
    assert clock.today(UTC) == date(2026, 5, 3)
    moment.write_text("2026-05-04T09:00:00+00:00")  # same size, rewritten
    assert clock.today(UTC) == date(2026, 5, 4)
    assert clock.now() < datetime(2026, 5, 4, 9, 0, 5, tzinfo=UTC)
    moment.write_text("2026-05-05T10:00:00+00:00")
    assert clock.today(UTC) == date(2026, 5, 5)
    monkeypatch.setattr(clock._State, "offset", None)


@pytest.mark.parametrize("pattern", [r"date\.today\(", r"datetime\.now\(", r"datetime\.utcnow\(",
                                     r"\btime\.time\(", r"\btime\.localtime\("])
def test_nothing_but_the_clock_reads_the_time(pattern):
    files = [path for source in SOURCES for path in
             ([ROOT / source] if source.endswith(".py") else (ROOT / source).rglob("*.py"))]
    assert len(files) > 100  # the whole tree is looked at
    offenders = [
        str(path.relative_to(ROOT)) for path in files
        if str(path.relative_to(ROOT)) not in WALL_CLOCK_ALLOWED
        and re.search(pattern, path.read_text())
    ]
    assert offenders == []
