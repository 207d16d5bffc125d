"""The repository: every read and write of the user's records goes through ``Store``.

The database itself (engine, migrations, transactions, failures as ``StoreError``) is
``planner.kernel.db``. Records a person edits carry a version: an update names the version it
started from, and a record changed or deleted in another window meanwhile is refused with a
``Conflict`` instead of being silently overwritten.
"""

from __future__ import annotations

from datetime import UTC, date, tzinfo

import pandas as pd
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from planner.catalog import Catalog, Condition, load_catalog
from planner.checkins import CheckIn
from planner.kernel import clock, limits
from planner.kernel.checks import check_notes, check_rating
from planner.kernel.db import MIGRATIONS_DIR, Database, create_db_engine, upsert_insert
from planner.kernel.errors import Conflict, Problem, StoreError
from planner.routine import Routine, Step, check_steps, clean_name, name_key
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
from planner.sessions import PlanStep, Preferences, Run, Session, session_from_run
from planner.timer import ACTION_KINDS, Action

__all__ = ["MIGRATIONS_DIR", "Store", "StoreError", "create_db_engine"]
LOCAL_OWNER = "local"
CHANGED_ELSEWHERE = "was changed in another window: reload to see it. Nothing was saved."


def _now():
    return clock.now()


class Store:
    def __init__(self, url: str, catalog: Catalog | None = None, owner: str = LOCAL_OWNER):
        self.url = url
        self.catalog = catalog or load_catalog()
        self.db = Database(url)
        self.engine = self.db.engine
        self._write = self.db.write
        self._read = self.db.read
        self.owner_id = self._ensure_owner(owner)

    def _ensure_owner(self, name: str) -> int:
        """The owner's id, adding the owner once even if two processes start together."""
        query = sa.select(owners.c.id).where(owners.c.name == name)
        with self._read() as connection:
            found = connection.scalar(query)
        if found is not None:
            return found  # also on a read-only database
        with self._write() as connection:
            connection.execute(
                upsert_insert(connection, owners).values(name=name, created_at=_now())
                .on_conflict_do_nothing(index_elements=["name"])
            )
            return connection.scalar(query)

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
        """Insert a routine (no id) or update one (with id). Names are unique per owner.

        An update is refused with ``Conflict`` if the routine was changed (its version moved
        on) or deleted in another window meanwhile; ``version=None`` skips that check. Raises
        ``Problem`` (nothing saved) for a bad name, an empty routine or a step out of bounds.
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
                        routines.insert().values(owner_id=self.owner_id, version=1,
                                                 created_at=values["updated_at"], **values)
                    ).inserted_primary_key[0]
                    return routine.model_copy(update={"id": new_id, "name": name, "version": 1})
                mine = sa.and_(routines.c.owner_id == self.owner_id, routines.c.id == routine.id)
                matches = mine if routine.version is None else sa.and_(
                    mine, routines.c.version == routine.version)
                version = connection.scalar(
                    routines.update().where(matches)
                    .values(**values, version=routines.c.version + 1)
                    .returning(routines.c.version)
                )
                if version is None:
                    exists = connection.scalar(sa.select(routines.c.id).where(mine))
                    if exists is None:
                        raise Conflict("save", "This routine was deleted in another window; "
                                               "save it as a new routine instead.")
                    raise Conflict("save", f"This routine {CHANGED_ELSEWHERE}")
                return routine.model_copy(update={"name": name, "version": version})
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
        return self.save_routine(routine.model_copy(update={"id": None, "name": candidate,
                                                            "version": None}))

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
                       switch_pause_seconds=row.switch_pause_seconds, version=row.version)

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
        self._upsert(profiles, values)

    def _upsert(self, table: sa.Table, values: dict) -> None:
        """Insert or update the owner's one row of ``table`` in a single statement."""
        with self._write() as connection:
            connection.execute(
                upsert_insert(connection, table).values(owner_id=self.owner_id, **values)
                .on_conflict_do_update(index_elements=["owner_id"], set_=values)
            )

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
        self._upsert(preferences, {"data": prefs.model_dump(), "updated_at": _now()})

    # Runs -----------------------------------------------------------------------------------

    def start_run(self, routine_name: str, plan: tuple[PlanStep, ...], at: float,
                  routine_id: int | None = None, stress_before: int | None = None) -> Run:
        """Start a run now. Refused with ``Conflict`` while another run is active: that one
        is resumed, logged or discarded first, never dropped silently."""
        if not plan:
            raise Problem("routine", "This routine has no steps to run.")
        stress_before = check_rating(stress_before, "stress_before")
        stamp = _now()
        already = Conflict("run", "A routine is already running in another window. Resume it, "
                                  "log the part done, or discard it before starting another.")
        try:
            with self._write() as connection:
                if connection.scalar(sa.select(runs.c.id).where(
                        runs.c.owner_id == self.owner_id, runs.c.status == "active")):
                    raise already
                run_id = connection.execute(
                    runs.insert().values(
                        owner_id=self.owner_id, routine_id=routine_id,
                        routine_name=routine_name,
                        plan=[step.model_dump(mode="json") for step in plan],
                        stress_before=stress_before, status="active",
                        created_at=stamp, updated_at=stamp,
                    )
                ).inserted_primary_key[0]
                connection.execute(run_actions.insert().values(run_id=run_id, kind="start",
                                                               at=at))
        except sa.exc.IntegrityError:  # two windows started at the same moment
            raise already from None
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
                                             version=1, **self._session_values(session))
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
        return session.model_copy(update={"id": new_id, "version": 1})

    # Sessions -------------------------------------------------------------------------------

    @staticmethod
    def _session_values(session: Session) -> dict:
        data = session.model_dump(mode="json", exclude={"id", "version"})
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
        self._refuse_future(session)
        with self._write() as connection:
            new_id = connection.execute(
                sessions.insert().values(owner_id=self.owner_id, created_at=_now(), version=1,
                                         **self._session_values(session))
            ).inserted_primary_key[0]
            self._bump(connection)
        return session.model_copy(update={"id": new_id, "version": 1})

    @staticmethod
    def _refuse_future(session: Session) -> None:
        latest = _now().timestamp() + limits.FUTURE_GRACE_SECONDS
        if session.ended_at.timestamp() > latest:
            raise Problem("when", "A session can't end in the future.")

    def update_session_notes(self, session_id: int, version: int | None,
                             stress_before: int | None, stress_after: int | None,
                             notes: str) -> int:
        """Correct a logged session's ratings and notes (what was done stays as logged).

        ``version`` is the one the person saw; ``Conflict`` if the session was changed or
        deleted in another window since. Returns the new version.
        """
        values = {
            "stress_before": check_rating(stress_before, "stress_before"),
            "stress_after": check_rating(stress_after, "stress_after"),
            "notes": check_notes(notes),
        }
        mine = sa.and_(sessions.c.owner_id == self.owner_id, sessions.c.id == session_id)
        matches = mine if version is None else sa.and_(mine, sessions.c.version == version)
        with self._write() as connection:
            new_version = connection.scalar(
                sessions.update().where(matches)
                .values(**values, version=sessions.c.version + 1)
                .returning(sessions.c.version)
            )
            if new_version is None:
                if connection.scalar(sa.select(sessions.c.id).where(mine)) is None:
                    raise Conflict("history", "This session was deleted in another window, "
                                              "so the change was not saved.")
                raise Conflict("history", f"This session {CHANGED_ELSEWHERE}")
            self._bump(connection)
        return new_version

    def delete_session(self, session_id: int) -> bool:
        """Delete a session; False if it was already gone (deleted in another window)."""
        with self._write() as connection:
            deleted = connection.execute(
                sessions.delete().where(sessions.c.owner_id == self.owner_id,
                                        sessions.c.id == session_id)
            ).rowcount
            self._bump(connection)
        return deleted == 1

    # Check-ins ------------------------------------------------------------------------------

    def save_checkin(self, checkin: CheckIn) -> bool:
        """Save the day's check-in; True if it was new, False if it updated the day's one.

        ``checkin.version`` is the stored version the person's form showed, or None for a day
        that had no check-in then. If another window saved or changed that day meanwhile, the
        save is refused with ``Conflict``, so neither window's values overwrite the other's
        unseen.
        """
        if checkin.day > clock.latest_day():
            raise Problem("day", "A check-in can't be for a day that hasn't happened yet.")
        stamp = _now()
        values = {**checkin.model_dump(exclude={"version"}), "updated_at": stamp}
        with self._write() as connection:
            if checkin.version is None:
                inserted = connection.execute(
                    upsert_insert(connection, checkins)
                    .values(owner_id=self.owner_id, created_at=stamp, version=1, **values)
                    .on_conflict_do_nothing(index_elements=["owner_id", "day"])
                ).rowcount
                if inserted != 1:
                    raise Conflict("save", "A check-in for this day was saved in another "
                                           "window: its values are shown now. Nothing was "
                                           "saved; change them and save again if you like.")
            else:
                day = sa.and_(checkins.c.owner_id == self.owner_id, checkins.c.day == checkin.day)
                updated = connection.execute(
                    checkins.update().where(day, checkins.c.version == checkin.version)
                    .values(**values, is_sample=False, version=checkins.c.version + 1)
                ).rowcount
                if updated != 1:
                    gone = connection.scalar(sa.select(checkins.c.id).where(day)) is None
                    raise Conflict("save", "The check-in for this day was deleted in another "
                                           "window, so nothing was saved." if gone else
                                           f"The check-in for this day {CHANGED_ELSEWHERE}")
            self._bump(connection)
        return checkin.version is None

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

    def sessions_frame(self, zone: tzinfo) -> pd.DataFrame:
        """Sessions as a frame: started_at (UTC), day (the calendar day in ``zone``), minutes,
        ratings."""
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
        local_day = started.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
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
                     "is_sample": True, "version": 1} for s in sample_sessions
                ])
            rows = [{**c.model_dump(exclude={"version"}), "owner_id": self.owner_id,
                     "created_at": stamp, "updated_at": stamp, "is_sample": True, "version": 1}
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


class _AlreadyLogged(Exception):
    pass
