"""The Run page with a mocked clock: start, pause, skip, back, stop, finish, resume, log once."""

import json

import pytest

from planner.routines.model import Routine, RoutineStep
from planner.settings.model import Preferences
from planner.store import Store
from planner.ui import handoff, pages
from tests.helpers import app_store, figures, shown


@pytest.fixture
def clock(frozen_clock):
    """The app's clock, held still: the test moves it on by hand with ``advance``."""
    return frozen_clock


@pytest.fixture
def routine(database_url) -> Routine:
    # breathing 30 s, oil 30 s, ball roll 120 s per foot with a 5 s switch: 5 planned steps
    return Store(database_url).routines.save(Routine(name="Evening", steps=(
        RoutineStep(technique="breathing", seconds=30), RoutineStep(technique="oil", seconds=30),
        RoutineStep(technique="ball_roll", seconds=120),
    )))


def countdown(app) -> dict:
    """What the page tells the in-browser countdown."""
    (element,) = [e for e in app.get("bidi_component")
                  if e.proto.component_name.endswith("solace_countdown")]
    return json.loads(element.proto.json)


def watch(app, clock, seconds: float, every: float = 15) -> None:
    """Let ``seconds`` pass with the page open and in view: the browser reports in (a step's
    end, or that it is still there) at least every ``every`` seconds, as the countdown does."""
    while seconds > 0:
        step = min(every, seconds)
        clock.advance(step)
        seconds -= step
        app.run()


def start(open_page, routine, stress=None):
    app = open_page("run")
    app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    if stress is not None:
        app.pills(key="stress-before").set_value(stress).run()
    return app.button(key="run-start").click().run()


def test_before_starting_the_page_shows_total_supplies_and_rating(open_page, routine, clock):
    app = open_page("run")
    app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    assert figures(app)["Total time"] == "5 min 5 s"
    assert any("Tennis ball or foot roller" in m and "Fetch" in m
               for m in shown(app.markdown))
    assert app.pills(key="stress-before").options == [str(n) for n in range(11)]


def test_a_run_counts_down_from_the_clock_and_pause_holds_it(open_page, routine, clock):
    app = start(open_page, routine, stress=7)
    data = countdown(app)
    assert [s["name"] for s in data["steps"]] == [
        "Deep breathing", "Oil or lotion", "Tennis ball or foot roller", "Switch feet",
        "Tennis ball or foot roller"]
    assert (data["index"], data["into"], data["paused"]) == (0, 0, False)

    clock.advance(40)  # 30 s breathing done, 10 s into the oil
    app.run()
    assert (countdown(app)["index"], countdown(app)["into"]) == (1, 10)

    app.button(key="run-pause").click().run()
    clock.advance(300)  # a five-minute pause
    app.run()
    data = countdown(app)
    assert (data["index"], data["into"], data["paused"]) == (1, 10, True)
    app.button(key="run-resume").click().run()
    clock.advance(5)
    app.run()
    assert (countdown(app)["index"], countdown(app)["into"], countdown(app)["paused"]) == (
        1, 15, False)


def test_skip_and_back_move_between_steps(open_page, routine, clock):
    app = start(open_page, routine)
    clock.advance(5)
    app.button(key="run-skip").click().run()
    assert countdown(app)["index"] == 1
    clock.advance(5)
    app.button(key="run-skip").click().run()
    assert countdown(app)["index"] == 2
    app.button(key="run-back").click().run()
    assert (countdown(app)["index"], countdown(app)["into"]) == (1, 0)


def test_a_finished_run_asks_for_a_rating_and_is_logged_once(open_page, routine, clock):
    app = start(open_page, routine, stress=7)
    watch(app, clock, 305 + 60)  # the whole routine, and a minute more
    assert any("is complete" in s for s in shown(app.success))
    assert figures(app)["Time spent"] == "5 min 5 s"
    app.pills(key="stress-after").set_value(3).run()
    app.text_area(key="session-notes").set_value("<script>alert(1)</script> calmer").run()
    app.button(key="run-log").click().run()

    (session,) = app_store().sessions.list()
    assert (session.stress_before, session.stress_after, session.completed) == (7, 3, True)
    assert session.actual_seconds == 305 and session.planned_seconds == 305
    assert session.notes == "<script>alert(1)</script> calmer"
    assert [s.actual_seconds for s in session.steps] == [30, 30, 120, 120]
    assert any("Saved to your log" in s and "from 7 to 3" in s for s in shown(app.success))
    assert app_store().runs.active() is None


def test_stop_asks_first_and_keeps_what_was_done(open_page, routine, clock):
    app = start(open_page, routine)
    clock.advance(45)
    app.button(key="run-stop").click().run()
    assert any("Stop here?" in m for m in shown(app.markdown))
    clock.advance(100)  # thinking about it does not count: the run is paused meanwhile
    app.button(key="run-keep-going").click().run()
    assert (countdown(app)["index"], countdown(app)["into"]) == (1, 15)

    app.button(key="run-stop").click().run()
    app.button(key="run-stop-keep").click().run()
    assert any("stopped" in i for i in shown(app.info))
    app.button(key="run-log").click().run()
    (session,) = app_store().sessions.list()
    assert session.completed is False and session.actual_seconds == 45


def test_stop_without_logging_discards_the_run(open_page, routine, clock):
    app = start(open_page, routine)
    app.button(key="run-stop").click().run()
    app.button(key="run-stop-discard").click().run()
    assert app_store().runs.active() is None
    assert app_store().sessions.list() == []
    assert app.button(key="run-start")  # back to choosing a routine


def test_coming_back_offers_to_resume_at_the_right_point(open_page, routine, clock):
    first = start(open_page, routine)
    watch(first, clock, 60)
    clock.advance(10)  # the tab was reloaded meanwhile: time kept running
    app = open_page("run")  # a new browser session
    offer = " ".join(m for m in shown(app.markdown))
    # Counted as the Plan page counts: both feet of a step one step, the switch not a step.
    assert "still running" in offer and "step 3 of 3" in offer and "(left foot)" in offer
    assert "3 min 55 s left in all" in offer  # 305 s planned, 70 s gone
    app.button(key="run-attach").click().run()
    assert (countdown(app)["index"], countdown(app)["into"]) == (2, 10)


def test_a_paused_run_is_held_while_away_and_can_be_logged_in_part(open_page, routine, clock):
    app = start(open_page, routine, stress=5)
    clock.advance(20)
    app.button(key="run-pause").click().run()
    clock.advance(3600)
    app = open_page("run")
    assert any("is paused" in m and "0:10 left" in m and "4 min 45 s left in all" in m
               for m in shown(app.markdown))
    app.button(key="run-log-part").click().run()
    app.button(key="run-log").click().run()
    (session,) = app_store().sessions.list()
    assert session.actual_seconds == 20 and session.stress_before == 5


def test_two_tabs_never_log_the_same_run_twice(open_page, routine, clock):
    first = start(open_page, routine)
    watch(first, clock, 400)
    second = open_page("run")
    second.button(key="run-attach").click().run()  # "Log it"
    first.button(key="run-log").click().run()
    second.button(key="run-log").click().run()
    assert len(app_store().sessions.list()) == 1
    assert any("already in your log" in w for w in shown(second.warning))


def test_editing_the_routine_during_a_run_does_not_disturb_it(open_page, routine, clock):
    app = start(open_page, routine)
    store = app_store()
    store.routines.save(routine.model_copy(update={"steps": (RoutineStep(technique="oil",
                                                                  seconds=60),)}))
    clock.advance(10)
    app.run()
    assert len(countdown(app)["steps"]) == 5
    store.routines.delete(routine.id)
    clock.advance(10)
    app.run()
    assert countdown(app)["index"] == 0 and countdown(app)["into"] == 20


def test_a_rating_outside_0_to_10_is_refused(database_url):
    from planner.kernel.checks import Rating, validated_value
    from planner.kernel.errors import Problem

    for bad in (-1, 11, 3.5, "7", True):
        with pytest.raises(Problem, match="from 0 to 10") as refused:
            validated_value(Rating | None, bad, "stress_after")
        assert refused.value.field == "stress_after"
    assert validated_value(Rating, 0, "x") == 0 and validated_value(Rating, 10, "x") == 10


def test_sound_settings_reach_the_countdown(open_page, routine, clock):
    app = open_page("settings")
    app.toggle(key="pref-muted").set_value(True)
    app.toggle(key="pref-speak").set_value(True)
    app.slider(key="pref-volume").set_value(40)
    app.slider(key="pref-out").set_value(8).run()  # each saved as it changes
    assert any("Sound settings saved" in s for s in shown(app.success))

    data = countdown(start(open_page, routine))
    assert data["sound"] == {"volume": 0.4, "muted": True, "speak": True, "vibrate": True}
    assert data["breath"] == {"in": 4, "out": 8}


# In two windows ---------------------------------------------------------------------------



def test_starting_in_a_second_window_offers_the_first_run_instead_of_dropping_it(
        open_page, frozen_clock):
    routine = app_store().routines.save(Routine(name="Evening", steps=(
        RoutineStep(technique="breathing", seconds=60),)))
    first, second = open_page("run"), open_page("run")
    for app in (first, second):
        app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    first.button(key="run-start").click().run()
    frozen_clock.advance(20)
    second.button(key="run-start").click().run()
    assert any("already running in another window" in w for w in shown(second.warning))
    offered = {button.key: button.label for button in second.button}
    assert "run-log-part" in offered, offered  # "Log the part done" is offered
    run = app_store().runs.active()
    assert run is not None and len(run.actions) == 1  # the first run goes on untouched
    second.button(key="run-log-part").click().run()
    second.button(key="run-log").click().run()
    (session,) = app_store().sessions.list()
    assert session.actual_seconds == 20


# What a newcomer noticed -----------------------------------------------------------------------


def test_steps_are_counted_alike_on_plan_and_run(open_page, routine, clock):
    """One way of counting on every page: the routine's steps, and with each foot."""
    plan = open_page("plan")
    (caption,) = [c.value for c in plan.caption if "step" in c.value]
    assert caption.endswith("· 3 steps, 4 with each foot")  # breathing, oil, ball (2 feet)
    plan.button(key=f"edit-{routine.id}").click().run()  # into the builder
    assert "3 steps, 4 with each foot" in " ".join(plan.html[i].value
                                                   for i in range(len(plan.html)))
    run = open_page("run")
    run.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    assert any("3 steps, 4 with each foot" in h.value for h in run.html)
    data = countdown(start(open_page, routine))
    assert data["count"] == 3
    assert [s["number"] for s in data["steps"]] == [1, 2, 3, None, 3]  # both feet: step 3


def test_the_stop_question_and_the_log_agree_on_the_time_done(open_page, routine, clock):
    app = start(open_page, routine)
    clock.advance(20.6)
    app.button(key="run-stop").click().run()
    assert any("You have done 21 s" in m for m in shown(app.markdown))
    app.button(key="run-stop-keep").click().run()
    assert figures(app)["Time spent"] == "21 s"
    app.button(key="run-log").click().run()
    assert app_store().sessions.list()[0].actual_seconds == 21


def test_skipped_steps_name_their_foot(open_page, routine, clock):
    app = start(open_page, routine)
    for _ in range(4):  # breathing, oil, the left foot of the ball roll, the switch of feet
        app.button(key="run-skip").click().run()
    app.button(key="run-stop").click().run()
    app.button(key="run-stop-keep").click().run()
    skipped = [c for c in shown(app.caption) if c.startswith("Skipped")]
    assert skipped == ["Skipped: Deep breathing, Oil or lotion, Tennis ball or foot roller "
                       "(left foot)"]  # the pause to switch feet is no step missed


def test_a_run_skipped_through_to_the_end_is_not_called_complete(open_page, routine, clock):
    app = start(open_page, routine)
    for _ in range(5):  # every step and the switch of feet
        clock.advance(1)
        app.button(key="run-skip").click().run()
    assert not any("is complete" in s for s in shown(app.success))
    assert any("You skipped every step of" in i for i in shown(app.info))
    app.button(key="run-log").click().run()
    (session,) = app_store().sessions.list()
    assert not session.completed  # the log and Insights don't count it as a routine done


def test_a_run_ended_with_some_steps_skipped_says_so(open_page, routine, clock):
    app = start(open_page, routine)
    app.button(key="run-skip").click().run()  # breathing
    watch(app, clock, 30 + 120 + 5 + 120 + 5)  # the rest, and a little more
    assert any("with some steps skipped" in s for s in shown(app.success))
    assert not any("is complete" in s for s in shown(app.success))


def test_before_starting_the_steps_are_counted_as_the_run_counts_them(open_page, routine):
    app = open_page("run")
    app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    (steps,) = [e for e in app.expander if e.label.startswith("The ")]
    assert steps.label == "The 3 steps, 4 with each foot; 1 pause to switch feet"
    listed = " ".join(m.value for m in steps.markdown)
    assert "**3.** Tennis ball or foot roller (left foot)" in listed
    assert "**3.** Tennis ball or foot roller (right foot)" in listed
    assert "*switch feet, 5 s*" in listed


def test_the_run_page_remembers_the_chosen_routine(open_page, routine, clock):
    app = open_page("run")
    app.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    app.switch_page(pages.LOG.script).run()
    app.switch_page(pages.RUN.script).run()
    assert app.selectbox(key="run-choice").value == handoff.saved_choice(routine.id)


def test_a_breathing_step_follows_the_pace_from_settings(open_page, routine, clock):
    store = app_store()
    store.settings.save_preferences(Preferences(breathe_in_seconds=5, breathe_out_seconds=8))
    data = countdown(start(open_page, routine))
    assert "in through your nose for 5 seconds, then out slowly for 8" in data["steps"][0]["how"]


# Time away is not time massaged ------------------------------------------------------------


def seen_at(epoch: float) -> str:
    """A moment as the Run page says it (the visitor's browser gives no zone: the server's)."""
    from datetime import datetime

    from planner.kernel import clock as app_clock

    return datetime.fromtimestamp(epoch, app_clock.server_zone()).strftime("%H:%M")


def test_a_run_left_alone_is_credited_only_with_what_was_seen(open_page, routine, clock):
    first = start(open_page, routine)
    began = app_store().runs.active().state(clock.now).started_at
    watch(first, clock, 45)  # breathing done, 15 s into the oil; then the tab is closed
    clock.advance(600)  # the server's clock runs on: the routine would be over by now
    app = open_page("run")
    offer = " ".join(shown(app.markdown))
    assert "finished while you were away" not in offer and "ended at" not in offer
    assert (f"You left **Evening** at {seen_at(began + 45)}, during step 2 of 3: Oil or lotion"
            in offer)
    assert "45 s done up to there" in offer
    app.button(key="run-log-part").click().run()  # "Log up to there"
    assert figures(app)["Time spent"] == "45 s"
    app.button(key="run-log").click().run()
    (session,) = app_store().sessions.list()
    assert session.actual_seconds == 45 and not session.completed
    assert [s.actual_seconds for s in session.steps] == [30, 15, 0, 0]  # no unseen feet
    assert session.ended_at.timestamp() == pytest.approx(began + 45)  # when it really ended


def test_a_run_left_alone_can_resume_from_where_it_was_seen(open_page, routine, clock):
    first = start(open_page, routine)
    watch(first, clock, 45)
    clock.advance(600)
    app = open_page("run")
    app.button(key="run-attach").click().run()  # "Resume from there"
    data = countdown(app)
    assert (data["index"], data["into"], data["paused"]) == (1, 15, False)
    clock.advance(5)
    app.run()
    assert (countdown(app)["index"], countdown(app)["into"]) == (1, 20)


def test_the_window_that_was_following_it_is_asked_too(open_page, routine, clock):
    """The computer slept with the page open: on waking, the same page asks first."""
    app = start(open_page, routine)
    watch(app, clock, 20)
    clock.advance(900)
    app.run()
    assert any("You left **Evening** at" in m and "during step 1 of 3" in m
               for m in shown(app.markdown))
    assert not app.get("bidi_component")  # no countdown racing on meanwhile


def test_a_reloaded_paused_run_resumes_in_one_press(open_page, routine, clock):
    app = start(open_page, routine)
    watch(app, clock, 10)
    app.button(key="run-pause").click().run()
    clock.advance(300)
    reloaded = open_page("run")  # a reload is a new session
    reloaded.button(key="run-attach").click().run()  # "Resume", once
    data = countdown(reloaded)
    assert (data["index"], data["into"], data["paused"]) == (0, 10, False)
    assert [b.key for b in reloaded.button if b.key == "run-pause"] == ["run-pause"]
