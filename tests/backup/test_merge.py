"""How an import merges a file with what is already here, as plain Python: the counts a person
sees in the preview, decided without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from planner.backup.merge.model import (
    Counts,
    Here,
    StoredRun,
    merge,
    session_run_ids,
)
from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.schedule.model import Slot
from tests.backup.test_model import STARTED, sample_backup, with_sample_data

NOTHING = Counts()


def here_as(backup, **changes) -> Here:
    """What the database would hold after importing ``backup`` (ids from 1)."""
    found = Here(
        routines=list(enumerate(backup.routines, start=1)),
        runs=[StoredRun(n, r.created_at, r.routine_name, r.status)
              for n, r in enumerate(backup.runs, start=1)],
        sessions=[(n, s.model_copy(update={"run": None}))
                  for n, s in enumerate(backup.sessions, start=1)],
        checkins=list(enumerate(backup.checkins, start=1)),
        plan=[Slot.model_validate({**s.model_dump(), "id": n})
              for n, s in enumerate(backup.plan, start=1)],
        experiments=list(enumerate(backup.experiments, start=1)),
        measures=list(enumerate(backup.measures, start=1)),
        used_run_ids=frozenset({1}), profile=backup.profile, preferences=backup.preferences)
    return replace(found, **changes)


def test_into_an_empty_database_everything_is_added():
    counts = merge(sample_backup(), Here()).counts()
    assert counts["checkins"] == Counts(added=3) and counts["sessions"] == Counts(added=1)
    assert counts["settings"] == Counts(updated=2)


def test_the_same_file_again_skips_everything_sample_data_too():
    backup = with_sample_data(sample_backup())
    counts = merge(backup, here_as(backup)).counts()
    assert all(c.added == 0 and c.updated == 0 for c in counts.values()), counts
    assert counts["checkins"] == Counts(skipped=3)
    assert not merge(backup, here_as(backup)).anything


def test_a_record_with_other_values_is_an_update_and_unmarking_sample_data_is_one():
    backup = sample_backup()
    here = here_as(with_sample_data(backup))
    changes = merge(backup, here)
    assert changes.counts()["checkins"] == Counts(updated=1, skipped=2)  # the sample one
    assert changes.checkins.updates[0][0] == 1  # the row of that day
    renamed = backup.routines[0].model_copy(update={"name": "EVENING"})
    assert merge(backup.model_copy(update={"routines": (renamed,)}),
                 here).counts()["routines"] == Counts(updated=1)  # same routine, new spelling


def test_a_run_here_is_never_changed_and_a_second_run_in_progress_is_not_added():
    backup = sample_backup()
    going = backup.runs[0].model_copy(update={"key": 2, "status": "active",
                                              "created_at": STARTED + timedelta(hours=1)})
    here = here_as(backup, runs=[StoredRun(9, STARTED, "Evening", "active")])
    changes = merge(backup.model_copy(update={"runs": (*backup.runs, going)}), here)
    assert changes.counts()["runs"] == Counts(skipped=2)
    assert changes.run_ids == {1: 9}  # the file's run 1 is the one here


def test_one_run_becomes_one_session():
    sessions = sample_backup().sessions * 3
    assert session_run_ids(sessions, {1: 5}, used=()) == [5, None, None]
    assert session_run_ids(sessions[:1], {1: 5}, used={5}) == [None]


def test_an_experiment_still_running_here_keeps_the_files_open_one_out():
    backup = sample_backup()
    stopped = backup.experiments[0]
    running = stopped.model_copy(update={"ended_at": None, "seed": 6})
    here = here_as(backup, experiments=[(1, running.model_copy(update={"seed": 7}))])
    counts = merge(backup.model_copy(update={"experiments": (stopped, running)}),
                   here).counts()
    assert counts["experiments"] == Counts(added=1, skipped=1)  # the stopped one comes in


def test_a_plan_that_would_overflow_is_refused_by_the_plans_own_rule():
    backup = sample_backup()
    full = [Slot(id=n, weekday=n % 7, at=time(6 + n // 7), routine_name="R",
                 since=backup.plan[0].since) for n in range(limits.PLAN_SLOTS_MAX)]
    with pytest.raises(Problem, match=f"would hold {limits.PLAN_SLOTS_MAX + 1} sessions; it "
                                      f"holds up to {limits.PLAN_SLOTS_MAX}") as raised:
        merge(backup, Here(plan=full))
    assert raised.value.message.endswith("Nothing was imported.")
    assert merge(backup, Here(plan=full[1:])).counts()["plan"] == Counts(added=1)
