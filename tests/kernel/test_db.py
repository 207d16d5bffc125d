"""The database: migrations, failures as plain StoreError, files under our feet, owners."""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import sqlite3
import sys
import time
import types
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import planner.kernel.db
import planner.kernel.schema
import planner.store
from planner.catalog.model import Condition, load_catalog
from planner.kernel.db import MIGRATIONS_DIR, explain
from planner.kernel.errors import Problem, StoreError
from planner.settings.model import HealthProfile
from planner.store import Store
from tests.helpers import ROUTINE, count_routines, make_routine
from tests.kernel.opener import open_store

CATALOG = load_catalog()


def test_a_database_from_the_first_version_upgrades_and_keeps_its_routines(
        empty_url: str) -> None:
    url = empty_url
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


def _plain(value):
    """``value`` (what the inspector reports) with SQL expressions as their text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, sa.sql.ClauseElement | sa.types.TypeEngine):
        return str(value)
    return value


def _schema(engine: sa.Engine) -> dict:
    """Every table's columns, keys, constraints and indexes, as the database reports them."""
    found = sa.inspect(engine)
    return {table: _plain([found.get_columns(table), found.get_pk_constraint(table),
                           found.get_foreign_keys(table), found.get_indexes(table),
                           found.get_unique_constraints(table),
                           found.get_check_constraints(table)])
            for table in found.get_table_names()}


def test_migrating_an_empty_database_creates_the_current_schema(empty_url: str,
                                                                 url: str) -> None:
    """From empty to the newest revision: the schema the code declares, and the same as the
    migrated template every other test starts from a copy of (``url``)."""
    store = Store(empty_url, catalog=CATALOG)
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    template = planner.kernel.db.create_db_engine(url)
    try:
        with store.engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection), planner.kernel.schema.metadata
            )
            assert differences == []
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        assert [v for (v,) in versions] == [head]
        assert _schema(store.engine) == _schema(template)
        with template.connect() as connection:
            assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == head
    finally:
        template.dispose()
        store.dispose()


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


@pytest.mark.sqlite_only
def test_sqlite_pragmas(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.sqlite_only
def test_missing_folder_gives_plain_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="can't be opened"):
        Store(f"sqlite:///{tmp_path}/no/such/folder/x.db", catalog=CATALOG)


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


@pytest.mark.sqlite_only
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


@pytest.mark.sqlite_only
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


@pytest.mark.sqlite_only
def test_a_deleted_database_file_is_named_and_nothing_is_called_saved(store, db_path):
    store.routines.save(ROUTINE)
    for leftover in db_path.parent.glob(f"{db_path.name}*"):
        leftover.unlink()
    with pytest.raises(StoreError, match="deleted while Solace was running"):
        store.routines.save(ROUTINE.model_copy(update={"name": "After the delete"}))
    with pytest.raises(StoreError, match="deleted"):
        store.routines.list()  # reads say so too, rather than show a ghost of the old file


@pytest.mark.sqlite_only
def test_a_replaced_database_file_is_named(store, db_path, tmp_path):
    store.routines.save(ROUTINE)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}", catalog=CATALOG)
    other.dispose()
    shutil.copy(tmp_path / "other.db", tmp_path / "incoming.db")
    (tmp_path / "incoming.db").replace(db_path)  # a new file (new inode) at the same path
    with pytest.raises(StoreError, match="replaced by another file"):
        store.settings.save_profile(store.settings.profile())


def test_a_database_from_a_newer_solace_is_refused_untouched(url):
    Store(url, catalog=CATALOG).dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="written by a newer Solace"):
        Store(url, catalog=CATALOG)
    engine = sa.create_engine(url)
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
    full = explain(sa.exc.OperationalError("INSERT", {}, Exception("database or disk is full")))
    assert "disk that holds the database is full" in full and "Nothing was changed" in full


@pytest.mark.sqlite_only
def test_connections_opening_a_brand_new_file_at_once_all_open_it_in_wal_mode(tmp_path):
    """Each connection switches the file to WAL as it opens, and SQLite turned all but one of
    several simultaneous switches down at once ("database is locked", 4 threads: 1 round in
    10), whatever the connection's timeout: the likely cause of the one failure seen of the
    test below (three processes, "database is locked" in one of them, in a fresh-clone run)."""
    import threading

    from planner.kernel.db import create_db_engine

    failures = []
    for round_ in range(60):
        url = f"sqlite:///{tmp_path / f'new-{round_}.db'}"
        engines = [create_db_engine(url) for _ in range(4)]
        together = threading.Barrier(len(engines))

        def open_it(engine, together=together):
            together.wait()
            try:
                with engine.connect() as connection:
                    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            except Exception as error:  # noqa: BLE001 (every failure is reported below)
                failures.append(repr(error))

        threads = [threading.Thread(target=open_it, args=(engine,)) for engine in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for engine in engines:
            engine.dispose()
    assert failures == []


def test_processes_opening_a_brand_new_database_at_once_all_start(empty_url, monkeypatch):
    url = empty_url
    # A spawned child re-runs the parent's __main__; after a page test that is the app's
    # script (AppTest leaves it there), so give the children a plain one.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    context = multiprocessing.get_context("spawn")
    ready, results = context.Event(), context.Queue()
    processes = [context.Process(target=open_store, args=(url, ready, results))
                 for _ in range(3)]
    for process in processes:
        process.start()
    ready.set()
    try:
        outcomes = [results.get(timeout=120) for _ in processes]
    except queue.Empty:
        outcomes = [("no answer", process.exitcode) for process in processes]
    for process in processes:
        process.join(timeout=60)
    assert [kind for kind, _ in outcomes] == ["ok"] * 3, outcomes
    assert len({owner for _, owner in outcomes}) == 1  # one local owner, not three
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == head
    engine.dispose()


def test_migration_files_are_named_after_their_revisions():
    from alembic.script import ScriptDirectory

    from planner.kernel.db import revisions

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert revisions() == [r.revision for r in reversed(list(script.walk_revisions()))]
    assert revisions()[-1] == script.get_current_head()
