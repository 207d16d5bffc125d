"""The journal, one owner's: sessions, daily check-ins and the sample data among them.

Every change here also moves the owner's data version, so cached charts know to rebuild.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.journal.model import CheckIn, Session
from planner.kernel import clock
from planner.kernel.checks import Notes, Rating, validated_value
from planner.kernel.db import (
    OwnedRepository,
    bump_data_version,
    rows_read,
    update_if_unchanged,
    upsert_insert,
)
from planner.kernel.errors import Conflict
from planner.kernel.schema import checkins, sessions


def _session_values(session: Session) -> dict:
    data = session.model_dump(mode="json", exclude={"id", "version", "is_sample"})
    data["started_at"] = session.started_at
    data["ended_at"] = session.ended_at
    return data


def insert_session(connection: Connection, owner_id: int, session: Session) -> Session:
    """Add ``session`` inside the caller's transaction; return it with its id and version."""
    new_id = connection.execute(sessions.insert().values(
        owner_id=owner_id, created_at=clock.now(), version=1, **_session_values(session))
    ).inserted_primary_key[0]
    return session.model_copy(update={"id": new_id, "version": 1})


def _session(row: sa.Row) -> Session:
    data = dict(row._mapping)
    for internal in ("owner_id", "created_at"):
        data.pop(internal, None)
    with rows_read():
        return Session.model_validate(data)


def _checkin(row: sa.Row) -> CheckIn:
    with rows_read():
        return CheckIn.model_validate({name: getattr(row, name)
                                       for name in CheckIn.model_fields})


class SessionRepo(OwnedRepository):
    def _mine(self) -> sa.ColumnElement:
        return sessions.c.owner_id == self.owner_id

    def list(self, limit: int | None = None) -> list[Session]:
        """Newest first."""
        query = (sa.select(sessions).where(self._mine())
                 .order_by(sessions.c.started_at.desc(), sessions.c.id.desc()))
        if limit:
            query = query.limit(limit)
        with self.db.read() as connection:
            return [_session(row) for row in connection.execute(query).all()]

    def any(self) -> bool:
        with self.db.read() as connection:
            return connection.scalar(sa.select(sessions.c.id).where(self._mine()).limit(1)
                                     ) is not None

    def log(self, session: Session) -> Session:
        """Save a session logged by hand (no timer): it belongs to no run, so no run id given
        (perhaps someone else's run) can stop that run being logged (``RunRepo.log``)."""
        with self.db.write() as connection:
            logged = insert_session(connection, self.owner_id,
                                    session.model_copy(update={"run_id": None}))
            _session(connection.execute(sa.select(sessions).where(  # read back, as a check-in
                sessions.c.id == logged.id)).one())
            bump_data_version(connection, self.owner_id)
        return logged

    def correct(self, session_id: int, version: int | None, stress_before: int | None,
                stress_after: int | None, notes: str) -> int:
        """Correct a session's ratings and notes (what was done stays as logged); return the
        new version. ``Conflict`` if another window changed or deleted it since ``version``."""
        values = {
            "stress_before": validated_value(Rating | None, stress_before, "stress_before"),
            "stress_after": validated_value(Rating | None, stress_after, "stress_after"),
            "notes": validated_value(Notes, notes, "notes"),
        }
        with self.db.write() as connection:
            version = update_if_unchanged(
                connection, sessions, sa.and_(self._mine(), sessions.c.id == session_id),
                version, values, "This session", field="history")
            bump_data_version(connection, self.owner_id)
        return version

    def delete(self, session_id: int) -> bool:
        """False if it was already gone (deleted in another window)."""
        with self.db.write() as connection:
            deleted = connection.execute(
                sessions.delete().where(self._mine(), sessions.c.id == session_id)).rowcount
            bump_data_version(connection, self.owner_id)
        return deleted == 1


class CheckInRepo(OwnedRepository):
    def _day(self, day: date) -> sa.ColumnElement:
        return sa.and_(checkins.c.owner_id == self.owner_id, checkins.c.day == day)

    def save(self, checkin: CheckIn) -> bool:
        """Save the day's check-in; True if it was new, False if it updated the day's one.

        ``checkin.version`` is the stored version the person's form showed, or None for a day
        that had no check-in then. If another window saved or changed that day meanwhile, the
        save is refused with ``Conflict``: neither window overwrites the other unseen.
        """
        stamp = clock.now()
        values = {**checkin.model_dump(exclude={"version", "is_sample"}), "updated_at": stamp}
        with self.db.write() as connection:
            if checkin.version is None:
                inserted = connection.scalar(
                    upsert_insert(connection, checkins)
                    .values(owner_id=self.owner_id, created_at=stamp, version=1, **values)
                    .on_conflict_do_nothing(index_elements=["owner_id", "day"])
                    .returning(checkins.c.id))  # rowcount isn't reliable here on PostgreSQL
                if inserted is None:
                    raise Conflict("save", "A check-in for this day was saved in another "
                                           "window: its values are shown now. Nothing was "
                                           "saved; change them and save again if you like.")
            else:
                update_if_unchanged(connection, checkins, self._day(checkin.day),
                                    checkin.version, {**values, "is_sample": False},
                                    "The check-in for this day")
            # Read back before it is called saved: a table that can't give it back (damaged)
            # refuses the save, and the transaction is undone.
            _checkin(connection.execute(sa.select(checkins).where(self._day(checkin.day))).one())
            bump_data_version(connection, self.owner_id)
        return checkin.version is None

    def get(self, day: date) -> CheckIn | None:
        with self.db.read() as connection:
            row = connection.execute(sa.select(checkins).where(self._day(day))).first()
        return _checkin(row) if row else None

    def list(self, limit: int | None = None) -> list[CheckIn]:
        """Newest day first."""
        query = (sa.select(checkins).where(checkins.c.owner_id == self.owner_id)
                 .order_by(checkins.c.day.desc()))
        if limit:
            query = query.limit(limit)
        with self.db.read() as connection:
            return [_checkin(row) for row in connection.execute(query)]

    def any(self) -> bool:
        with self.db.read() as connection:
            return connection.scalar(sa.select(checkins.c.id).where(
                checkins.c.owner_id == self.owner_id).limit(1)) is not None

    def delete(self, day: date) -> bool:
        """False if it was already gone (deleted in another window)."""
        with self.db.write() as connection:
            deleted = connection.execute(checkins.delete().where(self._day(day))).rowcount
            bump_data_version(connection, self.owner_id)
        return deleted == 1


class SampleRepo(OwnedRepository):
    """Made-up records, marked so they can be taken out again without touching the rest."""

    def add(self, sample_sessions: list[Session], sample_checkins: list[CheckIn]) -> None:
        """In one transaction; days the person already logged are left as they are."""
        stamp = clock.now()
        with self.db.write() as connection:
            taken = set(connection.scalars(sa.select(checkins.c.day).where(
                checkins.c.owner_id == self.owner_id)))
            if sample_sessions:
                connection.execute(sessions.insert(), [
                    {**_session_values(s), "run_id": None, "owner_id": self.owner_id,
                     "created_at": stamp, "is_sample": True, "version": 1}
                    for s in sample_sessions])
            rows = [{**c.model_dump(exclude={"version", "is_sample"}), "owner_id": self.owner_id,
                     "created_at": stamp, "updated_at": stamp, "is_sample": True, "version": 1}
                    for c in sample_checkins if c.day not in taken]
            if rows:
                connection.execute(checkins.insert(), rows)
            bump_data_version(connection, self.owner_id)

    def present(self) -> bool:
        with self.db.read() as connection:
            return any(
                connection.scalar(sa.select(table.c.id).where(
                    table.c.owner_id == self.owner_id, table.c.is_sample).limit(1)) is not None
                for table in (sessions, checkins))

    def remove(self) -> None:
        with self.db.write() as connection:
            for table in (sessions, checkins):
                connection.execute(table.delete().where(table.c.owner_id == self.owner_id,
                                                        table.c.is_sample))
            bump_data_version(connection, self.owner_id)
