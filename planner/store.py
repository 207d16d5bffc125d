"""The repository: every read and write of the user's records goes through ``Store``.

SQLite by default, any SQLAlchemy URL by setting. The schema is brought up to date with Alembic when
a store opens. Each write runs in one transaction; a database that is locked, read-only or missing
turns into ``StoreError`` with a message a person can act on, and nothing half-written is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from planner.catalog import Catalog, Condition, load_catalog
from planner.checkins import CheckIn
from planner.routine import Problem, Routine, Step, check_steps, clean_name, name_key
from planner.safety import HealthProfile
from planner.schema import (
    checkins,
    owners,
    preferences,
    profiles,
    routines,
    run_actions,
    runs,
    sessions,
)
from planner.sessions import (
    PlanStep,
    Preferences,
    Run,
    Session,
    check_notes,
    check_rating,
    session_from_run,
)
from planner.timer import ACTION_KINDS, Action

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCAL_OWNER = "local"


class StoreError(Exception):
    """The database could not be read or written. The message is meant for the person."""


def _now() -> datetime:
    return datetime.now(UTC)


def create_db_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 5})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            # WAL lets the app read while another tab or process writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a fresh database gets every table)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _plain_message(error: sa.exc.SQLAlchemyError) -> str:
    text = str(getattr(error, "orig", error)).lower()
    if "locked" in text or "busy" in text:
        return ("The database is busy with another window or program. Nothing was changed; "
                "try again in a moment.")
    if "readonly" in text or "read-only" in text or "permission" in text:
        return ("The database can't be written (the file or its folder is read-only). Nothing "
                "was changed. Check the permissions of the file named by PLANNER_DATABASE_URL.")
    if "unable to open" in text or "no such file" in text:
        return ("The database file can't be opened. Check that its folder exists and that "
                "PLANNER_DATABASE_URL points to the right place.")
    return f"The database reported a problem and nothing was changed ({text[:160]})."


class Store:
    def __init__(self, url: str, catalog: Catalog | None = None, owner: str = LOCAL_OWNER):
        self.url = url
        self.catalog = catalog or load_catalog()
        try:
            self.engine = create_db_engine(url)
            migrate(self.engine)
            self.owner_id = self._ensure_owner(owner)
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(_plain_message(error)) from error

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: all of it is kept, or none of it."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.IntegrityError:
            raise
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(_plain_message(error)) from error

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(_plain_message(error)) from error

    def _ensure_owner(self, name: str) -> int:
        with self.engine.begin() as connection:
            found = connection.scalar(sa.select(owners.c.id).where(owners.c.name == name))
            if found is not None:
                return found
            return connection.execute(
                owners.insert().values(name=name, created_at=_now())
            ).inserted_primary_key[0]

    def dispose(self) -> None:
        self.engine.dispose()

    # Routines -------------------------------------------------------------------------------

    def list_routines(self) -> list[Routine]:
        query = (
            sa.select(routines)
            .where(routines.c.owner_id == self.owner_id)
            .order_by(routines.c.name_key)
        )
        with self._read() as connection:
            return [self._routine(row) for row in connection.execute(query)]

    def get_routine(self, routine_id: int) -> Routine | None:
        query = sa.select(routines).where(
            routines.c.owner_id == self.owner_id, routines.c.id == routine_id
        )
        with self._read() as connection:
            row = connection.execute(query).first()
        return self._routine(row) if row else None

    def save_routine(self, routine: Routine) -> Routine:
        """Insert a routine (no id) or replace one (with id). Names are unique per owner.

        Raises ``Problem`` (nothing saved) for a bad name, an empty routine or a step out of bounds.
        """
        others = [r.name for r in self.list_routines() if r.id != routine.id]
        name = clean_name(routine.name, taken=others)
        check_steps(routine, self.catalog)
        values = {
            "name": name,
            "name_key": name_key(name),
            "switch_pause_seconds": routine.switch_pause_seconds,
            "steps": [step.model_dump() for step in routine.steps],
            "updated_at": _now(),
        }
        try:
            with self._write() as connection:
                if routine.id is None:
                    new_id = connection.execute(
                        routines.insert().values(
                            owner_id=self.owner_id, created_at=values["updated_at"], **values
                        )
                    ).inserted_primary_key[0]
                    return routine.model_copy(update={"id": new_id, "name": name})
                updated = connection.execute(
                    routines.update()
                    .where(routines.c.owner_id == self.owner_id, routines.c.id == routine.id)
                    .values(**values)
                )
                if updated.rowcount != 1:
                    raise Problem("name", "This routine was deleted in another window; "
                                          "save it under a new name instead.")
                return routine.model_copy(update={"name": name})
        except sa.exc.IntegrityError:
            # Another window saved the same name between our check and the insert.
            raise Problem("name", f"You already have a routine called “{name}”. "
                                  "Pick another name.") from None

    def rename_routine(self, routine_id: int, new_name: str) -> Routine:
        routine = self.get_routine(routine_id)
        if routine is None:
            raise Problem("name", "That routine no longer exists.")
        return self.save_routine(routine.model_copy(update={"name": new_name}))

    def duplicate_routine(self, routine_id: int) -> Routine:
        routine = self.get_routine(routine_id)
        if routine is None:
            raise Problem("name", "That routine no longer exists.")
        taken = {name_key(r.name) for r in self.list_routines()}
        base = routine.name[:46]  # room for " (copy 999)" within the name limit
        candidate, n = f"{base} (copy)", 2
        while name_key(candidate) in taken:
            candidate, n = f"{base} (copy {n})", n + 1
        return self.save_routine(routine.model_copy(update={"id": None, "name": candidate}))

    def delete_routine(self, routine_id: int) -> bool:
        with self._write() as connection:
            deleted = connection.execute(
                routines.delete().where(
                    routines.c.owner_id == self.owner_id, routines.c.id == routine_id
                )
            )
        return deleted.rowcount == 1

    @staticmethod
    def _routine(row: sa.Row) -> Routine:
        try:
            steps = tuple(Step.model_validate(s) for s in row.steps)
        except ValidationError as error:
            raise StoreError(f"The saved routine “{row.name}” is damaged ({error.error_count()} "
                             "bad step values).") from error
        return Routine(id=row.id, name=row.name, steps=steps,
                       switch_pause_seconds=row.switch_pause_seconds)

    # Health profile -------------------------------------------------------------------------

    def get_profile(self) -> HealthProfile:
        query = sa.select(profiles.c.conditions).where(profiles.c.owner_id == self.owner_id)
        with self._read() as connection:
            stored = connection.scalar(query)
        known = {c.value for c in Condition}
        return HealthProfile(conditions=frozenset(
            Condition(c) for c in (stored or []) if c in known
        ))

    def save_profile(self, profile: HealthProfile) -> None:
        values = {"conditions": sorted(c.value for c in profile.conditions), "updated_at": _now()}
        try:
            self._upsert_profile(values)
        except sa.exc.IntegrityError:
            self._upsert_profile(values)  # another window inserted the row first: now update it

    def _upsert_profile(self, values: dict) -> None:
        with self._write() as connection:
            updated = connection.execute(
                profiles.update().where(profiles.c.owner_id == self.owner_id).values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(profiles.insert().values(owner_id=self.owner_id, **values))


    # Preferences ----------------------------------------------------------------------------

    def get_preferences(self) -> Preferences:
        query = sa.select(preferences.c.data).where(preferences.c.owner_id == self.owner_id)
        with self._read() as connection:
            stored = connection.scalar(query)
        try:
            return Preferences.model_validate(stored or {})
        except ValidationError:
            return Preferences()  # a damaged row falls back to the defaults

    def save_preferences(self, prefs: Preferences) -> None:
        values = {"data": prefs.model_dump(), "updated_at": _now()}
        with self._write() as connection:
            updated = connection.execute(
                preferences.update().where(preferences.c.owner_id == self.owner_id)
                .values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(preferences.insert().values(owner_id=self.owner_id, **values))

    # Runs -----------------------------------------------------------------------------------

    def start_run(self, routine_name: str, plan: tuple[PlanStep, ...], at: float,
                  routine_id: int | None = None, stress_before: int | None = None) -> Run:
        """Start a run now. A run left active before is set aside (discarded) in the same step."""
        if not plan:
            raise Problem("routine", "This routine has no steps to run.")
        stress_before = check_rating(stress_before, "stress_before")
        stamp = _now()
        with self._write() as connection:
            connection.execute(
                runs.update()
                .where(runs.c.owner_id == self.owner_id, runs.c.status == "active")
                .values(status="discarded", updated_at=stamp)
            )
            run_id = connection.execute(
                runs.insert().values(
                    owner_id=self.owner_id, routine_id=routine_id, routine_name=routine_name,
                    plan=[step.model_dump(mode="json") for step in plan],
                    stress_before=stress_before, status="active",
                    created_at=stamp, updated_at=stamp,
                )
            ).inserted_primary_key[0]
            connection.execute(run_actions.insert().values(run_id=run_id, kind="start", at=at))
        return self.get_run(run_id)

    def get_run(self, run_id: int) -> Run | None:
        with self._read() as connection:
            row = connection.execute(
                sa.select(runs).where(runs.c.owner_id == self.owner_id, runs.c.id == run_id)
            ).first()
            if row is None:
                return None
            actions = connection.execute(
                sa.select(run_actions.c.kind, run_actions.c.at)
                .where(run_actions.c.run_id == run_id)
                .order_by(run_actions.c.id)
            ).all()
        return Run(
            id=row.id, routine_id=row.routine_id, routine_name=row.routine_name,
            plan=tuple(PlanStep.model_validate(step) for step in row.plan),
            stress_before=row.stress_before, status=row.status,
            actions=tuple(Action(kind=a.kind, at=a.at) for a in actions),
        )

    def active_run(self) -> Run | None:
        query = (
            sa.select(runs.c.id)
            .where(runs.c.owner_id == self.owner_id, runs.c.status == "active")
            .order_by(runs.c.id.desc())
        )
        with self._read() as connection:
            run_id = connection.scalar(query)
        return self.get_run(run_id) if run_id is not None else None

    def add_action(self, run_id: int, kind: str, at: float) -> Run:
        """Record pause, resume, skip, back or stop. Refused once the run is no longer active."""
        if kind not in ACTION_KINDS or kind == "start":
            raise ValueError(f"unknown action {kind!r}")
        with self._write() as connection:
            status = connection.scalar(
                sa.select(runs.c.status).where(runs.c.owner_id == self.owner_id,
                                               runs.c.id == run_id)
            )
            if status != "active":
                raise Problem("run", "This run has already ended (perhaps in another window).")
            connection.execute(run_actions.insert().values(run_id=run_id, kind=kind, at=at))
            connection.execute(runs.update().where(runs.c.id == run_id).values(updated_at=_now()))
        return self.get_run(run_id)

    def discard_run(self, run_id: int) -> None:
        with self._write() as connection:
            connection.execute(
                runs.update()
                .where(runs.c.owner_id == self.owner_id, runs.c.id == run_id,
                       runs.c.status == "active")
                .values(status="discarded", updated_at=_now())
            )

    def log_run(self, run_id: int, at: float, stress_after: int | None = None,
                notes: str = "") -> Session:
        """Turn a run into a session: finished, or stopped now and kept. Logged once only."""
        run = self.get_run(run_id)
        if run is None:
            raise Problem("run", "That run no longer exists.")
        if run.status == "logged":
            raise Problem("run", "This session is already in your log.")
        if run.status != "active":
            raise Problem("run", "This run was discarded, so there is nothing to log.")
        state = run.state(at)
        stop_needed = not state.over
        if stop_needed:
            run = run.model_copy(update={"actions": (*run.actions, Action("stop", at))})
            state = run.state(at)
        session = session_from_run(run, state, stress_after, notes)
        try:
            with self._write() as connection:
                if stop_needed:
                    connection.execute(
                        run_actions.insert().values(run_id=run_id, kind="stop", at=at))
                new_id = connection.execute(
                    sessions.insert().values(owner_id=self.owner_id, created_at=_now(),
                                             **self._session_values(session))
                ).inserted_primary_key[0]
                marked = connection.execute(
                    runs.update()
                    .where(runs.c.id == run_id, runs.c.status == "active")
                    .values(status="logged", updated_at=_now())
                )
                if marked.rowcount != 1:
                    raise _AlreadyLogged
                self._bump(connection)
        except (sa.exc.IntegrityError, _AlreadyLogged):
            raise Problem("run", "This session is already in your log.") from None
        return session.model_copy(update={"id": new_id})

    # Sessions -------------------------------------------------------------------------------

    @staticmethod
    def _session_values(session: Session) -> dict:
        data = session.model_dump(mode="json", exclude={"id"})
        data["started_at"] = session.started_at
        data["ended_at"] = session.ended_at
        return data

    def list_sessions(self, limit: int | None = None) -> list[Session]:
        query = (
            sa.select(sessions)
            .where(sessions.c.owner_id == self.owner_id)
            .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        )
        if limit:
            query = query.limit(limit)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [self._session(row) for row in rows]

    @staticmethod
    def _session(row: sa.Row) -> Session:
        data = dict(row._mapping)
        for internal in ("owner_id", "created_at", "is_sample"):
            data.pop(internal, None)
        for key in ("started_at", "ended_at"):
            if data[key].tzinfo is None:  # SQLite keeps no zone; we always store UTC
                data[key] = data[key].replace(tzinfo=UTC)
        return Session.model_validate(data)


    def log_session(self, session: Session) -> Session:
        """Save a session logged by hand (no timer)."""
        with self._write() as connection:
            new_id = connection.execute(
                sessions.insert().values(owner_id=self.owner_id, created_at=_now(),
                                         **self._session_values(session))
            ).inserted_primary_key[0]
            self._bump(connection)
        return session.model_copy(update={"id": new_id})

    def update_session_notes(self, session_id: int, stress_before: int | None,
                             stress_after: int | None, notes: str) -> bool:
        """Correct a logged session's ratings and notes (what was done stays as logged)."""
        values = {
            "stress_before": check_rating(stress_before, "stress_before"),
            "stress_after": check_rating(stress_after, "stress_after"),
            "notes": check_notes(notes),
        }
        with self._write() as connection:
            updated = connection.execute(
                sessions.update().where(sessions.c.owner_id == self.owner_id,
                                        sessions.c.id == session_id).values(**values)
            ).rowcount
            self._bump(connection)
        return updated == 1

    def delete_session(self, session_id: int) -> bool:
        with self._write() as connection:
            deleted = connection.execute(
                sessions.delete().where(sessions.c.owner_id == self.owner_id,
                                        sessions.c.id == session_id)
            ).rowcount
            self._bump(connection)
        return deleted == 1

    # Check-ins ------------------------------------------------------------------------------

    def save_checkin(self, checkin: CheckIn) -> bool:
        """Save the day's check-in; saving the same day again updates it. True if it was new."""
        values = {**checkin.model_dump(), "updated_at": _now()}
        with self._write() as connection:
            updated = connection.execute(
                checkins.update()
                .where(checkins.c.owner_id == self.owner_id, checkins.c.day == checkin.day)
                .values(**values, is_sample=False)
            ).rowcount
            if not updated:
                connection.execute(checkins.insert().values(
                    owner_id=self.owner_id, created_at=values["updated_at"], **values))
            self._bump(connection)
        return not updated

    def get_checkin(self, day: date) -> CheckIn | None:
        query = sa.select(checkins).where(checkins.c.owner_id == self.owner_id,
                                          checkins.c.day == day)
        with self._read() as connection:
            row = connection.execute(query).first()
        return self._checkin(row) if row else None

    def list_checkins(self, limit: int | None = None) -> list[CheckIn]:
        query = (sa.select(checkins).where(checkins.c.owner_id == self.owner_id)
                 .order_by(checkins.c.day.desc()))
        if limit:
            query = query.limit(limit)
        with self._read() as connection:
            return [self._checkin(row) for row in connection.execute(query)]

    def delete_checkin(self, day: date) -> bool:
        with self._write() as connection:
            deleted = connection.execute(
                checkins.delete().where(checkins.c.owner_id == self.owner_id,
                                        checkins.c.day == day)
            ).rowcount
            self._bump(connection)
        return deleted == 1

    @staticmethod
    def _checkin(row: sa.Row) -> CheckIn:
        return CheckIn.model_validate(
            {name: getattr(row, name) for name in CheckIn.model_fields}
        )

    # Frames for the charts, and the version that says when they change ----------------------

    def _bump(self, connection: Connection) -> None:
        connection.execute(
            owners.update().where(owners.c.id == self.owner_id)
            .values(data_version=owners.c.data_version + 1)
        )

    def data_version(self) -> int:
        with self._read() as connection:
            return connection.scalar(
                sa.select(owners.c.data_version).where(owners.c.id == self.owner_id)) or 0

    def _columns(self, query: sa.Select) -> dict[str, list]:
        """Run ``query`` and return its columns as lists: far quicker for pandas than rows."""
        with self._read() as connection:
            result = connection.execute(query)
            names = list(result.keys())
            rows = result.all()
        if not rows:
            return {name: [] for name in names}
        columns = zip(*rows, strict=True)  # every row has every column
        return {name: list(values) for name, values in zip(names, columns, strict=True)}

    def sessions_frame(self) -> pd.DataFrame:
        """Sessions as a frame: started_at (UTC), day (local calendar day), minutes, ratings."""
        # Read the timestamp as it is stored and parse all of it at once in pandas.
        started_raw = sa.type_coerce(sessions.c.started_at, sa.String).label("started_at")
        data = self._columns(
            sa.select(started_raw, sessions.c.actual_seconds, sessions.c.stress_before,
                      sessions.c.stress_after, sessions.c.routine_name, sessions.c.completed)
            .where(sessions.c.owner_id == self.owner_id).order_by(sessions.c.started_at)
        )
        raw = pd.Series(data["started_at"], dtype=object)
        if len(raw) and isinstance(raw.iloc[0], str):
            started = pd.to_datetime(raw, format="ISO8601")
        else:
            started = pd.to_datetime(raw)
        if started.dt.tz is None:
            started = started.dt.tz_localize("UTC")  # SQLite keeps no zone; we store UTC
        started = started.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
        local_day = started.dt.tz_convert(_local_zone()).dt.tz_localize(None).dt.normalize()
        return pd.DataFrame({
            "started_at": started,
            "day": local_day.astype("datetime64[ns]"),
            "minutes": pd.Series(data["actual_seconds"], dtype=float) / 60,
            "stress_before": pd.Series(data["stress_before"], dtype="Int64"),
            "stress_after": pd.Series(data["stress_after"], dtype="Int64"),
            "routine_name": pd.Series(data["routine_name"], dtype=str),
            "completed": pd.Series(data["completed"], dtype=bool),
        })

    def checkins_frame(self) -> pd.DataFrame:
        columns = ["day", "stress", "socks", "sock_hours", "swelling", "pain", "sleep", "pulse",
                   "systolic", "diastolic"]
        frame = pd.DataFrame(self._columns(
            sa.select(*(checkins.c[name] for name in columns))
            .where(checkins.c.owner_id == self.owner_id).order_by(checkins.c.day)
        ))
        frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[ns]")
        for name in ("stress", "swelling", "pain", "sleep", "pulse", "systolic", "diastolic"):
            frame[name] = frame[name].astype("Int64")
        frame["socks"] = frame["socks"].astype(bool)
        frame["sock_hours"] = frame["sock_hours"].astype(float)
        return frame

    # Sample data ----------------------------------------------------------------------------

    def add_sample(self, sample_sessions: list[Session], sample_checkins: list[CheckIn]) -> None:
        """Insert clearly marked sample records in one transaction (days already logged are
        left as they are)."""
        stamp = _now()
        taken = {c.day for c in self.list_checkins()}
        with self._write() as connection:
            if sample_sessions:
                connection.execute(sessions.insert(), [
                    {**self._session_values(s), "owner_id": self.owner_id, "created_at": stamp,
                     "is_sample": True} for s in sample_sessions
                ])
            rows = [{**c.model_dump(), "owner_id": self.owner_id, "created_at": stamp,
                     "updated_at": stamp, "is_sample": True}
                    for c in sample_checkins if c.day not in taken]
            if rows:
                connection.execute(checkins.insert(), rows)
            self._bump(connection)

    def has_records(self) -> bool:
        """Whether any session or check-in is logged (sample data included)."""
        with self._read() as connection:
            return any(
                connection.scalar(sa.select(table.c.id).where(table.c.owner_id == self.owner_id)
                                  .limit(1)) is not None
                for table in (sessions, checkins)
            )

    def has_sample(self) -> bool:
        with self._read() as connection:
            return any(
                connection.scalar(sa.select(table.c.id).where(
                    table.c.owner_id == self.owner_id, table.c.is_sample).limit(1)) is not None
                for table in (sessions, checkins)
            )

    def remove_sample(self) -> None:
        with self._write() as connection:
            connection.execute(sessions.delete().where(sessions.c.owner_id == self.owner_id,
                                                       sessions.c.is_sample))
            connection.execute(checkins.delete().where(checkins.c.owner_id == self.owner_id,
                                                       checkins.c.is_sample))
            self._bump(connection)


def _local_zone():
    return datetime.now().astimezone().tzinfo


class _AlreadyLogged(Exception):
    pass
