"""Your data, one owner's: everything out as a ``Backup``, a file's records in (all or nothing),
and everything deleted on request.

This module only maps rows to records and back. How a file's records merge with those here
(matched by what they are, skipped, updated or added, never deleted) is decided by
planner/backup/merge/model.py. The preview works that out without writing; the import works
it out again inside its one transaction, so it acts on what is there at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from planner.backup import model as records
from planner.backup.merge.model import (
    SESSION_INTERNAL,
    Changes,
    Counts,
    Here,
    StoredRun,
    merge,
    session_run_ids,
)
from planner.catalog.model import Catalog, Condition
from planner.kernel import clock
from planner.kernel.db import (
    Database,
    OwnedRepository,
    bump_data_version,
    delete_owner,
    hold_owner,
    upsert_insert,
)
from planner.kernel.errors import Conflict, Problem, StoreError
from planner.kernel.schema import (
    checkins,
    daily_measures,
    experiments,
    plan_slots,
    preferences,
    profiles,
    routines,
    run_actions,
    runs,
    sessions,
)
from planner.routines.model import name_key
from planner.schedule.repo import read_slots, slot_values
from planner.settings.model import Preferences
from planner.settings.repo import read_profile
from planner.watch.repo import read_measures, stored_values

CHUNK = 500  # rows a statement, and a step of the progress bar
Progress = Callable[[float, str], None]


# Rows to records, records to rows ------------------------------------------------------------

def _routine_record(row: sa.Row) -> records.RoutineRecord:
    return records.RoutineRecord(name=row.name, switch_pause_seconds=row.switch_pause_seconds,
                         steps=row.steps)


def _routine_values(record: records.RoutineRecord) -> dict:
    return {"name": record.name, "name_key": name_key(record.name),
            "switch_pause_seconds": record.switch_pause_seconds,
            "steps": [step.model_dump() for step in record.steps]}


def _session_record(row: sa.Row, run_key: int | None) -> records.SessionRecord:
    data = dict(row._mapping)
    for internal in ("id", "owner_id", "created_at", "version", "run_id"):
        data.pop(internal)
    return records.SessionRecord.model_validate({**data, "run": run_key})


def _session_values(record: records.SessionRecord) -> dict:
    data = record.model_dump(mode="json", exclude=SESSION_INTERNAL)
    # Moments, not the JSON text; the column stores them in UTC (kernel.schema.UTCDateTime).
    data["started_at"], data["ended_at"] = record.started_at, record.ended_at
    return data


CHECKIN_FIELDS = tuple(name for name in records.CheckInRecord.model_fields if name != "version")


def _checkin_record(row: sa.Row) -> records.CheckInRecord:
    return records.CheckInRecord.model_validate(
        {name: getattr(row, name) for name in CHECKIN_FIELDS})


def _checkin_values(record: records.CheckInRecord) -> dict:
    return {name: getattr(record, name) for name in CHECKIN_FIELDS}


EXPERIMENT_FIELDS = tuple(records.ExperimentRecord.model_fields)


def _experiment_record(row: sa.Row) -> records.ExperimentRecord:
    return records.ExperimentRecord.model_validate(
        {name: getattr(row, name) for name in EXPERIMENT_FIELDS})


def _experiment_values(record: records.ExperimentRecord) -> dict:
    return record.model_dump()


def _stored_experiments(connection: Connection, owner_id: int
                        ) -> list[tuple[int, records.ExperimentRecord]]:
    """The owner's experiments, oldest first, each with its row id."""
    rows = connection.execute(sa.select(experiments).where(experiments.c.owner_id == owner_id)
                              .order_by(experiments.c.created_at, experiments.c.id))
    return [(row.id, _experiment_record(row)) for row in rows]


# Export ------------------------------------------------------------------------------------

def _read_runs(connection: Connection, owner_id: int
               ) -> tuple[list[records.RunRecord], dict[int, int]]:
    """The owner's runs, oldest first, numbered from 1; and each run's number by its id."""
    rows = connection.execute(sa.select(runs).where(runs.c.owner_id == owner_id)
                              .order_by(runs.c.created_at, runs.c.id)).all()
    actions: dict[int, list[dict]] = {}
    for action in connection.execute(
            sa.select(run_actions.c.run_id, run_actions.c.kind, run_actions.c.at)
            .join(runs, runs.c.id == run_actions.c.run_id).where(runs.c.owner_id == owner_id)
            .order_by(run_actions.c.id)):
        actions.setdefault(action.run_id, []).append({"kind": action.kind, "at": action.at})
    keys = {row.id: number for number, row in enumerate(rows, start=1)}
    found = [records.RunRecord(
        key=keys[row.id], routine_name=row.routine_name, plan=row.plan,
        stress_before=row.stress_before, status=row.status, created_at=row.created_at,
        actions=actions.get(row.id, []), confirmed=tuple(row.confirmed_steps or ()))
        for row in rows]
    return found, keys


def _read_settings(connection: Connection, owner_id: int
                   ) -> tuple[tuple[Condition, ...], Preferences]:
    stored = connection.scalar(sa.select(profiles.c.conditions)
                               .where(profiles.c.owner_id == owner_id)) or []
    known = {c.value for c in Condition}
    profile = tuple(sorted(Condition(c) for c in stored if c in known))
    data = connection.scalar(sa.select(preferences.c.data)
                             .where(preferences.c.owner_id == owner_id)) or {}
    try:
        prefs = Preferences.model_validate(data)
    except ValidationError:
        prefs = Preferences()  # as the app reads a damaged row
    return profile, prefs


def _slot_record(slot) -> records.SlotRecord:
    return records.SlotRecord.model_validate(slot.model_dump(exclude={"id"}))


def read_everything(connection: Connection, owner_id: int, now: datetime) -> records.Backup:
    run_records, run_keys = _read_runs(connection, owner_id)
    # Sorted here, not by the database: ORDER BY on text follows its collation, which differs
    # between SQLite and PostgreSQL (and between PostgreSQL's locales).
    routine_rows = sorted(connection.execute(sa.select(routines)
                                             .where(routines.c.owner_id == owner_id)),
                          key=lambda row: (row.name_key, row.id))
    session_rows = connection.execute(sa.select(sessions).where(sessions.c.owner_id == owner_id)
                                      .order_by(sessions.c.started_at, sessions.c.id))
    checkin_rows = connection.execute(sa.select(checkins).where(checkins.c.owner_id == owner_id)
                                      .order_by(checkins.c.day))
    profile, prefs = _read_settings(connection, owner_id)
    return records.Backup(
        exported_at=now, profile=profile, preferences=prefs,
        routines=tuple(map(_routine_record, routine_rows)),
        runs=tuple(run_records),
        sessions=tuple(_session_record(row, run_keys.get(row.run_id)) for row in session_rows),
        checkins=tuple(map(_checkin_record, checkin_rows)),
        plan=tuple(map(_slot_record, read_slots(connection, owner_id))),
        experiments=tuple(record for _, record in _stored_experiments(connection, owner_id)),
        measures=tuple(records.MeasureRecord.model_validate(m.model_dump())
                       for m in read_measures(connection, owner_id)),
    )


# Import ------------------------------------------------------------------------------------

def read_here(connection: Connection, owner_id: int) -> Here:
    """What the owner has already, as the merge compares it with a file."""
    def mine(table: sa.Table) -> sa.Select:
        return sa.select(table).where(table.c.owner_id == owner_id)

    session_rows = connection.execute(mine(sessions)).all()
    profile, prefs = _read_settings(connection, owner_id)
    return Here(
        routines=[(row.id, _routine_record(row)) for row in connection.execute(mine(routines))],
        runs=[StoredRun(row.id, row.created_at, row.routine_name, row.status)
              for row in connection.execute(
                  sa.select(runs.c.id, runs.c.created_at, runs.c.routine_name, runs.c.status)
                  .where(runs.c.owner_id == owner_id))],
        sessions=[(row.id, _session_record(row, None)) for row in session_rows],
        checkins=[(row.id, _checkin_record(row)) for row in connection.execute(mine(checkins))],
        plan=read_slots(connection, owner_id),
        experiments=_stored_experiments(connection, owner_id),
        measures=[(row_id, records.MeasureRecord.model_construct(
            day=day, measure=measure, value=value, source=source))
            for (day, measure, source), (row_id, value)
            in stored_values(connection, owner_id).items()],
        used_run_ids=frozenset(row.run_id for row in session_rows if row.run_id is not None),
        profile=profile, preferences=prefs,
    )


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


class _Writer:
    """Writes one import's changes inside the caller's transaction, reporting progress."""

    def __init__(self, connection: Connection, owner_id: int, backup: records.Backup,
                 changes: Changes, progress: Progress | None):
        self.connection, self.owner_id = connection, owner_id
        self.backup, self.changes = backup, changes
        self.progress = progress
        self.stamp = clock.now()
        self.done, self.total = 0, max(1, changes.rows)

    def _step(self, count: int, what: str) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(1.0, self.done / self.total), what)

    def _insert(self, table: sa.Table, rows: Sequence[dict], what: str) -> None:
        for part in _chunks(rows):
            self.connection.execute(table.insert(), list(part))
            self._step(len(part), what)

    def _update(self, table: sa.Table, updates: Sequence[tuple[int, dict]], what: str) -> None:
        """Each row by its id and its owner: an id read for this owner can only ever change
        this owner's row (ids are reused on SQLite)."""
        statement = table.update().where(table.c.id == sa.bindparam("row_id"),
                                         table.c.owner_id == self.owner_id)
        if "version" in table.c:
            statement = statement.values(version=table.c.version + 1)
        for part in _chunks(updates):
            for row_id, values in part:
                found = self.connection.execute(statement, {"row_id": row_id, **values})
                if found.rowcount != 1:  # gone since it was read: not "updated"
                    raise Conflict("file", "A record changed while importing. Nothing was "
                                           "imported; try again.")
            self._step(len(part), what)

    def _owned(self, values: dict, *moments: str) -> dict:
        return {**values, "owner_id": self.owner_id, **dict.fromkeys(moments, self.stamp)}

    def routines(self) -> None:
        table = self.changes.routines
        self._insert(routines, [self._owned(_routine_values(r), "created_at", "updated_at")
                                for r in table.inserts], "routines")
        self._update(routines, [(row_id, {**_routine_values(r), "updated_at": self.stamp})
                                for row_id, r in table.updates], "routines")

    def runs(self) -> dict[int, int]:
        """Add the new runs and their actions; return every run's id by its number."""
        ids = dict(self.changes.run_ids)
        records = self.changes.runs.inserts
        for part in _chunks(records):
            rows = [self._owned({"routine_id": None, "routine_name": r.routine_name,
                                 "plan": [step.model_dump(mode="json") for step in r.plan],
                                 "stress_before": r.stress_before, "status": r.status,
                                 "created_at": r.created_at,
                                 "confirmed_steps": list(r.confirmed)}, "updated_at")
                    for r in part]
            new = self.connection.execute(
                runs.insert().returning(runs.c.id, sort_by_parameter_order=True), rows
            ).scalars().all()
            ids.update({record.key: run_id for record, run_id in zip(part, new, strict=True)})
            actions = [{"run_id": ids[r.key], "kind": a.kind, "at": a.at}
                       for r in part for a in r.actions]
            if actions:
                self.connection.execute(run_actions.insert(), actions)
            self._step(len(part), "runs")
        return ids

    def sessions(self, run_ids: dict[int, int]) -> None:
        table = self.changes.sessions
        linked = session_run_ids(table.inserts, run_ids, self.changes.used_run_ids)
        self._insert(sessions, [{**self._owned(_session_values(record), "created_at"),
                                 "run_id": run_id, "version": 1}
                                for record, run_id in zip(table.inserts, linked, strict=True)],
                     "sessions")
        self._update(sessions, [(row_id, _session_values(r)) for row_id, r in table.updates],
                     "sessions")

    def checkins(self) -> None:
        table = self.changes.checkins
        self._insert(checkins, [{**self._owned(_checkin_values(c), "created_at", "updated_at"),
                                 "version": 1} for c in table.inserts], "check-ins")
        self._update(checkins, [(row_id, {**_checkin_values(c), "updated_at": self.stamp})
                                for row_id, c in table.updates], "check-ins")

    def plan(self) -> None:
        table = self.changes.plan
        self._insert(plan_slots, [self._owned(slot_values(s), "created_at")
                                  for s in table.inserts], "weekly plan")
        self._update(plan_slots, [(row_id, slot_values(s)) for row_id, s in table.updates],
                     "weekly plan")

    def experiments(self) -> None:
        table = self.changes.experiments
        self._insert(experiments, [{**_experiment_values(e), "owner_id": self.owner_id}
                                   for e in table.inserts], "experiments")
        self._update(experiments, [(row_id, _experiment_values(e))
                                   for row_id, e in table.updates], "experiments")

    def measures(self) -> None:
        table = self.changes.measures
        self._insert(daily_measures, [
            {**self._owned(r.model_dump(), "imported_at")} for r in table.inserts],
            "watch measures")
        self._update(daily_measures, [(row_id, {"value": r.value, "imported_at": self.stamp})
                                      for row_id, r in table.updates], "watch measures")

    def _document(self, table: sa.Table, column: str, value: object) -> None:
        values = {column: value, "updated_at": self.stamp}
        self.connection.execute(
            upsert_insert(self.connection, table).values(owner_id=self.owner_id, **values)
            .on_conflict_do_update(index_elements=["owner_id"],  # a window open before
                                   set_={**values, "version": table.c.version + 1}))

    def settings(self) -> None:
        if self.changes.profile_changed:  # what the file has, added to what is ticked here
            here = read_profile(self.connection, self.owner_id).conditions
            self._document(profiles, "conditions",
                           sorted({c.value for c in (*self.backup.profile, *here)}))
        if self.changes.preferences_changed:
            self._document(preferences, "data", self.backup.preferences.model_dump())


class BackupRepo(OwnedRepository):
    def __init__(self, db: Database, owner_id: int, catalog: Catalog):
        super().__init__(db, owner_id)
        self.catalog = catalog

    def export(self) -> records.Backup:
        """Everything of this owner's, as it is now."""
        try:
            with self.db.read() as connection:
                return read_everything(connection, self.owner_id, clock.now())
        except ValidationError as error:
            raise StoreError("A record in the database is damaged, so no backup could be "
                             f"made ({error.error_count()} bad values).") from error

    def preview(self, backup: records.Backup) -> dict[str, Counts]:
        """What importing ``backup`` would add, update and skip, by kind; writes nothing."""
        with self.db.read() as connection:
            here = read_here(connection, self.owner_id)
        return merge(backup, here).counts()

    def restore(self, backup: records.Backup, progress: Progress | None = None
                ) -> dict[str, Counts]:
        """Import ``backup`` in one transaction: all of it, or nothing. Returns the counts."""
        try:
            with self.db.write() as connection:
                hold_owner(connection, self.owner_id)  # a second import waits, then adds nothing
                changes = merge(backup, read_here(connection, self.owner_id))
                writer = _Writer(connection, self.owner_id, backup, changes, progress)
                writer.routines()
                writer.sessions(writer.runs())
                writer.checkins()
                writer.plan()
                writer.experiments()
                writer.measures()
                writer.settings()
                if changes.anything:
                    bump_data_version(connection, self.owner_id)  # the charts are redrawn
        except sa.exc.IntegrityError as error:  # another window saved the same record at once
            raise Problem("file", "Another window changed the same records while importing. "
                                  "Nothing was imported; try again.") from error
        return changes.counts()

    def counts(self) -> dict[str, int]:
        """How many records of each kind there are, for the "delete everything" question."""
        with self.db.read() as connection:
            return {name: connection.scalar(sa.select(sa.func.count()).select_from(table)
                                            .where(table.c.owner_id == self.owner_id))
                    for name, table in (("routines", routines), ("sessions", sessions),
                                        ("checkins", checkins), ("plan", plan_slots),
                                        ("runs", runs), ("experiments", experiments),
                                        ("measures", daily_measures))}

    def delete_everything(self, account: bool = False) -> None:
        """Every record of this owner's, in one transaction; with ``account`` the owner too
        (someone signed in closing their account: signing in again starts afresh)."""
        with self.db.write() as connection:
            mine = sa.select(runs.c.id).where(runs.c.owner_id == self.owner_id)
            connection.execute(run_actions.delete().where(run_actions.c.run_id.in_(mine)))
            for table in (runs, sessions, checkins, routines, plan_slots, experiments,
                          daily_measures, profiles, preferences):
                connection.execute(table.delete().where(table.c.owner_id == self.owner_id))
            if account:
                delete_owner(connection, self.owner_id)
            else:
                bump_data_version(connection, self.owner_id)
