"""The database: opening it, bringing its schema up to date, and units of work.

SQLite by default, any SQLAlchemy URL by setting. Every write is one transaction that is kept
whole or not at all; every failure becomes ``StoreError`` with a message a person can act on,
which says "nothing was changed" only when that is known, and never shows a host, a role or a
path (those go to the server's log). A SQLite file deleted or replaced while the app runs is
noticed before and after each write, so a write into a vanished file is never called saved.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.engine import Connection, Engine

from planner.kernel import clock
from planner.kernel.errors import Conflict, StoreError
from planner.kernel.schema import closed_identities, owners

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
POSTGRES_MIGRATION_LOCK = 7_011_970  # any constant: the advisory lock all app servers share
MIGRATION_WAIT_SECONDS = 60
LOCAL_OWNER = "local"  # the one person of a local install

log = logging.getLogger("solace.db")
_migrating = threading.Lock()  # Alembic is not thread-safe within one process

NOTHING_CHANGED = "Nothing was changed."
DAMAGED = ("The database file is damaged or isn't a Solace database. Restore it from a "
           "backup, or point PLANNER_DATABASE_URL at another file. " + NOTHING_CHANGED)
SESSION_ENDED = ("You were signed out (here, in another tab or on another device), so this "
                 "wasn't saved. Sign in again to carry on.")
UNCERTAIN = ("It isn't certain whether your last change was kept: reload the page to check "
             "before trying again.")


def create_db_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(url, connect_args={"timeout": 5})

            @sa.event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                _switch_to_wal(cursor)
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=5000")
                cursor.close()

            return engine
        return _server_engine(url)
    except ModuleNotFoundError as error:
        raise StoreError(_missing_driver(url, error)) from error
    except sa.exc.NoSuchModuleError as error:
        raise StoreError("PLANNER_DATABASE_URL names a kind of database Solace doesn't know. "
                         "Use a sqlite:/// or postgresql+psycopg:// URL.") from error
    except sa.exc.ArgumentError as error:
        raise StoreError("PLANNER_DATABASE_URL isn't a database URL Solace can read. Use, for "
                         "example, sqlite:////path/to/solace.db.") from error


WAL_SWITCH_SECONDS = 5  # as long as a write waits for another's (the connection's timeout)


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """WAL lets the app read while another tab or process writes. When several connections
    switch a new file to WAL at the same moment, SQLite answers all but one "database is
    locked" at once instead of waiting (each holds a shared lock and wants the exclusive one,
    so waiting could deadlock): 4 threads doing so failed in 1 round of 10. So a switch turned
    down is tried again until the other's is done."""
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


_server_engines: dict[str, Engine] = {}
_server_engines_lock = threading.Lock()


def _server_engine(url: str) -> Engine:
    """One engine, so one pool of connections, per database server URL in this process: each
    new engine pays a connection and the driver's first queries (about 10 ms on PostgreSQL),
    and a second pool to the same database gains nothing (the app's pages already share one
    ``Database``; the tests' rerun on PostgreSQL went from 170 to 112 CPU-seconds)."""
    with _server_engines_lock:
        engine = _server_engines.get(url)
        if engine is None:
            engine = _server_engines[url] = sa.create_engine(url, pool_pre_ping=True)
        return engine


def _missing_driver(url: str, error: ModuleNotFoundError) -> str:
    if url.startswith("postgres"):
        return ("PLANNER_DATABASE_URL points to PostgreSQL, but its driver isn't installed. "
                "Install it with: python -m pip install \"psycopg[binary]\" (or "
                "pip install -e \".[postgres]\"), and use a postgresql+psycopg:// URL.")
    return (f"The database driver for PLANNER_DATABASE_URL isn't installed (Python module "
            f"“{error.name}”).")


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or None (in memory, or another database)."""
    if engine.url.get_backend_name() != "sqlite":
        return None
    name = engine.url.database or ""
    if engine.url.query.get("uri") in ("true", "1"):
        name = name.removeprefix("file:").split("?", 1)[0]
    if not name or name == ":memory:" or name.startswith(":"):
        return None
    return Path(name)


def revisions() -> list[str]:
    """The schema's revisions, oldest first: each migration file is named after its revision
    (``0004_versions.py`` is revision ``0004``; tests/kernel/test_db.py checks it)."""
    return sorted(path.name.split("_", 1)[0]
                  for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _check_revision(connection: Connection) -> bool:
    """Whether the schema is already the newest; StoreError if it is newer than this app.

    Read with one query, without importing Alembic: that is only needed to upgrade.
    """
    current = None
    if sa.inspect(connection).has_table("alembic_version"):
        current = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    known = revisions()
    if current is not None and current not in known:
        raise StoreError("This database was written by a newer Solace, so this version can't "
                         "use it safely. Update Solace, or point PLANNER_DATABASE_URL at "
                         "another database. " + NOTHING_CHANGED)
    return current == known[-1]


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, once, even with several processes starting.

    An up-to-date database costs one query. Otherwise the upgrade runs under a lock that every
    process respects: a file lock beside a SQLite file, an advisory lock on PostgreSQL.
    """
    with engine.connect() as connection:
        if _check_revision(connection):
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _migrating, _cross_process_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": POSTGRES_MIGRATION_LOCK})
        if _check_revision(connection):
            return  # another process upgraded it while we waited
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _cross_process_lock(engine: Engine) -> Iterator[None]:
    path = sqlite_path(engine)
    if path is None:
        yield
        return
    try:
        lock = FileLock(f"{path}.migrate-lock", timeout=MIGRATION_WAIT_SECONDS)
        lock.acquire()
    except Timeout as error:
        raise StoreError("Another Solace is still setting up this database. Try again in a "
                         "minute.") from error
    except OSError:
        yield  # a folder we can't write to: the upgrade itself will say so
        return
    try:
        yield
    finally:
        lock.release()


def explain(error: BaseException, at_commit: bool = False) -> str:
    """A message for a database failure; the details go to the server's log, not the page."""
    log.warning("database error%s: %s", " at commit" if at_commit else "", error)
    text = str(getattr(error, "orig", error)).lower()
    if "locked" in text or "busy" in text:
        return ("The database is busy with another window or program. Nothing was changed; "
                "try again in a moment.")
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return ("The disk that holds the database is full. " + NOTHING_CHANGED
                + " Free some space and try again.")
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return ("The database can't be written (the file or its folder is read-only). Nothing "
                "was changed. Check the permissions of the file named by PLANNER_DATABASE_URL.")
    if "unable to open" in text or "no such file" in text:
        return ("The database file can't be opened. Check that its folder exists and that "
                "PLANNER_DATABASE_URL points to the right place.")
    if "not a database" in text or "malformed" in text or "no such table" in text:
        return DAMAGED
    connection_lost = isinstance(error, sa.exc.DBAPIError) and (
        error.connection_invalidated or isinstance(error, sa.exc.InterfaceError)
        or "connect" in text or "server closed" in text or "terminat" in text)
    if connection_lost:
        return ("Solace can't reach its database right now. "
                + (UNCERTAIN if at_commit else "Try again in a moment."))
    return ("The database reported a problem (the details are in the server's log). "
            + (UNCERTAIN if at_commit else NOTHING_CHANGED))


class Database:
    """An engine with its schema up to date, and the units of work every repository uses."""

    def __init__(self, url: str):
        self.url = url
        self.engine = create_db_engine(url)
        try:
            migrate(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as error:
            self.engine.dispose()
            raise StoreError(explain(error)) from error
        self._path = sqlite_path(self.engine)
        self._identity = self._file_identity()
        self.session: tuple[int, int] | None = None  # (owner id, generation): for_session

    def for_session(self, owner_id: int, generation: int) -> Database:
        """This database as one signed-in browser session writes to it: every write first
        checks, in its own transaction, that the person's sessions haven't been ended since
        (signed out everywhere, account closed), and is refused with ``SessionEnded`` if so.
        The engine is shared."""
        bound = copy.copy(self)
        bound.session = (owner_id, generation)
        return bound

    @property
    def kind(self) -> str:
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(
            self.engine.dialect.name, self.engine.dialect.name)

    def _file_identity(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        try:
            found = os.stat(self._path)
        except FileNotFoundError:
            return None
        return found.st_dev, found.st_ino

    def check_file(self, after_write: bool = False) -> None:
        """StoreError if the SQLite file was deleted or replaced since it was opened."""
        if self._path is None or self._identity is None:
            return
        now = self._file_identity()
        if now == self._identity:
            return
        self.engine.dispose()  # its connections point at the old file
        what = "deleted" if now is None else "replaced by another file"
        outcome = ("so this change was not kept" if after_write
                   else "so nothing can be saved to it")
        raise StoreError(f"The database file was {what} while Solace was running, {outcome}. "
                         "Restart Solace (or put the file back) to carry on.")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: all of it is kept, or none of it.

        ``IntegrityError`` passes through untouched: the repositories turn it into a
        ``Problem`` or ``Conflict`` (a duplicate name, a record saved in another window).
        """
        self.check_file()
        try:
            connection = self.engine.connect()
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(explain(error)) from error
        try:
            transaction = connection.begin()
            try:
                if self.session is not None:
                    _require_session(connection, *self.session)
                yield connection
            except BaseException:
                transaction.rollback()
                raise
            try:
                transaction.commit()
            except sa.exc.SQLAlchemyError as error:
                raise StoreError(explain(error, at_commit=True)) from error
        except sa.exc.IntegrityError:
            raise
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(explain(error)) from error
        finally:
            connection.close()
        self.check_file(after_write=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        self.check_file()
        try:
            with self.engine.connect() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(explain(error)) from error

    def dispose(self) -> None:
        """Close its connections: a SQLite file's engine is this Database's own; a server's
        is shared by the process (``_server_engine``), so its pool stays for the next one."""
        if self.engine.dialect.name == "sqlite":
            self.engine.dispose()


@contextmanager
def rows_read() -> Iterator[None]:
    """Rows that the database gives back but that no longer make a record (a value out of
    every bound the app writes, a wrong type) are damage: the same message as a damaged
    database, never a traceback; inside a write, the write is undone."""
    try:
        yield
    except ValueError as error:  # pydantic's ValidationError is one
        log.warning("a stored row can't be read back: %s", error)
        raise StoreError(DAMAGED) from None


class SessionEnded(StoreError):
    """A write from a browser session that was ended meanwhile: nothing was written."""

    def __init__(self) -> None:
        super().__init__(SESSION_ENDED)


def _require_session(connection: Connection, owner_id: int, generation: int) -> None:
    """``SessionEnded`` unless the owner's sessions are still at ``generation``.

    A write to the owner's row, so it holds for the whole transaction: PostgreSQL locks the
    row (signing out elsewhere waits for this write, or this one sees its new generation) and
    SQLite takes its one write lock.
    """
    still = connection.execute(
        owners.update().where(owners.c.id == owner_id,
                              owners.c.session_generation == generation)
        .values(session_generation=owners.c.session_generation)).rowcount
    if not still:
        raise SessionEnded()


def upsert_insert(connection: Connection, table: sa.Table):
    """An INSERT that can say ``on_conflict_do_update`` / ``on_conflict_do_nothing``.

    Both SQLite and PostgreSQL run these as one statement, so two windows saving the same row
    at once can't both insert it.
    """
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif connection.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the two databases Solace supports
        raise StoreError(f"Solace can't save to a {connection.dialect.name} database.")
    return insert(table)


@dataclass(frozen=True)
class Identity:
    """Someone signed in: their identity provider (the token's issuer) and their id there (its
    subject). Together they never change and never pass to someone else, unlike an email."""

    issuer: str
    subject: str

    @property
    def owner_name(self) -> str:
        """A unique name for the owners table, the same for the same identity."""
        digest = hashlib.sha256(f"{self.issuer}\n{self.subject}".encode()).hexdigest()
        return f"signed-in:{digest[:40]}"

    @property
    def closed_digest(self) -> str:
        """The identity's key among closed accounts: a digest of its own (not the owner
        name's), so nothing left after closing an account matches a row it had."""
        return hashlib.sha256(f"closed\n{self.issuer}\n{self.subject}".encode()).hexdigest()


def ensure_owner(db: Database, who: str | Identity) -> int:
    """The owner's id: the local person (a name) or someone signed in (an ``Identity``),
    added once even if two processes start together."""
    if isinstance(who, Identity):
        query = sa.select(owners.c.id).where(owners.c.issuer == who.issuer,
                                             owners.c.subject == who.subject)
        values = {"name": who.owner_name, "issuer": who.issuer, "subject": who.subject}
    else:
        query = sa.select(owners.c.id).where(owners.c.name == who)
        values = {"name": who}
    with db.read() as connection:
        found = connection.scalar(query)
    if found is not None:
        return found  # also on a read-only database
    with db.write() as connection:
        connection.execute(upsert_insert(connection, owners)
                           .values(**values, created_at=clock.now()).on_conflict_do_nothing())
        return connection.scalar(query)


def delete_owner(connection: Connection, owner_id: int) -> None:
    """Close the account, inside the caller's transaction (after their records): the row
    keeps only its id, so the id is never handed to someone else (SQLite gives a deleted
    row's id, the highest, to the next insert), and a window still holding it sees nothing
    and can write nothing (its session is ended).
    Someone signed in leaves a digest of their identity and the closing time in
    ``closed_identities``, so a sign-in issued before now (a copied cookie) opens no new
    account (``identity_closed``)."""
    identity = connection.execute(sa.select(owners.c.issuer, owners.c.subject)
                                  .where(owners.c.id == owner_id)).one_or_none()
    if identity is not None and identity.issuer is not None and identity.subject is not None:
        digest = Identity(identity.issuer, identity.subject).closed_digest
        connection.execute(upsert_insert(connection, closed_identities)
                           .values(identity_digest=digest, closed_at=clock.now())
                           .on_conflict_do_update(index_elements=["identity_digest"],
                                                  set_={"closed_at": clock.now()}))
    connection.execute(owners.update().where(owners.c.id == owner_id).values(
        name=f"closed:{owner_id}", issuer=None, subject=None,
        data_version=owners.c.data_version + 1,
        session_generation=owners.c.session_generation + 1, sessions_ended_at=clock.now()))


def identity_closed(db: Database, identity: Identity, issued_at: datetime) -> bool:
    """Whether an account of this identity was closed at or after ``issued_at`` (when the
    sign-in was issued): such a sign-in opens nothing, not even a new account."""
    with db.read() as connection:
        closed_at = connection.scalar(
            sa.select(closed_identities.c.closed_at)
            .where(closed_identities.c.identity_digest == identity.closed_digest))
    return closed_at is not None and issued_at <= closed_at


def sign_in_ended(db: Database, identity: Identity, issued_at: datetime) -> bool:
    """Whether a sign-in issued at ``issued_at`` was ended since: its person signed out
    everywhere, or closed their account (two reads by key; for a request that carries only
    the sign-in cookie, such as a file upload)."""
    if identity_closed(db, identity, issued_at):
        return True
    with db.read() as connection:
        ended_at = connection.scalar(
            sa.select(owners.c.sessions_ended_at).where(owners.c.issuer == identity.issuer,
                                                        owners.c.subject == identity.subject))
    return ended_at is not None and issued_at <= ended_at


def end_sessions(db: Database, owner_id: int) -> None:
    """Sign the owner out everywhere: every browser session open now is over at its next
    rerun or write, and a sign-in issued until now (a copied cookie) is no longer taken."""
    with db.write() as connection:
        connection.execute(owners.update().where(owners.c.id == owner_id).values(
            session_generation=owners.c.session_generation + 1,
            sessions_ended_at=clock.now()))


def session_generation(db: Database, owner_id: int, issued_at: datetime | None = None
                       ) -> int | None:
    """The generation of the owner's sessions now (one read by primary key), or None if
    ``issued_at`` (when the sign-in was issued) is given and no later than the moment the
    owner's sessions were last ended."""
    with db.read() as connection:
        row = connection.execute(
            sa.select(owners.c.session_generation, owners.c.sessions_ended_at)
            .where(owners.c.id == owner_id)).one_or_none()
    if row is None:
        return None
    if issued_at is not None and row.sessions_ended_at is not None and (
            issued_at <= row.sessions_ended_at):
        return None
    return row.session_generation


def bump_data_version(connection: Connection, owner_id: int) -> None:
    """Say that the owner's sessions or check-ins changed, so cached charts rebuild (across
    app processes too). Called inside the write's own transaction."""
    connection.execute(owners.update().where(owners.c.id == owner_id)
                       .values(data_version=owners.c.data_version + 1))


def hold_owner(connection: Connection, owner_id: int) -> None:
    """Take the owner's lock for the rest of the transaction, before reading what to change.

    A second writer doing the same (an import in another tab, on the command line or on
    another server) waits here until the first has committed, and then reads what it wrote.
    A write to the owner's row does it on both databases: PostgreSQL locks that row, and
    SQLite's one write lock is taken at the first write.
    """
    connection.execute(owners.update().where(owners.c.id == owner_id)
                       .values(data_version=owners.c.data_version))


def data_version(db: Database, owner_id: int) -> int:
    with db.read() as connection:
        return connection.scalar(
            sa.select(owners.c.data_version).where(owners.c.id == owner_id)) or 0


class OwnedRepository:
    """A repository over one owner's rows: it maps rows to models and back, nothing more."""

    def __init__(self, db: Database, owner_id: int):
        self.db = db
        self.owner_id = owner_id


def update_if_unchanged(connection: Connection, table: sa.Table, row: sa.ColumnElement,
                        version: int | None, values: dict, what: str,
                        field: str = "save", deleted: str | None = None) -> int:
    """Update the one row ``row`` picks if it still has ``version``; return its new version.

    ``Conflict`` if another window changed the row since (its version moved on) or deleted
    it; ``version=None`` skips the check. ``what`` names the record in the message ("This
    routine"); ``deleted`` replaces the message for a deleted row.
    """
    matches = row if version is None else sa.and_(row, table.c.version == version)
    new_version = connection.scalar(
        table.update().where(matches).values(**values, version=table.c.version + 1)
        .returning(table.c.version))
    if new_version is not None:
        return new_version
    if connection.scalar(sa.select(table.c.id).where(row)) is None:
        raise Conflict(field, deleted or f"{what} was deleted in another window, so nothing "
                                          "was saved.")
    raise Conflict(field, f"{what} was changed in another window: reload to see it. Nothing "
                          "was saved.")
