"""Each person's records are their own: alice and bob keep theirs in one shared database.

Bob's store shows nothing of alice's, and nothing bob does changes anything of hers, not even
with her ids, days or names put in by hand: he gets the answer the app gives for a record
that isn't there. Alice's rows are read straight from the tables (not through the repositories
under test), every column, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
import streamlit as st

from planner.backup.model import Backup
from planner.catalog.model import Condition, load_catalog
from planner.experiments.model import Design, Experiment
from planner.journal.model import CheckIn, Session, make_checkin
from planner.journal.sample import generate
from planner.kernel import clock, limits, schema
from planner.kernel.errors import Conflict, Problem
from planner.routines.model import Routine, timed_steps
from planner.runs.model import Run
from planner.schedule.model import Slot
from planner.settings.model import HealthProfile, Preferences
from planner.store import Store
from planner.watch.model import DailyMeasure
from tests.helpers import make_routine

CATALOG = load_catalog()
OWNED = [table for table in schema.metadata.sorted_tables if "owner_id" in table.c]
# Tables of nobody's records: digests of closed accounts' identities (no owner, nothing to read
# or write for anyone; planner/kernel/db.py delete_owner).
NOBODYS = {"closed_identities"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Hers:
    """Alice's store, and her records as bob might name them in a crafted request."""

    store: Store
    routine: Routine
    running: Run  # still going
    logged: Run  # became the session below
    session: Session
    checkin: CheckIn
    slot: Slot
    experiment: Experiment  # running


def rows_of(person: Store) -> dict[str, list]:
    """Everything of the person's, read straight from the tables: every row, every column
    (the owner's own row too, with the data version the charts are cached by)."""
    runs, actions, owners = schema.runs, schema.run_actions, schema.owners
    queries = {table.name: sa.select(table).where(table.c.owner_id == person.owner_id)
               .order_by(*table.primary_key.columns) for table in OWNED}
    queries["run_actions"] = (sa.select(actions).join(runs)
                              .where(runs.c.owner_id == person.owner_id).order_by(actions.c.id))
    queries["owners"] = sa.select(owners).where(owners.c.id == person.owner_id)
    with person.engine.connect() as connection:
        return {name: connection.execute(query).all() for name, query in queries.items()}


def a_session(name: str = "Foot rub", run_id: int | None = None) -> Session:
    end = clock.now() - timedelta(hours=2)
    return Session(routine_name=name, run_id=run_id, started_at=end - timedelta(minutes=10),
                   ended_at=end, planned_seconds=600, actual_seconds=600, completed=True,
                   source="manual", stress_before=6, stress_after=3)


def a_checkin(day: date, stress: int = 4) -> CheckIn:
    return make_checkin(day=day, today=day, stress=stress, swelling=2, pain=1)


def a_design(today: date, seed: int) -> Design:
    return Design(conditions=("massage", "neither"), days_per_condition=2, blocks=4,
                  start=today - timedelta(days=3), seed=seed)


def fill(store: Store, today: date) -> Hers:
    """A bit of everything: a routine, a run logged and one still going, a session logged by
    hand, a check-in, a watch's value, sample data, a weekly plan, a running experiment,
    profile, preferences."""
    routine = store.routines.save(make_routine("Evening calm"))
    plan = timed_steps(routine, CATALOG)
    logged = store.runs.start(routine.name, plan, at=clock.timestamp() - 3600,
                              routine_id=routine.id, stress_before=6)
    store.runs.act(logged.id, "pause", clock.timestamp() - 3500)
    session = store.runs.log(logged.id, at=clock.timestamp() - 3000, stress_after=2)
    running = store.runs.start(routine.name, plan, at=clock.timestamp() - 60)
    store.sessions.log(a_session())
    store.checkins.save(a_checkin(today))
    store.measures.save([DailyMeasure(day=today, measure="resting_hr", value=58,
                                      source="Alice's watch")])
    store.sample.add(*generate(CATALOG, years=0.05, now=clock.now(), zone=clock.server_zone()))
    (slot,) = store.schedule.add([Slot(weekday=0, at=time(7), routine_name=routine.name,
                                       since=today)])
    experiment = store.experiments.start(a_design(today, seed=11), today)
    store.settings.save_profile(HealthProfile(conditions=frozenset({Condition.VARICOSE_VEINS})))
    store.settings.save_preferences(Preferences(volume=35, speak_steps=True))
    return Hers(store, routine, running, store.runs.get(logged.id), session,
                store.checkins.get(today), slot, experiment)


@pytest.fixture
def alice(url, frozen_clock, today) -> Iterator[Hers]:
    store = Store(url, catalog=CATALOG, owner="alice")
    yield fill(store, today)
    store.dispose()


@pytest.fixture
def bob(url) -> Iterator[Store]:
    store = Store(url, catalog=CATALOG, owner="bob")
    yield store
    store.dispose()


def test_every_table_is_covered_and_alice_has_rows_in_each(alice):
    """So that the tests below can't pass on empty tables, nor miss a table added later."""
    found = rows_of(alice.store)
    assert set(found) == set(schema.metadata.tables) - NOBODYS
    assert all(found.values()), [name for name, rows in found.items() if not rows]


# Reading: bob sees none of alice's records --------------------------------------------------

# Everything bob can read, and what it reads while he has nothing of his own.
READS: dict[str, tuple[Callable[[Store], object], object]] = {
    "routines.list": (lambda s: s.routines.list(), []),
    "runs.active": (lambda s: s.runs.active(), None),
    "sessions.list": (lambda s: s.sessions.list(), []),
    "sessions.any": (lambda s: s.sessions.any(), False),
    "checkins.list": (lambda s: s.checkins.list(), []),
    "checkins.any": (lambda s: s.checkins.any(), False),
    "store.is_empty": (lambda s: s.is_empty(), True),
    "sample.present": (lambda s: s.sample.present(), False),
    "settings.profile": (lambda s: s.settings.profile(), HealthProfile()),
    "settings.preferences": (lambda s: s.settings.preferences(), Preferences()),
    "experiments.latest": (lambda s: s.experiments.latest(), None),
    "schedule.slots": (lambda s: s.schedule.slots(), []),
    "schedule.done_days": (lambda s: s.schedule.done_days(limits.EARLIEST_DAY, UTC), []),
    "frames.sessions": (lambda s: len(s.frames.sessions(UTC)), 0),
    "frames.checkins": (lambda s: len(s.frames.checkins()), 0),
    "frames.version": (lambda s: s.frames.version(), 0),
    "backup.counts": (lambda s: set(s.backup.counts().values()), {0}),
    "backup.export": (lambda s: s.backup.export().model_copy(update={"exported_at": EPOCH}),
                      Backup(exported_at=EPOCH, profile=(), preferences=Preferences())),
}


@pytest.mark.parametrize("read", list(READS))
def test_bob_sees_none_of_alices_records(alice, bob, read):
    call, nothing = READS[read]
    assert call(alice.store) != nothing  # she has some
    assert call(bob) == nothing


def test_insights_never_hands_one_persons_cached_charts_to_another(alice, bob, today):
    """The charts are cached by data version; two people can be at the same version."""
    from planner.ui.insights.page import Overview, _overview

    st.cache_data.clear()
    version = alice.store.frames.version()
    try:
        figures = [_overview(who.url, who.owner_id, version, "UTC", None, today, who.frames)
                   for who in (alice.store, bob)]
    finally:
        st.cache_data.clear()
    assert figures[0].sessions > 0
    assert figures[1] == Overview(sessions=0, massage_minutes=0.0, checkin_days=0,
                                  mean_drop=None)


# Crafted ids: alice's ids, days and records sent through bob's store -------------------------

@dataclass(frozen=True)
class Refused:
    """The request is refused with this error, its message matching ``match``."""

    error: type[Exception]
    match: str


GONE = "deleted in another window"
# Each repository method that takes a record (an id, a day, a record with its id and version),
# given one of alice's, and bob's answer: the app's own for a record that isn't there.
CRAFTED: dict[str, tuple[Callable[[Store, Hers], object], object]] = {
    "routines.get": (lambda bob, her: bob.routines.get(her.routine.id), None),
    "routines.save": (lambda bob, her: bob.routines.save(
        her.routine.model_copy(update={"name": "Mine now"})), Refused(Conflict, GONE)),
    "routines.duplicate": (lambda bob, her: bob.routines.duplicate(her.routine.id),
                           Refused(Problem, "no longer exists")),
    "routines.delete": (lambda bob, her: bob.routines.delete(her.routine.id), False),
    "runs.get (running)": (lambda bob, her: bob.runs.get(her.running.id), None),
    "runs.get (logged)": (lambda bob, her: bob.runs.get(her.logged.id), None),
    "runs.act": (lambda bob, her: bob.runs.act(her.running.id, "pause", clock.timestamp()),
                 Refused(Problem, "already ended")),
    "runs.discard": (lambda bob, her: bob.runs.discard(her.running.id), None),
    "runs.log": (lambda bob, her: bob.runs.log(her.running.id, at=clock.timestamp()),
                 Refused(Problem, "no longer exists")),
    "runs.start (her routine id)": (lambda bob, her: bob.runs.start(
        "Mine", her.running.plan, at=clock.timestamp(), routine_id=her.routine.id).status,
        "active"),
    "sessions.correct": (lambda bob, her: bob.sessions.correct(
        her.session.id, her.session.version, 0, 0, "mine"), Refused(Conflict, GONE)),
    "sessions.correct (any version)": (lambda bob, her: bob.sessions.correct(
        her.session.id, None, 0, 0, "mine"), Refused(Conflict, GONE)),
    "sessions.delete": (lambda bob, her: bob.sessions.delete(her.session.id), False),
    "sessions.log (her run id)": (
        lambda bob, her: bob.sessions.log(a_session(run_id=her.running.id)).run_id, None),
    "sample.add (her run id)": (lambda bob, her: bob.sample.add(
        [a_session(run_id=her.running.id)], []), None),
    "checkins.get": (lambda bob, her: bob.checkins.get(her.checkin.day), None),
    "checkins.save": (lambda bob, her: bob.checkins.save(
        her.checkin.model_copy(update={"stress": 9})), Refused(Conflict, GONE)),
    "checkins.delete": (lambda bob, her: bob.checkins.delete(her.checkin.day), False),
    "schedule.remove": (lambda bob, her: bob.schedule.remove(her.slot.id), False),
    "experiments.end": (lambda bob, her: bob.experiments.end(her.experiment.id), None),
}


@pytest.mark.parametrize("request_", list(CRAFTED))
def test_alices_ids_in_bobs_store_find_nothing_and_change_nothing_of_hers(alice, bob,
                                                                          request_):
    call, answer = CRAFTED[request_]
    before = rows_of(alice.store)
    if isinstance(answer, Refused):
        with pytest.raises(answer.error, match=answer.match):
            call(bob, alice)
    else:
        assert call(bob, alice) == answer
    assert rows_of(alice.store) == before
    # ... and she can still finish her run: no record of bob's has taken its place.
    assert alice.store.runs.log(alice.running.id, at=clock.timestamp()).run_id == alice.running.id


@pytest.mark.sqlite_only  # SQLite hands a freed id on to the next row; PostgreSQL never does
def test_a_run_whose_id_changes_hands_while_it_is_logged_stays_its_new_owners(url, bob,
                                                                             frozen_clock,
                                                                             monkeypatch):
    alice = Store(url, catalog=CATALOG, owner="alice")
    plan = timed_steps(make_routine(), CATALOG)
    his = bob.runs.start("Evening calm", plan, at=clock.timestamp() - 60)
    read = bob.runs.get

    def read_then_hand_on(run_id: int) -> Run | None:
        found = read(run_id)  # bob's window reads his run to log it, then meanwhile
        bob.backup.delete_everything()  # his other window deletes everything,
        hers = alice.runs.start("Morning", plan, at=clock.timestamp())  # and alice starts one
        assert hers.id == run_id
        return found

    monkeypatch.setattr(bob.runs, "get", read_then_hand_on)
    try:
        with pytest.raises(Problem):
            bob.runs.log(his.id, at=clock.timestamp())
        run = alice.runs.active()
        assert [a.kind for a in run.actions] == ["start"] and run.status == "active"
        assert bob.sessions.list() == []
    finally:
        alice.dispose()


# Changing: nothing bob does to his own records touches hers ----------------------------------

CHANGES: dict[str, Callable[[Store, Hers], None]] = {}


def change(function: Callable[[Store, Hers], None]) -> Callable[[Store, Hers], None]:
    CHANGES[function.__name__] = function
    return function


@change
def routines_with_her_names(bob: Store, her: Hers) -> None:
    mine = bob.routines.save(make_routine(her.routine.name))  # her name is free for him
    copy = bob.routines.duplicate(mine.id)
    assert copy.name == f"{her.routine.name} (copy)"
    bob.routines.save(mine.model_copy(update={"switch_pause_seconds": 9}))
    assert bob.routines.delete(copy.id)


@change
def a_run_while_hers_is_running(bob: Store, her: Hers) -> None:
    mine = bob.runs.start("Evening calm", her.running.plan, at=clock.timestamp() - 300)
    bob.runs.act(mine.id, "pause", clock.timestamp() - 200)
    bob.runs.log(mine.id, at=clock.timestamp())
    bob.runs.discard(bob.runs.start("Again", her.running.plan, at=clock.timestamp()).id)
    assert bob.runs.active() is None


@change
def sessions_logged_corrected_and_deleted(bob: Store, her: Hers) -> None:
    mine = bob.sessions.log(a_session())
    bob.sessions.correct(mine.id, mine.version, 1, 0, "mine")
    assert bob.sessions.delete(mine.id)


@change
def a_checkin_on_her_day(bob: Store, her: Hers) -> None:
    assert bob.checkins.save(a_checkin(her.checkin.day, stress=9)) is True  # new for him
    bob.checkins.save(bob.checkins.get(her.checkin.day).model_copy(update={"stress": 1}))
    assert bob.checkins.delete(her.checkin.day)


@change
def sample_data_added_and_removed(bob: Store, her: Hers) -> None:
    bob.sample.add(*generate(CATALOG, years=0.05, now=clock.now(), zone=clock.server_zone()))
    bob.sample.remove()


@change
def profile_and_preferences(bob: Store, her: Hers) -> None:
    bob.settings.save_profile(HealthProfile(conditions=frozenset({Condition.FOOT_INJURY})))
    bob.settings.save_preferences(Preferences(volume=90, muted=True))


@change
def a_plan_at_her_time(bob: Store, her: Hers) -> None:
    (mine,) = bob.schedule.add([her.slot.model_copy(update={"id": None})])
    assert bob.schedule.remove(mine.id)


@change
def an_experiment_on_her_days(bob: Store, her: Hers) -> None:
    today = her.experiment.design.start + timedelta(days=3)
    bob.experiments.end(bob.experiments.start(her.experiment.design, today).id)


@change
def importing_a_file_like_hers_with_other_values(bob: Store, her: Hers) -> None:
    file = her.store.backup.export()
    file = file.model_copy(update={
        "checkins": tuple(c.model_copy(update={"stress": 10 - c.stress})
                          for c in file.checkins),
        "routines": tuple(r.model_copy(update={"switch_pause_seconds": 9})
                          for r in file.routines)})
    expected = {name: len(getattr(file, name)) for name in ("routines", "runs", "sessions",
                                                            "checkins", "plan", "experiments")}
    for counts in (bob.backup.preview(file), bob.backup.restore(file)):
        assert {name: (counts[name].added, counts[name].total) for name in expected} == {
            name: (count, count) for name, count in expected.items()}  # all new to him


@change
def delete_everything(bob: Store, her: Hers) -> None:
    bob.backup.restore(her.store.backup.export())
    bob.backup.delete_everything()
    assert set(bob.backup.counts().values()) == {0}


@change
def closing_his_account(bob: Store, her: Hers) -> None:
    bob.backup.restore(her.store.backup.export())
    bob.backup.delete_everything(account=True)


@pytest.mark.parametrize("name", list(CHANGES))
def test_nothing_bob_does_changes_anything_of_alices(alice, bob, name):
    before, version = rows_of(alice.store), alice.store.frames.version()
    CHANGES[name](bob, alice)
    assert rows_of(alice.store) == before
    assert alice.store.frames.version() == version  # her charts aren't even rebuilt


def test_a_closed_accounts_id_is_never_handed_to_someone_else(alice, url, today):
    alice.store.backup.delete_everything(account=True)
    carol = Store(url, catalog=CATALOG, owner="carol")
    try:
        carol.checkins.save(a_checkin(today))
        assert carol.owner_id != alice.store.owner_id
        assert alice.store.checkins.list() == []  # alice's window, still open, sees nothing
    finally:
        carol.dispose()
