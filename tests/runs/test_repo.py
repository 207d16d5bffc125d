"""Runs in the database: one active run at a time, never dropped by a second window."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.catalog.model import load_catalog
from planner.kernel import clock
from planner.kernel.errors import Conflict
from planner.routines.model import timed_steps
from tests.helpers import ROUTINE

CATALOG = load_catalog()


def test_starting_a_second_run_never_drops_the_first(store):
    plan = timed_steps(ROUTINE, CATALOG)
    first = store.runs.start("Evening", plan, at=clock.timestamp())
    with pytest.raises(Conflict, match="already running in another window"):
        store.runs.start("Evening", plan, at=clock.timestamp() + 5)
    assert store.runs.active().id == first.id and store.runs.active().status == "active"


def test_one_active_run_is_kept_by_the_database_itself(store):
    plan = timed_steps(ROUTINE, CATALOG)
    store.runs.start("Evening", plan, at=clock.timestamp())
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO runs (owner_id, routine_name, plan, status, created_at, updated_at) "
            "VALUES (:owner, 'x', '[]', 'active', '2026-01-01', '2026-01-01')"),
            {"owner": store.owner_id})


def test_a_run_unseen_for_a_while_was_left_where_it_was_last_seen(store):
    """ROUTINE: one minute of oil. Seen at 20 s; after that, nobody."""
    plan = timed_steps(ROUTINE, CATALOG)
    t0 = 1_000_000.0
    run = store.runs.start("Evening", plan, at=t0)
    store.runs.seen(run.id, t0 + 20)
    store.runs.seen(run.id, t0 + 10)  # a late message never moves it back
    run = store.runs.get(run.id)
    assert run.seen_at == t0 + 20
    assert run.left_at(t0 + 60) is None  # a moment ago: still there
    assert run.left_at(t0 + 600) == t0 + 20
    ended = store.runs.back_from_away(run.id, t0 + 600, resume=False)
    assert ended.state(t0 + 600).ended_at == t0 + 20
    session = store.runs.log(run.id, at=t0 + 700)
    assert session.actual_seconds == 20 and session.ended_at.timestamp() == t0 + 20


def test_a_run_paused_when_last_seen_was_not_left(store):
    plan = timed_steps(ROUTINE, CATALOG)
    t0 = 1_000_000.0
    run = store.runs.start("Evening", plan, at=t0)
    store.runs.act(run.id, "pause", t0 + 5)  # the page was hidden: held there
    assert store.runs.get(run.id).left_at(t0 + 3600) is None
    assert store.runs.get(run.id).state(t0 + 3600).active_seconds == 5
