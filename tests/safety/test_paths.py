"""Every path to a running routine goes through the health rule, for each of the five
conditions: Run (presets and saved routines), the weekly plan and its suggestion, the
experiment's massage days, the Library's "Add to routine", a draft link and an import.

A step the profile advises against is left out of what Start starts (the safe version, offered
first); it runs only after the person ticks the box on the Run page, and the run keeps that.
"""

from __future__ import annotations

import json
from datetime import time

import pytest
from streamlit.testing.v1 import AppTest

from planner.catalog.model import Condition, load_catalog
from planner.experiments.model import Design, assignment
from planner.kernel import clock
from planner.routines.draft import Draft, to_link
from planner.routines.model import routine_from_preset, timed_steps
from planner.schedule.model import Slot
from planner.store import Store
from planner.ui import handoff, pages
from planner.ui.apptest import press_add_to_routine
from tests.conftest import ROOT
from tests.helpers import app_store, everything, shown
from tests.safety.cases import CASES, IDS, LEFT_OUT_OF_BEDTIME, Case

CATALOG = load_catalog()


def store() -> Store:
    return app_store()


def followed(app: AppTest) -> list[str]:
    """The steps the run that started follows, each once, in order (no switch of feet)."""
    (element,) = [e for e in app.get("bidi_component")
                  if e.proto.component_name.endswith("solace_countdown")]
    names = [s["name"] for s in json.loads(element.proto.json)["steps"]
             if s["name"] != "Switch feet"]
    return list(dict.fromkeys(names))


def discard(app: AppTest) -> None:
    app.button(key="run-stop").click().run()
    app.button(key="run-stop-discard").click().run()


def check_run_page(app: AppTest, choice: str, left_out: list[str], kept: list[str]) -> None:
    """On Run with ``choice`` picked: Start starts the routine without ``left_out``; only the
    ticked box starts it whole, and the run keeps the confirmation."""
    assert app.selectbox(key="run-choice").value == choice
    boxes = [c for c in app.checkbox if c.key == f"run-confirm-{choice}"]
    if not left_out:
        assert not boxes and "Not advised" not in everything(app)
        app.button(key="run-start").click().run()
        assert followed(app) == kept
        assert store().runs.active().confirmed == frozenset()
        discard(app)
        return
    text = everything(app)
    assert all(name in text for name in left_out) and "Not advised with your health" in text
    assert app.button(key="run-start").label.startswith("Start without")
    app.button(key="run-start").click().run()
    assert followed(app) == kept  # the safe version, first
    assert not set(followed(app)) & set(left_out)
    discard(app)
    app.checkbox(key=f"run-confirm-{choice}").check().run()
    assert app.button(key="run-start").label == "Start with every step"
    app.button(key="run-start").click().run()
    assert set(left_out) <= set(followed(app))
    confirmed = store().runs.active().confirmed
    assert {CATALOG.technique(t).name for t in confirmed} == set(left_out)
    discard(app)


def bedtime_kept(case: Case) -> list[str]:
    routine = routine_from_preset(CATALOG.preset("bedtime_wind_down"))
    names = [CATALOG.technique(s.technique).name for s in routine.steps]
    return list(dict.fromkeys(n for n in names if n not in LEFT_OUT_OF_BEDTIME[case.condition]))


def left_out(case: Case) -> list[str]:
    return [case.name] if case.not_advised else []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_run_a_preset(open_page, case):
    store().settings.save_profile(case.profile)
    app = open_page("run")
    bedtime = handoff.preset_choice("bedtime_wind_down")
    app.selectbox(key="run-choice").set_value(bedtime).run()
    check_run_page(app, bedtime, LEFT_OUT_OF_BEDTIME[case.condition], bedtime_kept(case))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_run_a_routine_saved_before_the_profile_changed(open_page, case):
    routine = store().routines.save(case.routine())
    store().settings.save_profile(case.profile)
    app = open_page("plan")
    app.button(key=f"run-{routine.id}").click().run()  # the card's Run button
    app.switch_page(pages.RUN.script).run()  # (AppTest reruns the page it was switched to)
    check_run_page(app, handoff.saved_choice(routine.id), left_out(case), case.safe_names)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_weekly_plan_and_whats_next_on_run(open_page, frozen_clock, case):
    store().routines.save(case.routine("Another"))
    routine = store().routines.save(case.routine("Evening"))
    store().schedule.add([Slot(weekday=day, at=time(23, 59), routine_name="Evening",
                               since=clock.today(clock.server_zone())) for day in range(7)])
    store().settings.save_profile(case.profile)
    plan = open_page("plan")
    marked = [m for m in shown(plan.markdown) if "Run leaves out" in m]
    assert len(marked) == (7 if case.not_advised else 0)
    assert all(case.name in m for m in marked)
    app = open_page("run")
    app.button(key="week-pick").click().run()  # "Choose it"
    check_run_page(app, handoff.saved_choice(routine.id), left_out(case), case.safe_names)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_weekly_plan_suggests_a_routine_the_profile_allows(open_page, case):
    store().settings.save_profile(case.profile)
    app = open_page("plan")
    (suggestion,) = [m for m in shown(app.markdown) if m.startswith("**No plan yet.**")]
    allowed = {p.name for p in CATALOG.presets
               if not LEFT_OUT_OF_BEDTIME[case.condition] or p.id != "bedtime_wind_down"}
    if case.condition is Condition.CLOTTING:  # every preset has a step it advises against
        assert "Run leaves out" in suggestion
        return
    assert "Run leaves out" not in suggestion
    assert any(name in suggestion for name in allowed)
    if LEFT_OUT_OF_BEDTIME[case.condition]:
        assert "Bedtime wind-down" not in suggestion


def massage_today(today) -> Design:
    for seed in range(100):
        design = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=4,
                        start=today, seed=seed)
        if assignment(design, today).condition == "massage":
            return design
    raise AssertionError("no seed gives a massage day")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_massage_day_of_the_experiment(open_page, case, today):
    store().experiments.start(massage_today(today), today)
    store().settings.save_profile(case.profile)
    for page in ("experiment", "run"):
        text = everything(open_page(page))
        assert "a foot massage today" in text or "a foot massage" in text
        assert ("a massage leaves out" in text) == case.not_advised
        assert (case.name in text) == case.not_advised
    app = open_page("run")
    bedtime = handoff.preset_choice("bedtime_wind_down")
    app.selectbox(key="run-choice").set_value(bedtime).run()
    check_run_page(app, bedtime, LEFT_OUT_OF_BEDTIME[case.condition], bedtime_kept(case))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_library_add_to_routine(open_page, case):
    store().settings.save_profile(case.profile)
    app = open_page("library")
    press_add_to_routine(app, case.technique)
    toasts = " ".join(shown(app.toast))
    app.switch_page(pages.PLAN.script).run()
    steps = [t for t in app.text_input if t.key.startswith("draft-seconds-")]
    if case.not_advised:
        assert "confirm adding it" in toasts and not steps
        assert app.button(key="add-step").disabled  # until the box is ticked
    else:
        assert f"Added {case.name}" in toasts and len(steps) == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_routine_in_a_draft_link(database_url, monkeypatch, case):
    monkeypatch.chdir(ROOT)
    store().settings.save_profile(case.profile)
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    app.query_params["draft"] = to_link(Draft.of(case.routine()))
    app.run()
    app.switch_page(pages.PLAN.script).run()
    assert ("Not advised" in " ".join(shown(app.error))) == case.not_advised
    app.button(key="save").click().run()
    (routine,) = store().routines.list()
    app.button(key=f"run-{routine.id}").click().run()
    app.switch_page(pages.RUN.script).run()
    check_run_page(app, handoff.saved_choice(routine.id), left_out(case), case.safe_names)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_routine_brought_in_by_an_import(open_page, second_database, case):
    """An older backup, made before the profile was ticked: it neither unticks it nor runs
    the routine whole."""
    older = Store(second_database("older"))
    older.routines.save(case.routine())
    backup = older.backup.export()
    older.dispose()
    store().settings.save_profile(case.profile)
    store().backup.restore(backup)
    assert store().settings.profile().conditions == {case.condition}
    (routine,) = store().routines.list()
    app = open_page("run")
    app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    check_run_page(app, handoff.saved_choice(routine.id), left_out(case), case.safe_names)


def check_resume_offer(app: AppTest, case: Case) -> None:
    """A run met again goes on past a step not advised only once the box is ticked."""
    run = store().runs.active()
    text = everything(app)
    if not case.not_advised:
        assert "Not advised" not in text and not app.button(key="run-attach").disabled
        app.button(key="run-attach").click().run()
        assert store().runs.active().confirmed == frozenset()
        return
    assert "Not advised with your health profile" in text and case.name in text
    assert app.button(key="run-attach").disabled  # "Resume", until the box is ticked
    app.checkbox(key=f"run-confirm-run-{run.id}").check().run()
    app.button(key="run-attach").click().run()
    assert case.name in followed(app)
    assert store().runs.active().confirmed == {case.technique}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_run_started_before_the_profile_changed(open_page, case):
    store().runs.start("Evening", timed_steps(case.routine(), CATALOG), at=clock.timestamp())
    store().settings.save_profile(case.profile)  # ticked in another window meanwhile
    check_resume_offer(open_page("run"), case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_run_in_progress_brought_in_by_an_import(open_page, second_database, case):
    older = Store(second_database("older"))
    older.runs.start("Evening", timed_steps(case.routine(), CATALOG), at=clock.timestamp())
    backup = older.backup.export()
    older.dispose()
    store().settings.save_profile(case.profile)
    store().backup.restore(backup)
    check_resume_offer(open_page("run"), case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_planning_an_experiment_with_massage_says_what_a_massage_leaves_out(open_page, case):
    store().settings.save_profile(case.profile)
    app = open_page("experiment")  # massage and socks are picked to start with
    warned = " ".join(shown(app.warning))
    assert ("a massage leaves out" in warned) == case.not_advised
    assert (case.name in warned) == case.not_advised
    app.pills(key="exp-conditions").set_value(["socks", "neither"]).run()
    assert "a massage leaves out" not in " ".join(shown(app.warning))
