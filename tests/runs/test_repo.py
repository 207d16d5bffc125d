"""Runs in the database: one active run at a time, never dropped by a second window."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.catalog.model import load_catalog
from planner.kernel import clock
from planner.kernel.errors import Conflict
from planner.runs.model import plan_for
from tests.helpers import ROUTINE

CATALOG = load_catalog()


def test_starting_a_second_run_never_drops_the_first(store):
    plan = plan_for(ROUTINE, CATALOG)
    first = store.runs.start("Evening", plan, at=clock.timestamp())
    with pytest.raises(Conflict, match="already running in another window"):
        store.runs.start("Evening", plan, at=clock.timestamp() + 5)
    assert store.runs.active().id == first.id and store.runs.active().status == "active"


def test_one_active_run_is_kept_by_the_database_itself(store):
    plan = plan_for(ROUTINE, CATALOG)
    store.runs.start("Evening", plan, at=clock.timestamp())
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO runs (owner_id, routine_name, plan, status, created_at, updated_at) "
            "VALUES (:owner, 'x', '[]', 'active', '2026-01-01', '2026-01-01')"),
            {"owner": store.owner_id})
