"""Shared fixtures: the one clock every test reads, a database per test, pages in AppTest.

``PLANNER_TEST_NOW`` (an ISO date-time; without an offset it is read in ``TZ``) holds the app's
clock still at that moment for the whole run: tests/test_reruns.py runs the tests again that
way, half a minute before midnight at UTC+14 (tests/test_odd_moments.py pins another moment).
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings
from streamlit.testing.v1 import AppTest

import planner.kernel.db
from planner.catalog.model import Catalog, load_catalog
from planner.kernel import clock, schema
from planner.kernel.db import Database
from planner.store import Store
from planner.tools.pgserver import scratch_database
from planner.ui import pages
from planner.ui.apptest import run_pages_through_navigation
from tests.helpers import close_app_stores

ROOT = Path(__file__).resolve().parents[1]
TEST_NOW_VARIABLE = "PLANNER_TEST_NOW"
# A PostgreSQL server URL: the tests then use a database there, migrated once and emptied
# before each test (SQLite files otherwise). tests/test_reruns.py runs the suite this way once.
TEST_DATABASE_VARIABLE = "PLANNER_TEST_DATABASE_URL"


def on_postgresql() -> bool:
    return bool(os.environ.get(TEST_DATABASE_VARIABLE, "").strip())


RERUN = "tests/test_reruns.py::"
BROWSER = "tests/browser/"


def pytest_collection_modifyitems(config, items):
    # The browser's modules first: they are the longest (a server, Chromium, timers), and a
    # long one handed out last would leave the other workers idle while it ends. The rerun's
    # test waits for the rerun, which runs beside everything else: it goes last.
    items.sort(key=lambda item: (item.nodeid.startswith(RERUN),
                                 not item.nodeid.startswith(BROWSER)))
    if not on_postgresql():
        return
    skip = pytest.mark.skip(reason="about a SQLite file; the suite runs on PostgreSQL here")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    from tests import test_reruns

    if not hasattr(config, "workerinput") and not test_reruns.in_a_rerun():
        test_reruns.folder()  # named now, so that xdist's workers inherit it


def pytest_collection_finish(session):
    """Start the rerun (tests/test_reruns.py) now if it is to run, so that it runs beside the
    other tests rather than after them (without xdist; with it, the hook below)."""
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if any(item.nodeid.startswith(RERUN) for item in session.items):
        from tests import test_reruns

        test_reruns.start()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """With xdist, the controller starts the rerun once a worker has collected it: before any
    test is handed out, and in the one process that lives through the whole run."""
    if any(nodeid.startswith(RERUN) for nodeid in ids):
        from tests import test_reruns

        test_reruns.start()


def pytest_sessionfinish(session):
    rerun = sys.modules.get("tests.test_reruns")
    if rerun is not None and not hasattr(session.config, "workerinput"):
        rerun.stop()  # also when the run stopped early
    # As it ends, pytest collects cycles five times over to bring out errors in finalizers
    # (its unraisable-exception check): over a test process's whole heap, 1.4-1.5 s of one
    # process's last moments (four modules of page tests). One collection here, then what is
    # left frozen out of the next, leaves those five only what is freed later: 0.4 s in all.
    gc.collect()
    gc.freeze()


@contextmanager
def isolated_database(sqlite_path: Path, template: str | None = None) -> Iterator[str]:
    """A database for one test, empty or migrated: on SQLite a file at ``sqlite_path``, empty
    or a copy of ``template`` (the ``migrated_template`` fixture); on PostgreSQL a scratch
    database, empty, or else the process's migrated one (``template``) emptied."""
    server = os.environ.get(TEST_DATABASE_VARIABLE, "").strip()
    if server and template:
        url = sa.make_url(server).set(database=template).render_as_string(hide_password=False)
        _empty_postgresql_database(url)
        yield url
    elif server:
        with scratch_database(server) as url:
            yield url
    else:
        if template:
            shutil.copyfile(template, sqlite_path)  # a file of its own: its own inode and WAL
        yield f"sqlite:///{sqlite_path}"


def _empty_postgresql_database(url: str) -> None:
    """Bring the process's migrated PostgreSQL database back to as it was just migrated, for
    the next test, where a copy (CREATE DATABASE … TEMPLATE) takes 0.1-0.4 s on a busy 2-core
    machine. The app's connections stay open for the next test (one pool per process:
    planner.kernel.db); one that a test left holding a lock is ended after 2 s of waiting for
    it. Every table is emptied and its ids start again at 1, the schema revision is put back
    (a test may have faked a newer one), and the app's cached database, stores and charts,
    which are keyed by this same URL, are forgotten.

    Emptied by DELETE, children before parents, rather than TRUNCATE: a test leaves a few
    rows, and TRUNCATE gives every table new files on disk. 2.1 ms against 9.1 ms on the
    rerun's server (12 tables, 50 times each way), for each of the rerun's 600-odd tests."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    with _emptying_engine(url).connect() as connection:
        connection.execute(sa.text("SET lock_timeout = '2s'"))
        empty = sa.text(_emptying(url, connection))
        try:
            connection.execute(empty)
        except sa.exc.OperationalError:  # a connection the last test left holds a lock
            connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            connection.execute(empty)
        connection.execute(sa.text("DELETE FROM alembic_version"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES (:head)"),
                           {"head": planner.kernel.db.revisions()[-1]})


@functools.cache
def _emptying_engine(url: str) -> sa.Engine:
    """One engine per process for emptying its database between tests, its connection kept:
    a new one each test cost a connection and its first queries. It is the one connection
    the emptying doesn't end."""
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1, pool_pre_ping=True)


_EMPTYING: dict[str, str] = {}


def _emptying(url: str, connection: sa.Connection) -> str:
    """The statements that empty every table of the schema (a row's dependants before it) and
    start its ids again at 1; the sequences are read once per process."""
    if url not in _EMPTYING:
        deletes = [f'DELETE FROM "{table.name}"'
                   for table in reversed(schema.metadata.sorted_tables)]
        restarts = [f'ALTER SEQUENCE "{name}" RESTART' for name in connection.scalars(sa.text(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_schema = current_schema()"))]
        _EMPTYING[url] = "; ".join(deletes + restarts)
    return _EMPTYING[url]


@contextmanager
def _migrated_once(folder: Path) -> Iterator[str]:
    """A database migrated to the newest schema and closed: a SQLite file (its path) or a
    PostgreSQL database (its name), for each test to start from a copy of."""
    with isolated_database(folder / "migrated.db") as url:
        database = Database(url)
        if database.engine.dialect.name == "sqlite":
            with database.engine.connect() as connection:  # all of it in the main file
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        yield str(sa.make_url(url).database)


# Python's cycle collector runs after every 700 new objects by default: in a test process, with
# Streamlit, pandas and hypothesis loaded, that took 6.0-6.9 CPU-s of 64-80 in six modules of
# page tests (542 tests, one process); after every 50,000, 3.4-4.0 of 62-71 (the rerun on
# PostgreSQL: 62.3 CPU-s against 66.3). Memory is not short here.
gc.set_threshold(50_000, 20, 20)

# Speed is measured by the benchmark (python -m planner.tools.bench), not by per-example
# deadlines, which fail at random on a busy 2-core CI machine.
settings.register_profile("solace", deadline=None)
settings.load_profile("solace")
run_pages_through_navigation()  # every AppTest page through streamlit_app.py, as in a browser
# Never the person's own database: a test that forgets to set one gets an empty scratch file.
os.environ["PLANNER_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/not-yours.db"


def _pinned_now() -> datetime | None:
    value = os.environ.get(TEST_NOW_VARIABLE, "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.astimezone()


@pytest.fixture(autouse=True)
def held_clock():
    """With PLANNER_TEST_NOW set, the clock stands still there in every test."""
    moment = _pinned_now()
    if moment is None:
        yield None
        return
    with clock.frozen(moment) as held:
        yield held


def _refuse(what: str):
    def refuse(*_args, **_kwargs):
        raise AssertionError(
            f"This test is marked same_everywhere (the rerun on PostgreSQL at UTC+14 skips "
            f"it), but it {what}: take the mark off its module.")
    return refuse


@pytest.fixture(autouse=True)
def _same_everywhere_reads_no_clock_and_no_database(request, monkeypatch):
    """A test marked ``same_everywhere`` is skipped by the rerun, so it must not depend on
    what the rerun changes: it fails here if it reads the clock or the server's zone, or
    opens a database."""
    if request.node.get_closest_marker("same_everywhere") is None:
        return
    monkeypatch.setattr(clock, "timestamp", _refuse("reads the clock"))
    monkeypatch.setattr(clock, "server_zone", _refuse("reads the server's time zone"))
    monkeypatch.setattr(planner.kernel.db, "create_db_engine", _refuse("opens a database"))


@pytest.fixture
def frozen_clock(held_clock):
    """A clock the test moves by hand (``advance``); it starts at now (or PLANNER_TEST_NOW)."""
    if held_clock is not None:
        yield held_clock
        return
    with clock.frozen(clock.now()) as held:
        yield held


@pytest.fixture
def today() -> date:
    """The day it is now for a visitor whose browser gives no zone (so: the server's)."""
    return clock.today(clock.server_zone())


# A database of its own for each test ---------------------------------------------------------
# Migrating costs 0.2-0.6 s a test; copying a migrated SQLite file a few milliseconds. So each
# test process migrates one database once (migrated_template) and every test gets a copy of it
# (url, database_url); on PostgreSQL, where a copy costs 0.1-0.4 s, the tests take the one
# migrated database in turn, emptied before each. tests/kernel/test_db.py migrates from empty
# (empty_url) and compares the result with it.


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Iterator[str]:
    """The migrated database: a SQLite file's path (tests get copies) or a PostgreSQL
    database's name (tests use it in turn, emptied). Use it through ``isolated_database``."""
    with _migrated_once(tmp_path_factory.mktemp("template")) as template:
        yield template


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """A SQLite file migrated once, for the second databases of tests (a backup's source, an
    import's target): SQLite files on either run, each a copy of this (``second_database``)."""
    path = tmp_path_factory.mktemp("second") / "migrated.db"
    database = Database(f"sqlite:///{path}")
    with database.engine.connect() as connection:  # all of it in the main file
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def second_database(tmp_path: Path, migrated_sqlite_file: Path) -> Callable[[str], str]:
    """``second_database(name)``: the URL of a migrated SQLite file of the test's own, a copy
    (2-8 ms) where migrating a new file took 0.15-0.2 s."""
    def copy(name: str) -> str:
        path = tmp_path / f"{name}.db"
        shutil.copyfile(migrated_sqlite_file, path)
        return f"sqlite:///{path}"
    return copy


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "solace.db"


@pytest.fixture
def url(db_path: Path, migrated_template: str) -> Iterator[str]:
    """A migrated database of the test's own (at ``db_path`` on SQLite)."""
    with isolated_database(db_path, migrated_template) as found:
        yield found


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the test's own, for the tests of migrating itself."""
    with isolated_database(tmp_path / "empty.db") as found:
        yield found


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog, read once."""
    return load_catalog()


@pytest.fixture
def store(url: str, catalog: Catalog) -> Iterator[Store]:
    opened = Store(url, catalog=catalog)
    yield opened
    opened.dispose()


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


# Pages in AppTest ---------------------------------------------------------------------------


@pytest.fixture
def database_url(tmp_path, monkeypatch, migrated_template) -> Iterator[str]:
    """The app's database for a page test (PLANNER_DATABASE_URL points at it), migrated."""
    with isolated_database(tmp_path / "pages.db", migrated_template) as found:
        monkeypatch.setenv("PLANNER_DATABASE_URL", found)
        try:
            yield found
        finally:
            close_app_stores()  # before a scratch PostgreSQL database is dropped


def run_app(page: str, prepare: Callable[[AppTest], None] | None = None) -> AppTest:
    """The app run through its entry script and switched to ``page``, as a browser opens it;
    ``prepare`` sets up the AppTest (context, secrets, user) before the first run."""
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    if prepare:
        prepare(app)
    app.run()
    if page != "library":
        app.switch_page(pages.named(page).script).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def open_page(database_url, monkeypatch):
    """Run the app on one page and return the AppTest."""
    monkeypatch.chdir(ROOT)

    def _open(page: str, zone: str | None = None) -> AppTest:
        """``zone``: the time zone the visitor's browser reports (None: it reports none)."""
        def in_zone(app: AppTest) -> None:
            if zone:
                app.context = {"timezone": zone}

        return run_app(page, in_zone)

    return _open
