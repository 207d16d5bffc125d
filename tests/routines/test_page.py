"""The routine builder: build, save, edit, delete, and the messages for bad input."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from planner.catalog.model import load_catalog
from planner.kernel import limits
from planner.routines.model import Routine, RoutineStep, routine_from_preset, total_seconds
from planner.routines.repo import RoutineRepo
from planner.settings.model import HealthProfile
from planner.ui import handoff, pages
from tests.conftest import ROOT
from tests.helpers import app_store, figures, shown

CATALOG = load_catalog()


def add_step(app, technique_id: str):
    app.selectbox(key="draft-add-technique").set_value(technique_id).run()
    return app.button(key="add-step").click().run()


def step_inputs(app):
    """The time fields of the steps, top to bottom (they take 2:30, 150 or 2.5 min)."""
    return [n for n in app.text_input if n.key and n.key.startswith("draft-seconds-")]


def step_titles(app) -> list[str]:
    """The numbered step headings, as the person reads them top to bottom."""
    found = (re.match(r"^\*\*\d+\. (.+?)\*\*", m.value) for m in app.markdown)
    return [m.group(1) for m in found if m]


def saved(app) -> list[Routine]:
    return app_store().routines.list()


def errors(app) -> str:
    return " | ".join(e for e in shown(app.error))


def test_build_and_save_a_routine_with_per_foot_steps_and_total(open_page):
    app = open_page("plan")
    add_step(app, "breathing")
    add_step(app, "ball_roll")
    inputs = step_inputs(app)
    assert [n.value for n in inputs] == ["1:00", "2:00"]  # the techniques' default times
    assert any("left foot, then" in c for c in shown(app.caption))

    inputs[1].set_value("2:30").run()
    # 60 s breathing + 150 s left + 5 s switch + 150 s right
    assert figures(app)["Total time"] == "6 min 5 s"
    assert any("Supplies" in m and "Tennis ball or foot roller" in m
               for m in shown(app.markdown))

    app.text_input(key="draft-name").set_value("Morning roll").run()
    app.button(key="save").click().run()
    assert not app.exception
    routines = saved(app)
    assert [r.name for r in routines] == ["Morning roll"]
    assert routines[0].steps == (RoutineStep(technique="breathing", seconds=60),
                                 RoutineStep(technique="ball_roll", seconds=150))
    assert any("Saved" in i for i in shown(app.info))
    assert app.button(key="save").label == "Save changes"


def test_reorder_duplicate_and_remove_steps(open_page):
    app = open_page("plan")
    for technique in ("breathing", "oil", "towel_wrap"):
        add_step(app, technique)
    uids = [n.key.removeprefix("draft-seconds-") for n in step_inputs(app)]

    app.button(key=f"up-{uids[2]}").click().run()  # towel wrap before oil
    app.button(key=f"dup-{uids[0]}").click().run()  # breathing twice
    app.button(key=f"remove-{uids[1]}").click().run()  # no more oil
    assert step_titles(app) == [
        "Deep breathing", "Deep breathing", "Warm towel wrap"
    ]


def test_edit_rename_and_delete_a_saved_routine(open_page):
    store = app_store()
    routine = store.routines.save(Routine(name="Evening", steps=(RoutineStep(technique="soak",
                                                                     seconds=300),)))
    app = open_page("plan")
    app.button(key=f"edit-{routine.id}").click().run()
    assert app.text_input(key="draft-name").value == "Evening"
    step_inputs(app)[0].set_value("7 min").run()
    app.text_input(key="draft-name").set_value("Evening soak").run()
    app.button(key="save").click().run()
    (edited,) = saved(app)
    assert (edited.id, edited.name, edited.steps[0].seconds) == (routine.id, "Evening soak", 420)

    app.button(key=f"duplicate-{routine.id}").click().run()
    assert sorted(r.name for r in saved(app)) == ["Evening soak", "Evening soak (copy)"]

    app.button(key=f"delete-{routine.id}").click().run()
    assert any("can't be undone" in w for w in shown(app.warning))
    assert len(saved(app)) == 2  # nothing deleted before confirming
    app.button(key=f"confirm-delete-{routine.id}").click().run()
    assert [r.name for r in saved(app)] == ["Evening soak (copy)"]


def test_cancel_delete_keeps_the_routine(open_page):
    routine = app_store().routines.save(
        Routine(name="Keep me", steps=(RoutineStep(technique="oil", seconds=60),)))
    app = open_page("plan")
    app.button(key=f"delete-{routine.id}").click().run()
    app.button(key=f"cancel-delete-{routine.id}").click().run()
    assert [r.name for r in saved(app)] == ["Keep me"]


def test_bad_input_gets_a_message_and_nothing_is_saved(open_page):
    app = open_page("plan")
    app.button(key="save").click().run()
    assert "Give the routine a name" in errors(app)

    app.text_input(key="draft-name").set_value("Empty").run()
    app.button(key="save").click().run()
    assert "Add at least one step" in errors(app)

    add_step(app, "press_ki1")
    step_inputs(app)[0].set_value("600").run()
    assert "Kidney 1" in errors(app) and "Set a time in that range" in errors(app)
    app.button(key="save").click().run()
    assert "Not saved" in errors(app)

    step_inputs(app)[0].set_value("0:45").run()
    app.text_input(key="draft-name").set_value("<script>alert('x')</script>").run()
    app.button(key="save").click().run()
    assert "can't contain < or >" in errors(app)

    assert app.text_input(key="draft-name").max_chars == limits.NAME_MAX_LENGTH
    app.text_input(key="draft-name").set_value("tab\x00").run()  # pasted, say
    app.button(key="save").click().run()
    assert "can't contain control characters" in errors(app)
    assert saved(app) == []


def test_duplicate_name_is_refused(open_page):
    app_store().routines.save(
        Routine(name="Sunday calm", steps=(RoutineStep(technique="oil", seconds=60),)))
    app = open_page("plan")
    add_step(app, "breathing")
    app.text_input(key="draft-name").set_value("  sunday   CALM ").run()
    app.button(key="save").click().run()
    assert "already have a routine called" in errors(app)
    assert len(saved(app)) == 1


def test_presets_load_into_the_builder_with_their_total(open_page):
    app = open_page("plan")
    app.button(key="preset-quick_reset").click().run()
    preset = routine_from_preset(CATALOG.preset("quick_reset"))
    assert app.text_input(key="draft-name").value == "Quick reset"
    assert len(step_inputs(app)) == len(preset.steps)
    minutes, seconds = divmod(total_seconds(preset, CATALOG), 60)
    assert figures(app)["Total time"] == (f"{minutes} min {seconds} s" if seconds
                                          else f"{minutes} min")


def test_pregnancy_requires_confirmation_before_firm_point_pressure(open_page):
    app_store().settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    app = open_page("plan")
    app.selectbox(key="draft-add-technique").set_value("press_sp6").run()
    assert app.button(key="add-step").disabled
    assert "Not advised with your health profile" in errors(app)

    app.checkbox(key="draft-add-confirm").check().run()
    app.button(key="add-step").click().run()
    assert len(step_inputs(app)) == 1
    assert any("Not advised" in e for e in shown(app.error))  # the step stays marked


def test_pregnancy_leaves_pressure_points_out_of_a_loaded_preset(open_page):
    app_store().settings.save_profile(HealthProfile(conditions=frozenset({"pregnancy"})))
    app = open_page("plan")
    app.button(key="preset-bedtime_wind_down").click().run()
    bedtime = CATALOG.preset("bedtime_wind_down")
    firm = {"press_ki1", "press_lr3", "press_sp6"}
    assert {s.technique for s in bedtime.steps} & firm, "the preset should contain a point press"
    assert any("Left out because of your health profile" in i for i in shown(app.info))
    titles = " ".join(step_titles(app))
    assert titles and not any(p in titles for p in ("Kidney 1", "Liver 3", "Spleen 6"))


def test_run_from_the_list_opens_the_run_page_with_that_routine(open_page):
    routine = app_store().routines.save(
        Routine(name="Straight to it", steps=(RoutineStep(technique="oil", seconds=60),)))
    app = open_page("plan")
    app.button(key=f"run-{routine.id}").click().run()
    assert app.title[0].value == "Run a routine"
    assert app.selectbox(key="run-choice").value == handoff.saved_choice(routine.id)


def test_a_locked_database_gets_a_plain_message_and_keeps_the_draft(open_page, monkeypatch):
    from planner.kernel.errors import StoreError

    def locked(self, routine):
        raise StoreError("The database is busy with another window or program. Nothing was "
                         "changed; try again in a moment.")

    app = open_page("plan")
    add_step(app, "oil")
    app.text_input(key="draft-name").set_value("Locked out").run()
    with monkeypatch.context() as patched:  # only this; the test's database stays set
        patched.setattr(RoutineRepo, "save", locked)
        app.button(key="save").click().run()
    assert "busy with another window" in errors(app)
    assert step_titles(app) == ["Oil or lotion"]  # nothing lost on screen
    assert saved(app) == []


# In two windows ---------------------------------------------------------------------------



def test_two_windows_editing_one_routine_cannot_both_save(open_page):
    routine = app_store().routines.save(Routine(name="Evening", steps=(
        RoutineStep(technique="soak", seconds=300),)))
    first, second = open_page("plan"), open_page("plan")
    for app in (first, second):
        app.button(key=f"edit-{routine.id}").click().run()
    step_inputs(first)[0].set_value("7:00").run()
    first.button(key="save").click().run()
    step_inputs(second)[0].set_value("8:00").run()
    second.button(key="save").click().run()
    assert any("changed in another window: reload to see it" in e for e in shown(second.error))
    assert not any("Saved" in i for i in shown(second.info))
    assert app_store().routines.get(routine.id).steps[0].seconds == 420


def test_a_duplicate_name_error_shows_the_name_as_typed(open_page):
    app_store().routines.save(Routine(name="Sunday *calm* :smile:", steps=(
        RoutineStep(technique="oil", seconds=60),)))
    app = open_page("plan")
    app.selectbox(key="draft-add-technique").set_value("oil").run()
    app.button(key="add-step").click().run()
    app.text_input(key="draft-name").set_value("sunday *CALM* :smile:").run()
    app.button(key="save").click().run()
    (error,) = [e.value for e in app.error if "already have" in e.value]
    assert "sunday \\*CALM\\* \\:\u2060smile\\:" in error


# What a newcomer noticed -----------------------------------------------------------------------


def test_an_unsaved_routine_survives_a_visit_to_another_page(open_page):
    app = open_page("plan")
    add_step(app, "ball_roll")
    step_inputs(app)[0].set_value("2:45").run()
    app.text_input(key="draft-name").set_value("Half built").run()
    app.switch_page(pages.LIBRARY.script).run()
    app.switch_page(pages.PLAN.script).run()
    assert app.text_input(key="draft-name").value == "Half built"
    assert [n.value for n in step_inputs(app)] == ["2:45"]
    assert step_titles(app) == ["Tennis ball or foot roller"]


def test_a_preset_asks_before_replacing_unsaved_changes(open_page):
    app = open_page("plan")
    add_step(app, "oil")
    app.text_input(key="draft-name").set_value("Mine").run()
    app.button(key="preset-quick_reset").click().run()
    assert any("unsaved changes to “Mine”" in w for w in shown(app.warning))
    assert app.text_input(key="draft-name").value == "Mine"  # nothing replaced yet
    app.button(key="draft-keep").click().run()
    assert step_titles(app) == ["Oil or lotion"]
    app.button(key="preset-quick_reset").click().run()
    app.button(key="draft-replace").click().run()
    assert app.text_input(key="draft-name").value == "Quick reset"


def test_an_untouched_preset_is_replaced_without_asking(open_page):
    app = open_page("plan")
    app.button(key="preset-quick_reset").click().run()
    app.button(key="preset-bedtime_wind_down").click().run()
    assert app.text_input(key="draft-name").value == "Bedtime wind-down"
    assert not app.warning


@pytest.mark.parametrize(("typed", "seconds"), [("2:30", 150), ("150", 150), ("2.5 min", 150),
                                                ("2m 30s", 150)])
def test_step_times_can_be_typed_as_minutes_and_seconds(open_page, typed, seconds):
    app = open_page("plan")
    add_step(app, "ball_roll")
    step_inputs(app)[0].set_value(typed).run()
    app.text_input(key="draft-name").set_value("Timed").run()
    app.button(key="save").click().run()
    assert saved(app)[0].steps[0].seconds == seconds


def test_a_time_that_is_not_a_time_is_named_and_nothing_saved(open_page):
    app = open_page("plan")
    add_step(app, "ball_roll")
    step_inputs(app)[0].set_value("two minutes").run()
    assert "isn't a time yet" in errors(app)
    app.text_input(key="draft-name").set_value("Never").run()
    app.button(key="save").click().run()
    assert "Not saved" in errors(app) and saved(app) == []


@pytest.mark.parametrize("typed", ["61:00", "3601", "100 min"])
def test_a_time_longer_than_any_step_is_named_and_the_page_stays(open_page, typed):
    app = open_page("plan")
    add_step(app, "ball_roll")
    step_inputs(app)[0].set_value(typed).run()
    assert not app.exception
    assert "Tennis ball" in errors(app) and "Set a time in that range" in errors(app)
    assert "Total time" in figures(app)  # the summary is still drawn, and the save button
    assert any("this total is not yet the routine's" in c.value for c in app.caption)
    assert app.button(key="save")
    app.text_input(key="draft-name").set_value("Too long").run()
    app.button(key="save").click().run()
    assert "Not saved" in errors(app) and saved(app) == []


@pytest.mark.parametrize("pause", [31, -1])
def test_a_pause_out_of_range_is_named_and_nothing_saved(open_page, pause):
    # The box has no bounds of its own (planner.ui.kit.numbers): what is typed reaches the server.
    app = open_page("plan")
    add_step(app, "ball_roll")
    app.text_input(key="draft-name").set_value("Paused").run()
    app.number_input(key="draft-switch-pause").set_value(pause).run()
    assert not app.exception
    assert "pause to switch feet can be 0 to 30 seconds" in errors(app)
    assert any("this total is not yet the routine's" in c.value for c in app.caption)
    app.button(key="save").click().run()
    assert "Not saved" in errors(app) and saved(app) == []
    app.number_input(key="draft-switch-pause").set_value(12).run()
    app.button(key="save").click().run()
    assert [r.switch_pause_seconds for r in saved(app)] == [12]


def test_a_wrong_pause_stays_in_view_after_its_per_foot_step_is_removed(open_page):
    app = open_page("plan")
    add_step(app, "ball_roll")
    app.text_input(key="draft-name").set_value("Paused").run()
    app.number_input(key="draft-switch-pause").set_value(45).run()
    app.button(key="remove-" + step_inputs(app)[0].key.removeprefix("draft-seconds-")
               ).click().run()
    add_step(app, "breathing")  # no per-foot step left, but saving needs the pause fixed
    assert app.number_input(key="draft-switch-pause").value == 45
    assert "pause to switch feet can be 0 to 30 seconds" in errors(app)
    app.button(key="save").click().run()
    assert "Not saved" in errors(app) and saved(app) == []


def test_each_step_time_field_names_its_step(open_page):
    app = open_page("plan")
    add_step(app, "breathing")
    add_step(app, "ball_roll")
    assert [n.label for n in step_inputs(app)] == ["Step 1 time", "Step 2, per foot"]


def test_an_unsaved_routine_survives_a_reload_of_the_tab(open_page, database_url):
    """A reload is a new session: the page's address carries the draft, and only then."""
    app = open_page("plan")
    assert "draft" not in app.query_params  # nothing to keep yet
    add_step(app, "ball_roll")
    step_inputs(app)[0].set_value("2:45").run()
    app.text_input(key="draft-name").set_value("Half built").run()
    link = app.query_params["draft"]
    link = link[0] if isinstance(link, list) else link

    reloaded = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    reloaded.query_params["draft"] = link
    reloaded.run()
    reloaded.switch_page(pages.PLAN.script).run()
    assert reloaded.text_input(key="draft-name").value == "Half built"
    assert [n.value for n in step_inputs(reloaded)] == ["2:45"]

    reloaded.button(key="save").click().run()  # saved: nothing left to keep in the address
    assert [r.name for r in saved(reloaded)] == ["Half built"]
    assert "draft" not in reloaded.query_params


def test_a_made_up_draft_link_opens_an_empty_builder(open_page):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    app.query_params["draft"] = "eJyLrlYqSk1RslIqLkksKS0uUa"  # damaged
    app.run()
    app.switch_page(pages.PLAN.script).run()
    assert not app.exception
    assert app.text_input(key="draft-name").value == "" and step_inputs(app) == []
