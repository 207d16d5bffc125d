"""How an import merges a file's records with those already here: the rules, no SQL.

Records are matched by what they are, not by database ids: a routine by its name (case and
spaces aside), a session by when it started and its routine, a check-in by its day, a run by
when it was created and its routine, a weekly-plan time by its day and time, an experiment by
its start day and seed, a watch's daily measure by its day, measure and source. A record
already here with the same values is skipped, one with other values is updated, the rest are
added. So importing the same file twice adds nothing the
second time, and nothing is ever deleted by an import.

planner/backup/repo.py reads what is here into ``Here`` (records, each with its row id),
``merge`` decides, and the repository writes the ``Changes`` in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from planner.backup import model as records
from planner.catalog.model import Condition
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.routines.model import name_key
from planner.schedule.model import Slot, check_room
from planner.settings.model import Preferences

KINDS = {"routines": "Routines", "runs": "Runs", "sessions": "Sessions",
         "checkins": "Check-ins", "plan": "Weekly plan", "experiments": "Experiments",
         "measures": "Watch measures", "settings": "Profile and preferences"}


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.skipped


@dataclass
class TableChanges:
    """What an import does to one table: records to add, rows to update (by id), skipped."""

    inserts: list[Any] = field(default_factory=list)
    updates: list[tuple[int, Any]] = field(default_factory=list)
    skipped: int = 0

    def counts(self) -> Counts:
        return Counts(len(self.inserts), len(self.updates), self.skipped)


class StoredRun(NamedTuple):
    """A run already here, as far as matching needs it."""

    id: int
    created_at: datetime  # aware
    routine_name: str
    status: str


@dataclass(frozen=True)
class Here:
    """What this person has already, as records with their row ids. Sessions carry no run
    (``run`` None); ``used_run_ids`` are the runs that sessions here already came from."""

    routines: Sequence[tuple[int, records.RoutineRecord]] = ()
    runs: Sequence[StoredRun] = ()
    sessions: Sequence[tuple[int, records.SessionRecord]] = ()
    checkins: Sequence[tuple[int, records.CheckInRecord]] = ()
    plan: Sequence[Slot] = ()  # with their ids
    experiments: Sequence[tuple[int, records.ExperimentRecord]] = ()  # oldest first
    measures: Sequence[tuple[int, records.MeasureRecord]] = ()
    used_run_ids: frozenset[int] = frozenset()
    profile: tuple[Condition, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)


@dataclass
class Changes:
    """Everything one import does, table by table."""

    routines: TableChanges
    runs: TableChanges
    sessions: TableChanges
    checkins: TableChanges
    plan: TableChanges
    experiments: TableChanges
    measures: TableChanges
    profile_changed: bool | None  # None: the file has no profile
    preferences_changed: bool | None  # None: the file has no preferences
    run_ids: dict[int, int]  # runs already here: their number in the file -> their id
    used_run_ids: frozenset[int]  # run ids sessions here already name

    def counts(self) -> dict[str, Counts]:
        flags = (self.profile_changed, self.preferences_changed)
        settings = Counts(updated=sum(flag is True for flag in flags),
                          skipped=sum(flag is False for flag in flags))
        return {**{name: getattr(self, name).counts() for name in records.SECTIONS},
                "settings": settings}

    @property
    def rows(self) -> int:
        """Rows to add or update, for the progress bar."""
        return sum(len(t.inserts) + len(t.updates)
                   for t in (getattr(self, name) for name in records.SECTIONS))

    @property
    def anything(self) -> bool:
        return bool(self.rows or self.profile_changed or self.preferences_changed)


# Matching: what makes two records the same one -----------------------------------------------

def routine_key(record: records.RoutineRecord) -> str:
    return name_key(record.name)


def run_key(created_at: datetime, routine_name: str) -> tuple[datetime, str]:
    return created_at.astimezone(UTC), routine_name


def session_key(record: records.SessionRecord) -> tuple[datetime, str]:
    return record.started_at.astimezone(UTC), name_key(record.routine_name)


def experiment_key(record: records.ExperimentRecord) -> tuple:
    return record.start, record.seed


# Fields that only the database gives meaning: never compared.
SESSION_INTERNAL = {"id", "version", "run_id", "run"}


def same_session(stored: records.SessionRecord, incoming: records.SessionRecord) -> bool:
    return stored.model_dump(exclude=SESSION_INTERNAL) == incoming.model_dump(
        exclude=SESSION_INTERNAL)


def same_checkin(stored: records.CheckInRecord, incoming: records.CheckInRecord) -> bool:
    return stored.model_dump(exclude={"version"}) == incoming.model_dump(exclude={"version"})


def _equal(first: Any, second: Any) -> bool:
    return first == second


def compare(records: Iterable[Any], stored: Iterable[tuple[int, Any]],
            key: Callable[[Any], object], same: Callable[[Any, Any], bool] = _equal
            ) -> TableChanges:
    """Each record added (nothing here has its key), skipped (the same as the one here) or
    an update of the row here."""
    existing = {key(record): (row_id, record) for row_id, record in stored}
    table = TableChanges()
    for record in records:
        found = existing.get(key(record))
        if found is None:
            table.inserts.append(record)
        elif same(found[1], record):
            table.skipped += 1
        else:
            table.updates.append((found[0], record))
    return table


# The rules of each kind ---------------------------------------------------------------------

def merge_runs(records: Sequence[records.RunRecord], here: Sequence[StoredRun]
               ) -> tuple[TableChanges, dict[int, int]]:
    """Runs are history: one already here is skipped, never changed. A run in progress in the
    file is skipped too while another is in progress here (only one can be). Also returns the
    row id of each run of the file already here, by its key in the file."""
    existing = {run_key(run.created_at, run.routine_name): run.id for run in here}
    active_here = any(run.status == "active" for run in here)
    table, ids = TableChanges(), {}
    for record in records:
        found = existing.get(run_key(record.created_at, record.routine_name))
        if found is not None:
            ids[record.key] = found
            table.skipped += 1
        elif record.status == "active" and active_here:
            table.skipped += 1
        else:
            table.inserts.append(record)
    return table, ids


def merge_experiments(records: Sequence[records.ExperimentRecord],
                      here: Sequence[tuple[int, records.ExperimentRecord]]) -> TableChanges:
    """Experiments are matched by start day and seed. One the file has that wasn't stopped is
    skipped while one here that wasn't stopped overlaps it: two at once would set the same days
    two different conditions."""
    table = compare(records, here, experiment_key)
    open_here = [record for _, record in here if record.ended_at is None]

    def clashes(record: records.ExperimentRecord) -> bool:
        return record.ended_at is None and any(
            other.start <= record.end and record.start <= other.end for other in open_here)

    kept = [record for record in table.inserts if not clashes(record)]
    table.skipped += len(table.inserts) - len(kept)
    table.inserts = kept
    return table


def check_plan_room(here: Sequence[Slot], adding: Sequence[records.SlotRecord]) -> None:
    """``Problem`` if the weekly plan can't take the file's new times (the plan's own rule)."""
    try:
        check_room(here, adding)
    except Problem as problem:
        after = len({slot.key for slot in (*here, *adding)})
        if after <= limits.PLAN_SLOTS_MAX:  # pragma: no cover - new times never clash
            raise Problem("file", f"{problem.message} {records.NOTHING_CHANGED}") from None
        raise Problem("file", f"With this file your weekly plan would hold {after} sessions; "
                              f"it holds up to {limits.PLAN_SLOTS_MAX}. Remove some times from "
                              f"the plan first. {records.NOTHING_CHANGED}") from None


def _slot_record(slot: Slot) -> records.SlotRecord:
    return records.SlotRecord.model_validate(slot.model_dump(exclude={"id"}))


def merge(backup: records.Backup, here: Here) -> Changes:
    """What importing ``backup`` does to what is ``here``; ``Problem`` if it can't be done."""
    runs, run_ids = merge_runs(backup.runs, here.runs)
    plan = compare(backup.plan, [(slot.id, _slot_record(slot)) for slot in here.plan],
                   lambda slot: slot.key)
    check_plan_room(here.plan, plan.inserts)
    return Changes(
        routines=compare(backup.routines, here.routines, routine_key),
        runs=runs,
        sessions=compare(backup.sessions, here.sessions, session_key, same_session),
        checkins=compare(backup.checkins, here.checkins, lambda c: c.day, same_checkin),
        plan=plan,
        experiments=merge_experiments(backup.experiments, here.experiments),
        # A day's value of a measure from a source: the file's value wins, as a check-in's.
        measures=compare(backup.measures, here.measures, lambda m: m.key),
        # A file adds the conditions it has; it never unticks one ticked here (an older
        # backup would otherwise switch the health profile's guard off unseen).
        profile_changed=(None if backup.profile is None
                         else not set(backup.profile) <= set(here.profile)),
        preferences_changed=(None if backup.preferences is None
                             else backup.preferences != here.preferences),
        run_ids=run_ids, used_run_ids=here.used_run_ids,
    )


def session_run_ids(records: Sequence[records.SessionRecord], run_ids: dict[int, int],
                    used: Iterable[int]) -> list[int | None]:
    """The run each new session came from (by row id), given every run's id by its key in the
    file. A run that already became another session here gives none: one run, one session."""
    taken = set(used)
    found: list[int | None] = []
    for record in records:
        run_id = run_ids.get(record.run) if record.run is not None else None
        if run_id in taken:
            run_id = None
        if run_id is not None:
            taken.add(run_id)
        found.append(run_id)
    return found
