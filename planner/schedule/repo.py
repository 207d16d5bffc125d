"""The weekly plan, one owner's: slots in, ``Slot`` out; and the days sessions were done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.kernel import clock
from planner.kernel.db import OwnedRepository
from planner.kernel.errors import Problem
from planner.kernel.schema import plan_slots, sessions
from planner.schedule.model import Slot, check_room, sorted_slots

TAKEN = "Another window planned a session at that time meanwhile. Nothing was added."


def slot_values(slot: Slot) -> dict:
    return {"weekday": slot.weekday, "at": slot.at, "routine_name": slot.routine_name,
            "reminder_minutes": slot.reminder_minutes, "since": slot.since}


def slot_from_row(row: sa.Row) -> Slot:
    at = row.at if isinstance(row.at, time) else time.fromisoformat(str(row.at))
    return Slot(id=row.id, weekday=row.weekday, at=at, routine_name=row.routine_name,
                reminder_minutes=row.reminder_minutes, since=row.since)


def read_slots(connection: Connection, owner_id: int) -> list[Slot]:
    rows = connection.execute(sa.select(plan_slots).where(plan_slots.c.owner_id == owner_id))
    return sorted_slots(slot_from_row(row) for row in rows)


class ScheduleRepo(OwnedRepository):
    def _mine(self) -> sa.ColumnElement:
        return plan_slots.c.owner_id == self.owner_id

    def slots(self) -> list[Slot]:
        """By day of the week (Monday first), then time."""
        with self.db.read() as connection:
            return read_slots(connection, self.owner_id)

    def add(self, new: Sequence[Slot]) -> list[Slot]:
        """Add slots in one transaction: all of them, or none (``Problem`` says why)."""
        try:
            with self.db.write() as connection:
                check_room(read_slots(connection, self.owner_id), new)
                if new:
                    connection.execute(plan_slots.insert(), [
                        {**slot_values(slot), "owner_id": self.owner_id,
                         "created_at": clock.now()} for slot in new])
        except sa.exc.IntegrityError:  # the same time, added in another window at once
            raise Problem("at", TAKEN) from None
        return self.slots()

    def remove(self, slot_id: int) -> bool:
        """False if it was already gone (removed in another window)."""
        with self.db.write() as connection:
            removed = connection.execute(
                plan_slots.delete().where(self._mine(), plan_slots.c.id == slot_id)).rowcount
        return removed == 1

    def done_days(self, since: date, zone: tzinfo) -> list[date]:
        """The calendar days in ``zone`` of the sessions started on ``since`` or later."""
        start = datetime.combine(since - timedelta(days=1), time(), UTC)  # a day of slack
        query = sa.select(sessions.c.started_at).where(
            sessions.c.owner_id == self.owner_id, sessions.c.started_at >= start)
        with self.db.read() as connection:
            found = connection.scalars(query).all()
        days = [(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone).date()
                for moment in found]
        return [day for day in days if day >= since]
