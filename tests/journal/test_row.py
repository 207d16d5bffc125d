"""A history row's line (planner/journal/row.py): what it says, and that typed text stays text."""

import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.journal.model import CheckIn, Session
from planner.journal.row import checkin_html, session_html
from tests.helpers import html_text

STARTED = datetime(2026, 3, 3, 19, 30, tzinfo=UTC)


def session(name: str = "Evening calm", **fields) -> Session:
    values = {"routine_name": name, "started_at": STARTED,
              "ended_at": STARTED + timedelta(minutes=12), "planned_seconds": 720,
              "actual_seconds": 720, "completed": True, "stress_before": 6, "stress_after": 3,
              **fields}
    return Session(**values)


def tags(markup: str) -> list[str]:
    return re.findall(r"<[^>]*>", markup)


def words(markup: str) -> str:
    return " ".join(html_text(markup).split())


def test_a_check_in_reads_day_ratings_and_socks():
    line = checkin_html(CheckIn(day=date(2026, 3, 3), stress=3, swelling=2, pain=1, sleep=7,
                                socks=True, sock_hours=8, pulse=64, systolic=118,
                                diastolic=76))
    assert words(line) == ("Tue 03 Mar 2026 · stress 3 · swelling 2 · pain 1 · sleep 7 · "
                           "socks 8 h · pulse 64 · BP 118/76")
    assert "<strong>Tue 03 Mar 2026</strong>" in line  # the day stands out


def test_an_unrated_sleep_and_no_socks_say_so_and_nothing_is_marked_sample():
    line = checkin_html(CheckIn(day=date(2026, 3, 3), stress=0, swelling=0, pain=0))
    assert words(line).endswith("sleep not rated · no socks")
    assert "Sample" not in words(line)


def test_sample_rows_carry_a_badge():
    line = checkin_html(CheckIn(day=date(2026, 3, 3), stress=0, swelling=0, pain=0,
                                is_sample=True))
    assert words(line).startswith("Sample Tue 03 Mar 2026")
    assert 'class="solace-badge solace-badge-orange"' in line


def test_a_session_reads_name_time_stress_and_how_it_was_logged():
    line = session_html(session(completed=False, actual_seconds=300, source="manual"),
                        "Tue 03 Mar, 19:30")
    assert words(line) == ("Evening calm · 5 min · stress 6 → 3 · stopped early · "
                           "logged by hand Tue 03 Mar, 19:30")
    unrated = session(stress_before=None, stress_after=None)
    assert "no stress rating" in words(session_html(unrated, "today"))
    assert "stress – → 4" in words(session_html(session(stress_before=None, stress_after=4),
                                                "today"))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=40).filter(str.strip))
def test_whatever_a_routine_is_called_reads_as_typed_and_is_never_markup(name):
    try:
        row = session(name)
    except ValueError:  # a name the model refuses never reaches the history
        return
    line = session_html(row, "<b>when</b>")
    assert row.routine_name in html_text(line) and "<b>when</b>" in html_text(line)
    # The same tags as for a plain name: nothing typed became markup.
    assert tags(line) == tags(session_html(session("Plain"), "when"))
