"""Check-ins and sessions in the database: one per day, versions, sample data, no future."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from threading import Barrier

import pytest
from pydantic import ValidationError

from planner.catalog.model import load_catalog
from planner.journal.model import CheckIn, Session, make_checkin
from planner.journal.sample import generate
from planner.kernel import clock
from planner.kernel.errors import Conflict, Problem
from planner.store import Store

TODAY = date(2026, 11, 23)


NOW = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)


GOOD = {"day": TODAY, "today": TODAY, "stress": 4, "swelling": 2, "pain": 1}


def test_saving_the_same_day_again_updates_it(store):
    assert store.checkins.save(make_checkin(**GOOD)) is True
    shown = store.checkins.get(TODAY)
    assert store.checkins.save(make_checkin(**{**GOOD, "stress": 9},
                                           version=shown.version)) is False
    (only,) = store.checkins.list()
    assert only.stress == 9
    assert store.checkins.delete(TODAY) and store.checkins.list() == []


def test_a_check_in_keeps_whether_the_plan_was_followed_and_what_was_done_instead(store):
    store.checkins.save(make_checkin(**GOOD, plan_followed=False, done_instead="massage"))
    shown = store.checkins.get(TODAY)
    assert (shown.plan_followed, shown.done_instead) == (False, "massage")
    store.checkins.save(make_checkin(**GOOD, plan_followed=True, version=shown.version))
    (only,) = store.checkins.list()
    assert (only.plan_followed, only.done_instead) == (True, None)


def test_whether_the_plan_was_followed_survives_a_backup(store, second_database):
    """planner/backup carries every field of a check-in: the answer included."""
    from planner.backup.model import backup_json
    from planner.backup.reading import parse_backup

    store.checkins.save(make_checkin(**GOOD, plan_followed=False, done_instead="socks"))
    text = backup_json(store.backup.export()).decode()
    elsewhere = Store(second_database("restored"), catalog=load_catalog())
    try:
        elsewhere.backup.restore(parse_backup(text))
        restored = elsewhere.checkins.get(TODAY)
        assert (restored.plan_followed, restored.done_instead) == (False, "socks")
    finally:
        elsewhere.dispose()


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


def test_sample_data_is_realistic_marked_and_removable(store):
    catalog = load_catalog()
    own = make_checkin(**{**GOOD, "day": TODAY - timedelta(days=3), "stress": 1})
    store.checkins.save(own)
    sessions, checkins = generate(catalog, years=0.25, now=NOW, zone=UTC)
    assert 120 < len(sessions) < 250 and 80 < len(checkins) <= 92
    assert all(s.ended_at <= NOW for s in sessions)  # nothing in the future
    assert max(c.day for c in checkins) == TODAY - timedelta(days=1)  # today's is left to them
    store.sample.add(sessions, checkins)
    assert store.sample.present() and len(store.sessions.list()) == len(sessions)
    assert store.checkins.get(own.day).stress == 1  # a day already logged is left alone

    store.sample.remove()
    assert not store.sample.present() and store.sessions.list() == []
    assert store.checkins.list() == [own.model_copy(update={"version": 1})]


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


def a_session(store: Store) -> Session:
    end = clock.now() - timedelta(hours=1)
    return store.sessions.log(Session(
        routine_name="Foot rub", started_at=end - timedelta(minutes=10), ended_at=end,
        planned_seconds=600, actual_seconds=600, completed=True, source="manual"))


def test_a_session_edited_after_another_window_deleted_it_is_not_saved(store):
    session = a_session(store)
    store.sessions.correct(session.id, session.version, 5, 2, "first window")
    with pytest.raises(Conflict, match="changed in another window"):
        store.sessions.correct(session.id, session.version, 7, 1, "second window")
    assert store.sessions.delete(session.id) is True
    with pytest.raises(Conflict, match="deleted in another window"):
        store.sessions.correct(session.id, session.version + 1, 7, 1, "too late")
    assert store.sessions.list() == [] and store.sessions.delete(session.id) is False


def test_records_from_the_future_cannot_even_be_built(store):
    """The models refuse them (whoever builds one: a page, an import, a script), so nothing
    from the future reaches the store; a day that has begun anywhere on Earth is fine."""
    tomorrow = clock.latest_day() + timedelta(days=1)
    with pytest.raises(ValidationError, match="hasn't begun yet"):
        CheckIn(day=tomorrow, stress=3, swelling=1, pain=1)
    later = clock.now() + timedelta(hours=2)
    with pytest.raises(ValidationError, match="can't end in the future"):
        Session(routine_name="Soon", started_at=later, ended_at=later + timedelta(minutes=5),
                planned_seconds=300, actual_seconds=300, completed=True, source="manual")
    assert store.checkins.save(CheckIn(day=clock.latest_day(), stress=3, swelling=1, pain=1))


def test_two_windows_saving_a_new_day_at_the_same_moment_keep_exactly_one(url):
    """Both start from a blank form and press Save together (separate connections, released
    by a barrier): one is saved, the other is told, and the day has one check-in."""
    windows = [Store(url, catalog=load_catalog()) for _ in range(2)]
    days = [TODAY - timedelta(days=back) for back in range(5)]
    outcomes = []
    try:
        for day in days:
            together = Barrier(2)

            def save(window: Store, stress: int, day=day, together=together) -> str:
                together.wait()
                try:
                    window.checkins.save(make_checkin(**{**GOOD, "day": day, "stress": stress}))
                    return "saved"
                except Conflict:
                    return "told"

            with ThreadPoolExecutor(2) as pool:
                outcomes.append(sorted(pool.map(save, windows, (3, 8))))
        assert outcomes == [["saved", "told"]] * len(days)
        assert sorted(c.day for c in windows[0].checkins.list()) == sorted(days)
    finally:
        for window in windows:
            window.dispose()


# In St John's, the throwaway PostgreSQL server's zone in the tests (planner.tools.pgserver),
# the clocks went back at 02:00 on 2 November 2025, so 01:00 to 02:00 came twice.
IN_THE_REPEATED_HOUR = [datetime(2025, 11, 2, 3, 45, tzinfo=UTC),  # 01:15, the first time
                        datetime(2025, 11, 2, 4, 56, tzinfo=UTC)]  # 01:26, the second time


def test_sessions_in_the_hour_the_clocks_go_back_read_back_as_the_same_moments(store):
    for start in IN_THE_REPEATED_HOUR:
        store.sessions.log(Session(
            routine_name="Foot rub", started_at=start, ended_at=start + timedelta(minutes=5),
            planned_seconds=300, actual_seconds=300, completed=True, source="manual"))
    read = sorted(session.started_at for session in store.sessions.list())
    assert read == IN_THE_REPEATED_HOUR  # on any database, whatever its own zone
    assert all(moment.utcoffset() == timedelta(0) for moment in read)
    # A backup of them imported again is recognised as what is already there.
    assert store.backup.restore(store.backup.export())["sessions"].added == 0
