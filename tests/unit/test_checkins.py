"""Check-in validation, storage (one per day) and the sample data generator."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.catalog.model import load_catalog
from planner.journal.model import make_checkin
from planner.journal.sample import generate
from planner.kernel.errors import Conflict, Problem
from planner.store import Store

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
GOOD = {"day": TODAY, "today": TODAY, "stress": 4, "swelling": 2, "pain": 1}


@pytest.fixture
def store(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'c.db'}", catalog=load_catalog())
    yield opened
    opened.dispose()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"day": TODAY + timedelta(days=1)}, "day", "hasn't happened"),
    ({"stress": 11}, "stress", "0 (calm) to 10"),
    ({"swelling": -1}, "swelling", "0 (calm) to 10"),
    ({"pain": None}, "pain", "from 0 to 10"),
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


def test_a_good_check_in_keeps_optional_values():
    checkin = make_checkin(**GOOD, socks=True, sock_hours=8, pulse=64, systolic=118,
                           diastolic=76, sleep=7, notes="  <b>fine</b>  ")
    assert (checkin.sock_hours, checkin.pulse, checkin.systolic, checkin.notes) == (
        8.0, 64, 118, "<b>fine</b>")
    assert make_checkin(**GOOD, socks=False, sock_hours=8).sock_hours is None


def test_saving_the_same_day_again_updates_it(store):
    assert store.checkins.save(make_checkin(**GOOD)) is True
    shown = store.checkins.get(TODAY)
    assert store.checkins.save(make_checkin(**{**GOOD, "stress": 9},
                                           version=shown.version)) is False
    (only,) = store.checkins.list()
    assert only.stress == 9
    assert store.checkins.delete(TODAY) and store.checkins.list() == []


def test_a_day_saved_or_changed_in_another_window_is_never_overwritten_unseen(store):
    store.checkins.save(make_checkin(**GOOD))  # the other window saved the day first
    with pytest.raises(Conflict, match="saved in another window"):
        store.checkins.save(make_checkin(**{**GOOD, "stress": 9}))  # this one showed no record
    first = store.checkins.get(TODAY)
    store.checkins.save(make_checkin(**{**GOOD, "stress": 6}, version=first.version))
    with pytest.raises(Conflict, match="changed in another window"):
        store.checkins.save(make_checkin(**{**GOOD, "stress": 1}, version=first.version))
    store.checkins.delete(TODAY)
    with pytest.raises(Conflict, match="deleted in another window"):
        store.checkins.save(make_checkin(**{**GOOD, "stress": 1}, version=first.version + 1))
    assert store.checkins.list() == []


def test_every_change_moves_the_data_version(store):
    versions = [store.frames.version()]
    store.checkins.save(make_checkin(**GOOD))
    versions.append(store.frames.version())
    store.checkins.delete(TODAY)
    versions.append(store.frames.version())
    assert versions == sorted(set(versions))  # strictly increasing


def test_frames_have_the_columns_and_types_the_charts_expect(store):
    store.checkins.save(make_checkin(**GOOD, socks=True))
    frame = store.frames.checkins()
    assert list(frame.columns) == ["day", "stress", "socks", "sock_hours", "swelling", "pain",
                                   "sleep", "pulse", "systolic", "diastolic"]
    assert str(frame["stress"].dtype) == "Int64" and frame["socks"].tolist() == [True]
    assert store.frames.sessions(UTC).empty


def test_sample_data_is_realistic_marked_and_removable(store):
    catalog = load_catalog()
    own = make_checkin(**{**GOOD, "day": TODAY - timedelta(days=3), "stress": 1})
    store.checkins.save(own)
    sessions, checkins = generate(catalog, years=0.25, now=NOW, zone=UTC)
    assert 120 < len(sessions) < 250 and 80 < len(checkins) <= 92
    assert all(s.ended_at <= NOW for s in sessions)  # nothing in the future
    assert max(c.day for c in checkins) <= TODAY
    store.sample.add(sessions, checkins)
    assert store.sample.present() and len(store.sessions.list()) == len(sessions)
    assert store.checkins.get(own.day).stress == 1  # a day already logged is left alone

    store.sample.remove()
    assert not store.sample.present() and store.sessions.list() == []
    assert store.checkins.list() == [own.model_copy(update={"version": 1})]


@given(st.integers(min_value=-5, max_value=15), st.integers(min_value=-5, max_value=15))
def test_ratings_are_saved_only_when_within_0_to_10(stress, pain):
    try:
        checkin = make_checkin(**{**GOOD, "stress": stress, "pain": pain})
    except Problem:
        assert not (0 <= stress <= 10 and 0 <= pain <= 10)
    else:
        assert 0 <= checkin.stress <= 10 and 0 <= checkin.pain <= 10


def test_correcting_a_session_validates_ratings_and_changes_nothing_else(store):
    sessions, _ = generate(load_catalog(), years=0.01, now=NOW, zone=UTC, seed=3)
    saved = store.sessions.log(sessions[0])
    with pytest.raises(Problem, match="from 0"):
        store.sessions.correct(saved.id, saved.version, 11, 2, "")
    assert store.sessions.list()[0].stress_before == sessions[0].stress_before

    assert store.sessions.correct(saved.id, saved.version, 5, None, "better")
    (after,) = store.sessions.list()
    assert (after.stress_before, after.stress_after, after.notes) == (5, None, "better")
    assert after.actual_seconds == sessions[0].actual_seconds


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
                          ({"stress_after": 11}, "stress_after")]:
        with pytest.raises(Problem) as caught:
            manual_session(**{**good, **change})
        assert caught.value.field == field
