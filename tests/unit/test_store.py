"""The store: migrations, routines and profiles per owner, and failures turned into StoreError."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner.kernel.db
import planner.kernel.schema
import planner.store
from planner.catalog.model import Condition, load_catalog
from planner.kernel.db import MIGRATIONS_DIR
from planner.kernel.errors import Conflict, Problem, StoreError
from planner.kernel.schema import profiles, routines
from planner.routines.model import Routine, Step, clean_name
from planner.settings.model import HealthProfile
from planner.store import Store

CATALOG = load_catalog()
STEPS = (Step(technique="breathing", seconds=60), Step(technique="ball_roll", seconds=120))


def make_routine(name: str = "Evening calm", steps: tuple[Step, ...] = STEPS,
                 pause: int = 5) -> Routine:
    return Routine(name=name, steps=steps, switch_pause_seconds=pause)


def count_routines(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(routines))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "x.db"


@pytest.fixture
def url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    opened = Store(url, catalog=CATALOG)
    yield opened
    opened.dispose()


# ---------------------------------------------------------------- schema


def test_a_database_from_the_first_version_upgrades_and_keeps_its_routines(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from planner.kernel.db import create_db_engine

    engine = create_db_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO owners (id, name, created_at) VALUES (1, 'local', '2026-01-01')"))
        connection.execute(sa.text(
            "INSERT INTO routines (owner_id, name, name_key, switch_pause_seconds, steps, "
            "created_at, updated_at) VALUES (1, 'Old one', 'old one', 5, "
            "'[{\"technique\": \"oil\", \"seconds\": 60}]', '2026-01-01', '2026-01-01')"))
    engine.dispose()

    upgraded = Store(url, catalog=CATALOG)
    assert [r.name for r in upgraded.routines.list()] == ["Old one"]
    assert upgraded.sessions.list() == []  # the newer tables exist and are empty
    upgraded.dispose()


def test_migrating_an_empty_database_creates_the_current_schema(store: Store) -> None:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    with store.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection), planner.kernel.schema.metadata
        )
        assert differences == []
        versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    assert [v for (v,) in versions] == [head]


def test_opening_twice_is_idempotent(url: str) -> None:
    first = Store(url, catalog=CATALOG)
    saved = first.routines.save(make_routine())
    first.settings.save_profile(HealthProfile(conditions=frozenset({Condition.PREGNANCY})))
    first.dispose()
    second = Store(url, catalog=CATALOG)
    try:
        assert second.owner_id == first.owner_id
        assert second.routines.list() == [saved]
        assert second.settings.profile().conditions == {Condition.PREGNANCY}
        with second.engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
            assert connection.scalar(sa.text("SELECT count(*) FROM owners")) == 1
    finally:
        second.dispose()


def test_sqlite_pragmas(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_missing_folder_gives_plain_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="can't be opened"):
        Store(f"sqlite:///{tmp_path}/no/such/folder/x.db", catalog=CATALOG)


# ---------------------------------------------------------------- routines


def test_round_trip(store: Store) -> None:
    assert store.routines.list() == []
    saved = store.routines.save(make_routine(name="  Evening \t calm ", pause=12))
    assert saved.id is not None
    assert saved.name == "Evening calm"
    assert saved.steps == STEPS
    assert saved.switch_pause_seconds == 12
    assert store.routines.list() == [saved]
    assert store.routines.get(saved.id) == saved
    assert store.routines.get(saved.id + 100) is None


def test_list_is_ordered_by_name_case_insensitively(store: Store) -> None:
    for name in ("banana", "Apple", "cherry"):
        store.routines.save(make_routine(name=name))
    assert [r.name for r in store.routines.list()] == ["Apple", "banana", "cherry"]


def test_update_keeps_id(store: Store) -> None:
    saved = store.routines.save(make_routine())
    new_steps = (Step(technique="towel_wrap", seconds=200),)
    updated = store.routines.save(saved.model_copy(update={"steps": new_steps,
                                                          "switch_pause_seconds": 0}))
    assert updated.id == saved.id
    assert count_routines(store) == 1
    fetched = store.routines.get(saved.id)
    assert fetched.steps == new_steps
    assert fetched.switch_pause_seconds == 0


def test_update_may_change_only_the_case_of_its_own_name(store: Store) -> None:
    saved = store.routines.save(make_routine(name="evening calm"))
    updated = store.routines.save(saved.model_copy(update={"name": "Evening Calm"}))
    assert store.routines.get(saved.id).name == updated.name == "Evening Calm"


def test_updating_a_deleted_routine_is_a_conflict(store: Store) -> None:
    saved = store.routines.save(make_routine())
    assert store.routines.delete(saved.id)
    with pytest.raises(Conflict, match="deleted in another window") as err:
        store.routines.save(saved)
    assert err.value.field == "save"
    assert count_routines(store) == 0


def test_rename(store: Store) -> None:
    saved = store.routines.save(make_routine())
    renamed = store.routines.save(saved.model_copy(update={"name": "  Morning   wake-up "}))
    assert renamed.id == saved.id
    assert renamed.name == "Morning wake-up"
    assert store.routines.get(saved.id).name == "Morning wake-up"
    assert store.routines.get(saved.id).steps == STEPS
    with pytest.raises(Problem):
        store.routines.save(saved.model_copy(update={"id": saved.id + 100,
                                                    "name": "Anything"}))


def test_rename_to_a_taken_name_is_refused(store: Store) -> None:
    first = store.routines.save(make_routine(name="One"))
    store.routines.save(make_routine(name="Two"))
    with pytest.raises(Problem) as err:
        store.routines.save(first.model_copy(update={"name": " two "}))
    assert err.value.field == "name"
    assert store.routines.get(first.id).name == "One"


def test_duplicate(store: Store) -> None:
    original = store.routines.save(make_routine(name="X"))
    copy = store.routines.duplicate(original.id)
    assert copy.name == "X (copy)"
    assert copy.id not in (None, original.id)
    assert copy.steps == original.steps
    assert copy.switch_pause_seconds == original.switch_pause_seconds
    second = store.routines.duplicate(original.id)
    assert second.name == "X (copy 2)"
    assert [r.name for r in store.routines.list()] == ["X", "X (copy 2)", "X (copy)"]
    with pytest.raises(Problem):
        store.routines.duplicate(original.id + 100)


def test_duplicate_of_a_long_name_stays_within_the_limit(store: Store) -> None:
    original = store.routines.save(make_routine(name="a" * 60))
    copy = store.routines.duplicate(original.id)
    assert copy.name == "a" * 46 + " (copy)"
    assert store.routines.duplicate(original.id).name == "a" * 46 + " (copy 2)"


def test_delete(store: Store) -> None:
    keep = store.routines.save(make_routine(name="Keep"))
    gone = store.routines.save(make_routine(name="Gone"))
    assert store.routines.delete(gone.id) is True
    assert store.routines.delete(gone.id) is False
    assert store.routines.get(gone.id) is None
    assert store.routines.list() == [keep]


def test_duplicate_name_is_refused_and_nothing_saved(store: Store) -> None:
    store.routines.save(make_routine(name="Evening calm"))
    with pytest.raises(Problem) as err:
        store.routines.save(make_routine(name="EVENING   calm"))
    assert err.value.field == "name"
    assert count_routines(store) == 1


def test_name_problems_are_reported_and_nothing_saved(store: Store) -> None:
    for name in ("", "   ", "a" * 61, "<b>bold</b>", "tab\x00"):
        with pytest.raises(Problem) as err:
            store.routines.save(make_routine(name=name))
        assert err.value.field == "name"
    assert count_routines(store) == 0


def test_bad_step_seconds_refused_and_nothing_saved(store: Store) -> None:
    bad = make_routine(steps=(Step(technique="breathing", seconds=60),
                              Step(technique="ball_roll", seconds=30)))
    with pytest.raises(Problem) as err:
        store.routines.save(bad)
    assert err.value.field == "step-1"
    assert count_routines(store) == 0
    # an update with a bad step leaves the saved version alone
    saved = store.routines.save(make_routine())
    with pytest.raises(Problem):
        store.routines.save(bad.model_copy(update={"id": saved.id}))
    assert store.routines.get(saved.id) == saved


def test_empty_routine_refused(store: Store) -> None:
    with pytest.raises(Problem) as err:
        store.routines.save(make_routine(steps=()))
    assert err.value.field == "steps"
    assert count_routines(store) == 0


def test_damaged_saved_routine_gives_store_error(store: Store) -> None:
    saved = store.routines.save(make_routine(name="Broken"))
    with store.engine.begin() as connection:
        connection.execute(routines.update().values(steps=[{"technique": "oil", "seconds": -1}]))
    with pytest.raises(StoreError, match="Broken"):
        store.routines.get(saved.id)


# ---------------------------------------------------------------- profile


def test_profile_round_trip(store: Store) -> None:
    assert store.settings.profile() == HealthProfile()
    chosen = HealthProfile(conditions=frozenset({Condition.PREGNANCY, Condition.CLOTTING}))
    store.settings.save_profile(chosen)
    assert store.settings.profile() == chosen
    store.settings.save_profile(HealthProfile(conditions=frozenset({Condition.FOOT_INJURY})))
    assert store.settings.profile().conditions == {Condition.FOOT_INJURY}
    store.settings.save_profile(HealthProfile())
    assert store.settings.profile() == HealthProfile()
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(profiles)) == 1


def test_unknown_stored_condition_is_ignored(store: Store) -> None:
    store.settings.save_profile(HealthProfile())
    with store.engine.begin() as connection:
        connection.execute(profiles.update().values(conditions=["pregnancy", "telepathy"]))
    assert store.settings.profile().conditions == {Condition.PREGNANCY}


# ---------------------------------------------------------------- owners


def test_second_owner_sees_nothing_of_the_first(store: Store, url: str) -> None:
    mine = store.routines.save(make_routine(name="Evening calm"))
    store.settings.save_profile(HealthProfile(conditions=frozenset({Condition.PREGNANCY})))
    other = Store(url, catalog=CATALOG, owner="someone")
    try:
        assert other.owner_id != store.owner_id
        assert other.routines.list() == []
        assert other.routines.get(mine.id) is None
        assert other.settings.profile() == HealthProfile()
        assert other.routines.delete(mine.id) is False
        with pytest.raises(Problem):
            other.routines.save(mine.model_copy(update={"name": "Taken over"}))
        with pytest.raises(Problem):
            other.routines.duplicate(mine.id)
        with pytest.raises(Problem):  # updating someone else's routine by id
            other.routines.save(mine.model_copy(update={"name": "Hijack"}))
        # names are unique per owner only
        theirs = other.routines.save(make_routine(name="evening calm"))
        assert other.routines.list() == [theirs]
    finally:
        other.dispose()
    assert store.routines.list() == [mine]
    assert store.settings.profile().conditions == {Condition.PREGNANCY}


# ---------------------------------------------------------------- failures


def test_read_only_database(store: Store, db_path: Path) -> None:
    saved = store.routines.save(make_routine())
    store.settings.save_profile(HealthProfile(conditions=frozenset({Condition.CLOTTING})))
    folder = db_path.parent
    # chmod alone does not stop root, so the read-only store also opens the file with mode=ro.
    os.chmod(db_path, 0o444)
    os.chmod(folder, 0o555)
    try:
        read_only = Store(f"sqlite:///file:{db_path}?mode=ro&uri=true", catalog=CATALOG)
        try:
            assert read_only.routines.list() == [saved]
            attempts = [
                lambda: read_only.routines.save(make_routine(name="New one")),
                lambda: read_only.routines.save(saved.model_copy(update={"name": "Changed"})),
                lambda: read_only.routines.save(saved.model_copy(update={"name": "Renamed"})),
                lambda: read_only.routines.duplicate(saved.id),
                lambda: read_only.routines.delete(saved.id),
                lambda: read_only.settings.save_profile(HealthProfile()),
            ]
            for attempt in attempts:
                with pytest.raises(StoreError) as err:
                    attempt()
                assert "nothing was changed" in str(err.value).lower()
                assert "read-only" in str(err.value)
        finally:
            read_only.dispose()
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db_path, 0o644)
    assert store.routines.list() == [saved]
    assert store.settings.profile().conditions == {Condition.CLOTTING}


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stores made in the test wait 0.2 s, not 5 s, for a lock."""
    original = planner.kernel.db.create_db_engine

    def create(url: str) -> sa.Engine:
        engine = original(url)

        @sa.event.listens_for(engine, "connect")
        def _short(dbapi_connection, _record):  # runs after the store's own pragmas
            dbapi_connection.execute("PRAGMA busy_timeout=200")

        return engine

    monkeypatch.setattr(planner.kernel.db, "create_db_engine", create)


def test_locked_database(short_busy_timeout: None, url: str, db_path: Path) -> None:
    store = Store(url, catalog=CATALOG)
    try:
        saved = store.routines.save(make_routine(name="Before"))
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            started = time.monotonic()
            with pytest.raises(StoreError) as err:
                store.routines.save(make_routine(name="During"))
            assert time.monotonic() - started < 3
            assert "busy" in str(err.value)
            assert "nothing was changed" in str(err.value).lower()
            with pytest.raises(StoreError, match="busy"):
                store.settings.save_profile(HealthProfile())
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert store.routines.list() == [saved]
        assert count_routines(store) == 1
        # once the lock is gone, saving works again
        store.routines.save(make_routine(name="After"))
        assert count_routines(store) == 2
    finally:
        store.dispose()


# ---------------------------------------------------------------- property


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path_factory.mktemp('names')}/x.db", catalog=CATALOG)
    yield opened
    opened.dispose()


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(
    st.text(max_size=70),
    st.text(alphabet=st.characters(codec="ascii"), max_size=70),
    st.from_regex(r"\s*[A-Za-z][A-Za-z0-9 '&()-]{0,65}\s*", fullmatch=True),
))
def test_any_name_is_refused_or_round_trips(shared_store: Store, text: str) -> None:
    with shared_store.engine.begin() as connection:
        connection.execute(routines.delete())
    try:
        expected = clean_name(text)
    except Problem:
        expected = None
    try:
        saved = shared_store.routines.save(make_routine(name=text))
    except Problem as problem:
        assert problem.field == "name"
        assert expected is None
        assert count_routines(shared_store) == 0
        return
    assert expected is not None
    assert saved.name == expected
    assert [r.name for r in shared_store.routines.list()] == [expected]
    assert shared_store.routines.get(saved.id).name == expected
    assert clean_name(expected) == expected
