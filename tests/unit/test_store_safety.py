"""Acknowledged writes are real: deleted files, other windows, concurrent starts, plain errors."""

from __future__ import annotations

import multiprocessing
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from pydantic import ValidationError

from planner.catalog.model import load_catalog
from planner.journal.model import CheckIn, Session, make_checkin, manual_session
from planner.kernel import clock
from planner.kernel.db import MIGRATIONS_DIR, explain
from planner.kernel.errors import Conflict, Problem, StoreError
from planner.routines.model import Routine, Step
from planner.runs.model import plan_for
from planner.settings.model import Preferences
from planner.store import Store

CATALOG = load_catalog()
ROUTINE = Routine(name="Evening", steps=(Step(technique="oil", seconds=60),))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "safety.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{db_path}", catalog=CATALOG)
    yield opened
    opened.dispose()


def a_session(store: Store) -> Session:
    end = clock.now() - timedelta(hours=1)
    return store.sessions.log(Session(
        routine_name="Foot rub", started_at=end - timedelta(minutes=10), ended_at=end,
        planned_seconds=600, actual_seconds=600, completed=True, source="manual"))


# ---------------------------------------------------------------- the file under our feet


def test_a_deleted_database_file_is_named_and_nothing_is_called_saved(store, db_path):
    store.routines.save(ROUTINE)
    for leftover in db_path.parent.glob("safety.db*"):
        leftover.unlink()
    with pytest.raises(StoreError, match="deleted while Solace was running"):
        store.routines.save(ROUTINE.model_copy(update={"name": "After the delete"}))
    with pytest.raises(StoreError, match="deleted"):
        store.routines.list()  # reads say so too, rather than show a ghost of the old file


def test_a_replaced_database_file_is_named(store, db_path, tmp_path):
    store.routines.save(ROUTINE)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}", catalog=CATALOG)
    other.dispose()
    shutil.copy(tmp_path / "other.db", tmp_path / "incoming.db")
    (tmp_path / "incoming.db").replace(db_path)  # a new file (new inode) at the same path
    with pytest.raises(StoreError, match="replaced by another file"):
        store.settings.save_profile(store.settings.profile())


def test_a_database_from_a_newer_solace_is_refused_untouched(db_path):
    Store(f"sqlite:///{db_path}", catalog=CATALOG).dispose()
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="written by a newer Solace"):
        Store(f"sqlite:///{db_path}", catalog=CATALOG)
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "9999"
    engine.dispose()


def test_a_postgresql_url_without_its_driver_says_what_to_install():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+pg8000://alice:s3cret@db.example.org:5432/solace", catalog=CATALOG)
    message = str(caught.value)
    assert "psycopg" in message and "pip install" in message
    assert "s3cret" not in message and "db.example.org" not in message


def test_connection_failures_show_no_host_or_role_and_claim_only_what_is_known():
    raw = Exception('connection to server at "10.1.2.3", port 5432 failed: FATAL: password '
                    'authentication failed for user "solace_admin"')
    error = sa.exc.OperationalError("SELECT 1", {}, raw)
    before = explain(error)
    at_commit = explain(error, at_commit=True)
    for message in (before, at_commit):
        assert "10.1.2.3" not in message and "solace_admin" not in message
    assert "can't reach its database" in before and "Try again" in before
    assert "isn't certain" in at_commit and "Nothing was changed" not in at_commit
    unknown = explain(sa.exc.DatabaseError("x", {}, Exception("disk I/O on /srv/secret")),
                      at_commit=True)
    assert "/srv/secret" not in unknown and "isn't certain" in unknown


# ---------------------------------------------------------------- two windows


def test_two_windows_editing_one_routine_cannot_both_be_told_saved(store):
    saved = store.routines.save(ROUTINE)
    first = saved.model_copy(update={"steps": (Step(technique="oil", seconds=90),)})
    second = saved.model_copy(update={"steps": (Step(technique="oil", seconds=120),)})
    assert store.routines.save(first).version == saved.version + 1
    with pytest.raises(Conflict, match="changed in another window: reload to see it"):
        store.routines.save(second)
    assert store.routines.get(saved.id).steps[0].seconds == 90


def test_a_session_edited_after_another_window_deleted_it_is_not_saved(store):
    session = a_session(store)
    store.sessions.correct(session.id, session.version, 5, 2, "first window")
    with pytest.raises(Conflict, match="changed in another window"):
        store.sessions.correct(session.id, session.version, 7, 1, "second window")
    assert store.sessions.delete(session.id) is True
    with pytest.raises(Conflict, match="deleted in another window"):
        store.sessions.correct(session.id, session.version + 1, 7, 1, "too late")
    assert store.sessions.list() == [] and store.sessions.delete(session.id) is False


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


def test_preferences_saved_from_many_windows_at_once_leave_one_row(store):
    errors: list[BaseException] = []

    def save(volume: int) -> None:
        try:
            store.settings.save_preferences(Preferences(volume=volume))
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=save, args=(v,)) for v in range(0, 100, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM preferences")) == 1
    assert store.settings.preferences().volume in range(0, 100, 10)


def _open(url: str, ready, results) -> None:
    ready.wait()
    try:
        store = Store(url)
        results.put(("ok", store.owner_id))
        store.dispose()
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        results.put(("error", repr(error)))


def test_processes_opening_a_brand_new_database_at_once_all_start(db_path):
    url = f"sqlite:///{db_path}"
    context = multiprocessing.get_context("spawn")
    ready, results = context.Event(), context.Queue()
    processes = [context.Process(target=_open, args=(url, ready, results)) for _ in range(3)]
    for process in processes:
        process.start()
    ready.set()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [kind for kind, _ in outcomes] == ["ok"] * 3, outcomes
    assert len({owner for _, owner in outcomes}) == 1  # one local owner, not three
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == head
    engine.dispose()


# ---------------------------------------------------------------- the models refuse bad values


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
])
def test_a_session_model_refuses_impossible_values(change):
    values = {"routine_name": "Foot rub", "started_at": datetime(2026, 11, 20, 10, tzinfo=UTC),
              "ended_at": datetime(2026, 11, 20, 10, 12, tzinfo=UTC), "planned_seconds": 720,
              "actual_seconds": 720, "completed": True, **change}
    with pytest.raises(ValidationError):
        Session(**values)


def test_the_store_refuses_records_from_the_future(store):
    tomorrow = clock.latest_day() + timedelta(days=1)
    with pytest.raises(Problem, match="hasn't happened yet"):
        store.checkins.save(CheckIn(day=tomorrow, stress=3, swelling=1, pain=1))
    later = clock.now() + timedelta(hours=2)
    with pytest.raises(Problem, match="future"):
        store.sessions.log(Session(routine_name="Soon", started_at=later,
                                  ended_at=later + timedelta(minutes=5), planned_seconds=300,
                                  actual_seconds=300, completed=True, source="manual"))
    assert store.checkins.list() == [] and store.sessions.list() == []


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
