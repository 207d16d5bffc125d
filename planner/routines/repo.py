"""Saved routines, one owner's: rows in, ``Routine`` out."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import ValidationError

from planner.catalog.model import Catalog
from planner.kernel import clock
from planner.kernel.db import Database, OwnedRepository, update_if_unchanged
from planner.kernel.errors import Problem, StoreError
from planner.kernel.schema import plan_slots, routines
from planner.routines.model import Routine, RoutineStep, copy_name, name_key, ready_to_save


class RoutineRepo(OwnedRepository):
    def __init__(self, db: Database, owner_id: int, catalog: Catalog):
        super().__init__(db, owner_id)
        self.catalog = catalog

    def _mine(self) -> sa.ColumnElement:
        return routines.c.owner_id == self.owner_id

    def list(self) -> list[Routine]:
        """By name, case aside. Sorted here, not by the database, whose text order depends on
        its collation ("X (copy)" and "X (copy 2)" swap places between C and en_US)."""
        with self.db.read() as connection:
            rows = connection.execute(sa.select(routines).where(self._mine())).all()
        return [_routine(row) for row in sorted(rows, key=lambda r: (r.name_key, r.id))]

    def get(self, routine_id: int) -> Routine | None:
        query = sa.select(routines).where(self._mine(), routines.c.id == routine_id)
        with self.db.read() as connection:
            row = connection.execute(query).first()
        return _routine(row) if row else None

    def save(self, routine: Routine) -> Routine:
        """Insert a routine (no id) or update one (with id); return it as stored.

        ``Problem`` (nothing saved) for a bad or taken name, an empty routine or a step out of
        bounds; ``Conflict`` if another window changed or deleted it meanwhile.
        """
        taken = [r.name for r in self.list() if r.id != routine.id]
        routine = ready_to_save(routine, self.catalog, taken)
        values = {
            "name": routine.name,
            "name_key": name_key(routine.name),
            "switch_pause_seconds": routine.switch_pause_seconds,
            "steps": [step.model_dump() for step in routine.steps],
            "updated_at": clock.now(),
        }
        try:
            with self.db.write() as connection:
                if routine.id is None:
                    new_id = connection.execute(routines.insert().values(
                        owner_id=self.owner_id, version=1, created_at=values["updated_at"],
                        **values)).inserted_primary_key[0]
                    return routine.model_copy(update={"id": new_id, "version": 1})
                this = sa.and_(self._mine(), routines.c.id == routine.id)
                old_name = connection.scalar(sa.select(routines.c.name).where(this))
                version = update_if_unchanged(
                    connection, routines, this, routine.version, values, "This routine",
                    deleted="This routine was deleted in another window; save it as a new "
                            "routine instead.")
                if old_name is not None and old_name != routine.name:
                    # The weekly plan names its routines: a renamed one keeps its times.
                    connection.execute(plan_slots.update().where(
                        plan_slots.c.owner_id == self.owner_id,
                        plan_slots.c.routine_name == old_name).values(
                        routine_name=routine.name))
                return routine.model_copy(update={"version": version})
        except sa.exc.IntegrityError:
            # Another window saved the same name between our check and the insert.
            raise Problem("name", f"You already have a routine called “{routine.name}”. "
                                  "Pick another name.") from None

    def duplicate(self, routine_id: int) -> Routine:
        routine = self.get(routine_id)
        if routine is None:
            raise Problem("name", "That routine no longer exists.")
        name = copy_name(routine.name, [r.name for r in self.list()])
        return self.save(routine.model_copy(update={"id": None, "name": name,
                                                    "version": None}))

    def delete(self, routine_id: int) -> bool:
        """False if it was already gone (deleted in another window)."""
        with self.db.write() as connection:
            deleted = connection.execute(
                routines.delete().where(self._mine(), routines.c.id == routine_id))
        return deleted.rowcount == 1


def _routine(row: sa.Row) -> Routine:
    try:
        steps = tuple(RoutineStep.model_validate(s) for s in row.steps)
    except ValidationError as error:
        raise StoreError(f"The saved routine “{row.name}” is damaged ({error.error_count()} "
                         "bad step values).") from error
    return Routine(id=row.id, name=row.name, steps=steps,
                   switch_pause_seconds=row.switch_pause_seconds, version=row.version)
