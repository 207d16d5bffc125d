"""Check-ins and sessions as models: every bad value refused with its field named."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from planner.journal.model import CheckIn, Session, make_checkin, manual_session
from planner.kernel.errors import Problem

TODAY = date(2026, 11, 23)


GOOD = {"day": TODAY, "today": TODAY, "stress": 4, "swelling": 2, "pain": 1}


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"day": TODAY + timedelta(days=1)}, "day", "hasn't happened"),
    ({"stress": 11}, "stress", "from 0 to 10"),
    ({"swelling": -1}, "swelling", "from 0 to 10"),
    ({"stress": None}, "stress", "Pick a number for your stress"),
    ({"pulse": 12}, "pulse", "30 to 220"),
    ({"pulse": 300}, "pulse", "30 to 220"),
    ({"systolic": 120}, "systolic", "both blood-pressure numbers"),
    ({"systolic": 80, "diastolic": 120}, "systolic", "higher than the lower"),
    ({"systolic": 400, "diastolic": 80}, "systolic", "70 to 250"),
    ({"socks": True, "sock_hours": 30}, "sock_hours", "at most 24"),
    ({"notes": "x" * 2001}, "notes", "2000 characters"),
])
def test_bad_input_names_the_field_in_plain_words(change, field, words):
    with pytest.raises(Problem) as caught:
        make_checkin(**{**GOOD, **change})
    assert caught.value.field == field
    assert words in caught.value.message


def test_stress_alone_is_a_check_in_the_other_ratings_left_unrated():
    checkin = make_checkin(day=TODAY, today=TODAY, stress=3)
    assert (checkin.stress, checkin.swelling, checkin.pain, checkin.sleep) == (3, None, None, None)


def test_every_problem_is_named_at_once():
    with pytest.raises(Problem) as caught:
        make_checkin(day=TODAY, today=TODAY, stress=None, pain=12, pulse=300)
    assert caught.value.field == "stress"  # the first, where it is shown
    for words in ("Pick a number for your stress", "from 0 to 10", "30 to 220"):
        assert words in caught.value.message


def test_a_good_check_in_keeps_optional_values():
    checkin = make_checkin(**GOOD, socks=True, sock_hours=8, pulse=64, systolic=118,
                           diastolic=76, sleep=7, notes="  <b>fine</b>  ")
    assert (checkin.sock_hours, checkin.pulse, checkin.systolic, checkin.notes) == (
        8.0, 64, 118, "<b>fine</b>")
    assert make_checkin(**GOOD, socks=False, sock_hours=8).sock_hours is None


def test_whether_the_experiment_plan_was_followed_is_kept_with_what_was_done_instead():
    assert make_checkin(**GOOD).plan_followed is None  # not asked: nothing said
    said_yes = make_checkin(**GOOD, plan_followed=True, done_instead="socks")
    assert (said_yes.plan_followed, said_yes.done_instead) == (True, None)  # yes needs no more
    said_no = make_checkin(**GOOD, plan_followed=False, done_instead="both")
    assert (said_no.plan_followed, said_no.done_instead) == (False, "both")
    assert make_checkin(**GOOD, plan_followed=False).done_instead is None  # "no" alone is fine
    with pytest.raises(Problem) as caught:
        make_checkin(**GOOD, plan_followed=False, done_instead="yoga")
    assert caught.value.field == "done_instead"
    with pytest.raises(Problem) as caught:
        make_checkin(**GOOD, plan_followed="sort of")
    assert caught.value.field == "plan_followed"
    with pytest.raises(ValidationError):  # the model itself: "instead" only after a "no"
        CheckIn(day=TODAY, stress=1, swelling=1, pain=1, plan_followed=True,
                done_instead="massage")


@given(st.integers(min_value=-5, max_value=15), st.integers(min_value=-5, max_value=15))
def test_ratings_are_saved_only_when_within_0_to_10(stress, pain):
    try:
        checkin = make_checkin(**{**GOOD, "stress": stress, "pain": pain})
    except Problem:
        assert not (0 <= stress <= 10 and 0 <= pain <= 10)
    else:
        assert 0 <= checkin.stress <= 10 and 0 <= checkin.pain <= 10


def test_a_session_logged_by_hand_is_validated_in_the_core():
    from datetime import UTC, datetime, time

    from planner.journal.model import manual_session

    now = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    good = {"name": "  Foot   rub ", "day": date(2026, 11, 22), "end": time(20, 12),
            "minutes": 12, "now": now, "zone": UTC, "stress_before": 6, "stress_after": 3}
    session = manual_session(**good)
    assert (session.routine_name, session.actual_seconds, session.source) == (
        "Foot rub", 720, "manual")
    assert session.ended_at - session.started_at == timedelta(minutes=12)
    for change, field in [({"minutes": 0}, "minutes"), ({"minutes": 301}, "minutes"),
                          ({"minutes": True}, "minutes"), ({"name": " "}, "name"),
                          ({"name": "x" * 61}, "name"), ({"day": None}, "when"),
                          ({"day": date(2026, 11, 25)}, "when"),
                          # ends on the first day there can be, but would start before it
                          ({"day": date(1900, 1, 1), "end": time(0, 10), "minutes": 60},
                           "when"),
                          ({"stress_after": 11}, "stress_after")]:
        with pytest.raises(Problem) as caught:
            manual_session(**{**good, **change})
        assert caught.value.field == field


@pytest.mark.parametrize("change", [
    {"pulse": 15}, {"pulse": 400}, {"systolic": 300, "diastolic": 80},
    {"systolic": 120, "diastolic": None}, {"systolic": 80, "diastolic": 90},
    {"day": date(1899, 12, 31)}, {"stress": 11}, {"stress": True}, {"stress": "7"},
    {"sock_hours": 30.0, "socks": True}, {"sock_hours": 4.0, "socks": False},
    {"notes": "x" * 2001}, {"notes": "bad\x00byte"}, {"notes": "bell\x07"},
])
def test_a_check_in_model_refuses_out_of_range_values(change):
    values = {"day": date(2026, 11, 20), "stress": 4, "swelling": 2, "pain": 1, **change}
    with pytest.raises(ValidationError):
        CheckIn(**values)


def test_notes_keep_line_breaks_and_emoji():
    assert CheckIn(day=date(2026, 11, 20), stress=4, swelling=2, pain=1,
                   notes="calmer\n\tslept well 🌿").notes == "calmer\n\tslept well 🌿"


@pytest.mark.parametrize("change", [
    {"ended_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC)},  # before it started
    {"started_at": datetime(1899, 1, 1, tzinfo=UTC), "ended_at": datetime(1899, 1, 1, 1,
                                                                           tzinfo=UTC)},
    {"started_at": datetime(2026, 11, 20, 10, 0)},  # no zone: ambiguous
    {"routine_name": "x" * 61}, {"routine_name": "nul\x00name"}, {"routine_name": "  "},
    {"notes": "esc\x1b[31m"}, {"stress_after": 11},
    {"actual_seconds": 721 + 1},  # more time spent than passed from start to end
    {"planned_seconds": 40 * (2 * 3600 + 30) + 1},  # more than any routine can plan
    {"actual_seconds": -1},
    {"steps": ({"name": "Ball\x00roll", "foot": "left", "planned_seconds": 60,
                "actual_seconds": 60, "skipped": False},)},
    {"steps": ({"name": "Ball roll", "foot": "left", "planned_seconds": 60,
                "actual_seconds": 10 ** 9, "skipped": False},)},
])
def test_a_session_model_refuses_impossible_values(change):
    values = {"routine_name": "Foot rub", "started_at": datetime(2026, 11, 20, 10, tzinfo=UTC),
              "ended_at": datetime(2026, 11, 20, 10, 12, tzinfo=UTC), "planned_seconds": 720,
              "actual_seconds": 720, "completed": True, **change}
    with pytest.raises(ValidationError):
        Session(**values)


def test_a_session_may_take_a_second_more_than_its_span_for_rounding_and_less_for_pauses():
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for actual, span in ((721, 720), (300, 720)):
        assert Session(routine_name="Foot rub", started_at=start,
                       ended_at=start + timedelta(seconds=span), planned_seconds=720,
                       actual_seconds=actual, completed=False).actual_seconds == actual


@pytest.mark.parametrize(("field", "value"), [("name", "Foot\x00rub"), ("notes", "a\x00b")])
def test_control_characters_are_refused_in_typed_text(field, value):
    now = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    good = {"name": "Foot rub", "day": date(2026, 11, 23), "end": time(20, 0), "minutes": 12,
            "now": now, "zone": UTC, "notes": ""}
    with pytest.raises(Problem) as caught:
        manual_session(**{**good, field: value})
    assert caught.value.field == field and "control characters" in caught.value.message
    with pytest.raises(Problem, match="control characters"):
        make_checkin(day=date(2026, 11, 23), today=date(2026, 11, 23), stress=1, swelling=1,
                     pain=1, notes="a\x00b")
