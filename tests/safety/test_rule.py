"""The one health rule (planner.settings.model): what a profile advises against, the routine
without it, and a run that can't start such a step unless the person confirmed it."""

from __future__ import annotations

import pytest

from planner.catalog.model import load_catalog
from planner.kernel import clock
from planner.kernel.errors import Problem
from planner.routines.model import routine_from_preset, timed_steps
from planner.settings.model import HealthProfile, check_start, screen
from planner.store import Store
from tests.safety.cases import CASES, IDS, LEFT_OUT_OF_BEDTIME, Case

CATALOG = load_catalog()
BEDTIME = routine_from_preset(CATALOG.preset("bedtime_wind_down"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_bedtime_preset_is_screened_for_each_condition(case: Case):
    screening = screen(BEDTIME, CATALOG, case.profile)
    assert screening.names == LEFT_OUT_OF_BEDTIME[case.condition]
    kept = [CATALOG.technique(s.technique).name for s in screening.safe.steps]
    assert not set(kept) & set(screening.names)
    assert len(kept) + len(screening.names) == len(BEDTIME.steps)
    assert screening.care  # every condition has a step to take care with in it


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_step_not_advised_needs_its_confirmation_to_start(case: Case):
    used = [s.technique for s in case.routine().steps]
    if not case.not_advised:
        check_start(used, CATALOG, case.profile)  # care only: nothing to confirm
        return
    with pytest.raises(Problem, match="advises against") as refused:
        check_start(used, CATALOG, case.profile)
    assert case.name in refused.value.message
    check_start(used, CATALOG, case.profile, confirmed={case.technique})


def test_no_profile_no_question():
    assert screen(BEDTIME, CATALOG, HealthProfile()).clear
    check_start([s.technique for s in BEDTIME.steps], CATALOG, HealthProfile())


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_run_starts_only_what_the_stored_profile_allows(store: Store, case: Case):
    """The start checks the profile as stored then, whatever the page had read."""
    store.settings.save_profile(case.profile)
    plan = timed_steps(case.routine(), CATALOG)
    if not case.not_advised:
        assert store.runs.start("Evening", plan, at=clock.timestamp()).confirmed == frozenset()
        return
    with pytest.raises(Problem, match="Not started"):
        store.runs.start("Evening", plan, at=clock.timestamp())
    assert store.runs.active() is None
    run = store.runs.start("Evening", plan, at=clock.timestamp(),
                           confirmed=frozenset({case.technique}))
    assert store.runs.get(run.id).confirmed == {case.technique}  # kept with the run


def test_a_profile_ticked_in_another_window_after_the_page_read_it_still_guards(store: Store):
    plan = timed_steps(CASES[0].routine(), CATALOG)
    store.settings.save_profile(CASES[0].profile)  # after the Run page screened an empty one
    with pytest.raises(Problem, match="pregnancy"):
        store.runs.start("Evening", plan, at=clock.timestamp())
