"""Routines: expansion into a timed plan, totals, supplies, formatting, validation, reordering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from planner.catalog.model import Catalog, load_catalog
from planner.kernel.errors import Problem
from planner.kernel.limits import NAME_MAX_LENGTH, SWITCH_PAUSE
from planner.routines.model import (
    SWITCH_STEP_ID,
    Routine,
    RoutineStep,
    check_steps,
    clean_name,
    moved,
    routine_from_preset,
    step_seconds,
    supplies,
    timed_steps,
    total_seconds,
)

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

CATALOG = load_catalog()



def routine(*steps: tuple[str, int], pause: int = 5, name: str = "Test") -> Routine:
    return Routine(
        name=name,
        steps=tuple(RoutineStep(technique=t, seconds=s) for t, s in steps),
        switch_pause_seconds=pause,
    )


# ---------------------------------------------------------------- expansion


def test_per_foot_step_becomes_left_switch_right(catalog: Catalog) -> None:
    plan = timed_steps(routine(("ball_roll", 120), pause=7), catalog)
    assert [(p.technique, p.foot, p.seconds) for p in plan] == [
        ("ball_roll", "left", 120),
        (SWITCH_STEP_ID, "both", 7),
        ("ball_roll", "right", 120),
    ]
    assert [p.is_switch for p in plan] == [False, True, False]
    assert plan[1].name == "Switch feet"
    assert plan[0].name == plan[2].name == catalog.technique("ball_roll").name


def test_no_switch_step_when_pause_is_zero(catalog: Catalog) -> None:
    plan = timed_steps(routine(("ball_roll", 120), pause=0), catalog)
    assert [(p.technique, p.foot) for p in plan] == [("ball_roll", "left"), ("ball_roll", "right")]
    assert not any(p.is_switch for p in plan)


def test_non_per_foot_step_stays_one_step(catalog: Catalog) -> None:
    plan = timed_steps(routine(("breathing", 90)), catalog)
    assert len(plan) == 1
    assert (plan[0].technique, plan[0].foot, plan[0].seconds) == ("breathing", "both", 90)
    assert plan[0].name == "Deep breathing"
    assert not plan[0].is_switch


def test_per_foot_steps_become_left_switch_right_in_routine_order(catalog: Catalog) -> None:
    plan = timed_steps(
        routine(("breathing", 60), ("toe_stretch", 30), ("towel_wrap", 120), ("press_lr3", 60)),
        catalog,
    )
    assert [(p.technique, p.foot) for p in plan] == [
        ("breathing", "both"),
        ("toe_stretch", "left"),
        (SWITCH_STEP_ID, "both"),
        ("toe_stretch", "right"),
        ("towel_wrap", "both"),
        ("press_lr3", "left"),
        (SWITCH_STEP_ID, "both"),
        ("press_lr3", "right"),
    ]
    assert plan[2].is_switch and plan[2].how_to  # the pause says what to do


def test_empty_routine_expands_to_nothing(catalog: Catalog) -> None:
    assert timed_steps(routine(), catalog) == ()
    assert total_seconds(routine(), catalog) == 0
    assert supplies(routine(), catalog) == []


# ---------------------------------------------------------------- totals


def test_total_seconds_hand_computed(catalog: Catalog) -> None:
    r = routine(("breathing", 60), ("ball_roll", 120), ("towel_wrap", 120), pause=5)
    # 60 + (120 + 5 + 120) + 120
    assert total_seconds(r, catalog) == 425
    assert total_seconds(r.model_copy(update={"switch_pause_seconds": 0}), catalog) == 420
    two_per_foot = routine(("toe_stretch", 30), ("ankle_circles", 45), pause=10)
    # (30 + 10 + 30) + (45 + 10 + 45)
    assert total_seconds(two_per_foot, catalog) == 170


def test_step_seconds_hand_computed(catalog: Catalog) -> None:
    r = routine(("breathing", 60), ("ball_roll", 120), pause=5)
    assert step_seconds(r.steps[0], r, catalog) == 60
    assert step_seconds(r.steps[1], r, catalog) == 245
    no_pause = r.model_copy(update={"switch_pause_seconds": 0})
    assert step_seconds(no_pause.steps[1], no_pause, catalog) == 240


# ---------------------------------------------------------------- supplies


def test_supplies_in_first_needed_order_without_duplicates(catalog: Catalog) -> None:
    r = routine(
        ("breathing", 60), ("soak", 300), ("oil", 60), ("ball_roll", 120), ("soak", 300),
        ("oil", 60), ("towel_wrap", 120),
    )
    assert supplies(r, catalog) == [  # one towel serves the soak and the wrap
        "Basin of warm water", "Towel", "Massage oil or lotion", "Tennis ball or foot roller",
    ]


def test_supplies_empty_when_nothing_needed(catalog: Catalog) -> None:
    assert supplies(routine(("breathing", 60), ("toe_stretch", 30)), catalog) == []


# ---------------------------------------------------------------- names


def problem_field(callable_, *args, **kwargs) -> Problem:
    with pytest.raises(Problem) as err:
        callable_(*args, **kwargs)
    return err.value


@pytest.mark.parametrize("raw", ["", "   ", "\t\n ", "\u3000", None])
def test_empty_name_refused(raw) -> None:
    problem = problem_field(clean_name, raw)
    assert problem.field == "name"
    assert problem.message


def test_name_length_limit() -> None:
    assert NAME_MAX_LENGTH == 60
    assert clean_name("a" * 60) == "a" * 60
    problem = problem_field(clean_name, "a" * 61)
    assert problem.field == "name"
    assert "60" in problem.message
    # surrounding whitespace does not count
    assert clean_name("  " + "a" * 60 + "  ") == "a" * 60


@pytest.mark.parametrize(
    "raw", ["<script>alert(1)</script>", "a < b", "b > a", "\uff1cscript\uff1e"],
)
def test_angle_brackets_refused(raw: str) -> None:
    assert problem_field(clean_name, raw).field == "name"


@pytest.mark.parametrize("raw", ["bad\x00name", "bell\x07", "esc\x1b[31m", "del\x7f", "c1\x9b"])
def test_control_characters_refused(raw: str) -> None:
    assert problem_field(clean_name, raw).field == "name"


@pytest.mark.parametrize("raw", ["Evening\u200bCalm", "x\u202eevil", "\ufeffCalm",
                                 "wind\u00addown", "a\u2066b\u2069"])
def test_invisible_characters_that_hide_or_reorder_a_name_are_refused(raw: str) -> None:
    # "Evening\u200bCalm" would sit beside "EveningCalm" looking the same; "x\u202eevil" shows
    # as "xlive".
    problem = problem_field(clean_name, raw)
    assert problem.field == "name" and "invisible" in problem.message


def test_joiners_that_build_emoji_and_words_stay_allowed() -> None:
    assert clean_name("Family \U0001f468\u200d\U0001f469\u200d\U0001f467 time") == (
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 time")
    assert clean_name("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")  # Persian, with a ZWNJ


def test_a_routine_saved_with_such_a_name_before_the_check_still_opens() -> None:
    assert Routine(name="Evening\u200bCalm").name == "Evening\u200bCalm"


def test_duplicates_are_case_and_whitespace_insensitive() -> None:
    problem = problem_field(clean_name, "evening calm", taken=["Evening  calm"])
    assert problem.field == "name"
    assert "evening calm" in problem.message
    assert problem_field(clean_name, "  EVENING\tCALM ", taken=["evening calm"]).field == "name"
    assert problem_field(clean_name, "Ｅｖｅｎｉｎｇ calm", taken=["evening calm"]).field == "name"
    assert clean_name("Evening calm", taken=["Morning calm", "Evening"]) == "Evening calm"


def test_name_tidied_with_nfkc_and_single_spaces() -> None:
    assert clean_name("  Evening   calm  ") == "Evening calm"
    assert clean_name("Evening\t\ncalm") == "Evening calm"
    assert clean_name("Evening\u00a0calm") == "Evening calm"
    assert clean_name("Ｅｖｅｎｉｎｇ") == "Evening"
    assert clean_name("\ufb01ve minutes") == "five minutes"  # the "fi" ligature
    assert clean_name("Café au lait") == "Café au lait"
    assert clean_name("Cafe\u0301") == "Caf\u00e9"  # combining accent composed


def test_ordinary_punctuation_allowed() -> None:
    name = "Mum's 10-min wind-down (v2): feet & calves!"
    assert clean_name(name) == name


# ---------------------------------------------------------------- checking steps


def test_check_steps_empty_routine(catalog: Catalog) -> None:
    problem = problem_field(check_steps, routine(), catalog)
    assert problem.field == "steps"


def test_check_steps_below_minimum(catalog: Catalog) -> None:
    r = routine(("breathing", 60), ("ball_roll", 60))  # ball roll needs 120..180 per foot
    problem = problem_field(check_steps, r, catalog)
    assert problem.field == "step-1"
    assert catalog.technique("ball_roll").name in problem.message
    assert "per foot" in problem.message


def test_check_steps_above_maximum(catalog: Catalog) -> None:
    r = routine(("breathing", 601), ("ball_roll", 120))
    problem = problem_field(check_steps, r, catalog)
    assert problem.field == "step-0"
    assert "Deep breathing" in problem.message
    assert "per foot" not in problem.message


def test_check_steps_reports_first_bad_step(catalog: Catalog) -> None:
    r = routine(("breathing", 60), ("soak", 100), ("towel_wrap", 1))
    assert problem_field(check_steps, r, catalog).field == "step-1"


def test_check_steps_bounds_are_inclusive(catalog: Catalog) -> None:
    for technique in catalog.techniques:
        for seconds in (technique.min_seconds, technique.default_seconds, technique.max_seconds):
            check_steps(routine((technique.id, seconds)), catalog)


def test_a_routine_has_at_most_forty_steps(catalog: Catalog) -> None:
    check_steps(routine(*[("breathing", 60)] * 40), catalog)
    with pytest.raises(ValidationError, match="at most 40"):
        routine(*[("breathing", 60)] * 41)  # the model itself, whoever builds it


@pytest.mark.parametrize("raw", ["a" * 61, "bad\x00name", "esc\x1b[31m"])
def test_a_routine_cannot_even_be_built_with_a_name_it_could_never_have(raw: str) -> None:
    with pytest.raises(ValidationError, match="60 characters or fewer|control characters"):
        routine(name=raw)


def test_a_routines_name_is_tidied_and_may_be_empty_while_it_is_built() -> None:
    assert routine(name="  Evening \t calm ").name == "Evening calm"
    assert routine(name="").name == ""  # saving asks for one (ready_to_save)


# ---------------------------------------------------------------- moving steps


def test_moved() -> None:
    items = ["a", "b", "c", "d"]
    assert moved(items, 0, 1) == ["b", "a", "c", "d"]
    assert moved(items, 3, -1) == ["a", "b", "d", "c"]
    assert moved(items, 1, 2) == ["a", "c", "d", "b"]
    assert moved(items, 0, -1) == items  # clamped at the top
    assert moved(items, 3, 1) == items  # clamped at the bottom
    assert moved(items, 2, -10) == ["c", "a", "b", "d"]
    assert moved(items, 0, 10) == ["b", "c", "d", "a"]
    assert items == ["a", "b", "c", "d"]  # the input is not changed
    assert moved(("x", "y"), 0, 1) == ["y", "x"]


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset_id", [p.id for p in CATALOG.presets])
def test_routine_from_preset(catalog: Catalog, preset_id: str) -> None:
    preset = catalog.preset(preset_id)
    r = routine_from_preset(preset)
    assert r.id is None
    assert r.name == preset.name
    assert r.switch_pause_seconds == preset.switch_pause_seconds
    assert [(s.technique, s.seconds) for s in r.steps] == [
        (s.technique, s.seconds) for s in preset.steps
    ]
    check_steps(r, catalog)
    assert clean_name(r.name) == r.name


def test_quick_reset_total(catalog: Catalog) -> None:
    r = routine_from_preset(catalog.preset("quick_reset"))
    assert total_seconds(r, catalog) == 60 + 120 + 5 + 120
    assert supplies(r, catalog) == ["Tennis ball or foot roller"]


# ---------------------------------------------------------------- properties


@st.composite
def routines(draw) -> Routine:
    techniques = draw(st.lists(st.sampled_from(CATALOG.techniques), max_size=12))
    steps = tuple(
        RoutineStep(technique=t.id, seconds=draw(st.integers(t.min_seconds, t.max_seconds)))
        for t in techniques
    )
    pause = draw(st.integers(SWITCH_PAUSE.low, SWITCH_PAUSE.high))
    return Routine(name="Property", steps=steps, switch_pause_seconds=pause)


@settings(max_examples=200)
@given(routines())
def test_total_is_sum_of_step_seconds(r: Routine) -> None:
    assert total_seconds(r, CATALOG) == sum(step_seconds(s, r, CATALOG) for s in r.steps)


@settings(max_examples=200)
@given(routines())
def test_expansion_length_and_positive_seconds(r: Routine) -> None:
    per_foot = sum(CATALOG.technique(s.technique).per_foot for s in r.steps)
    whole = len(r.steps) - per_foot
    plan = timed_steps(r, CATALOG)
    assert len(plan) == whole + per_foot * (3 if r.switch_pause_seconds else 2)
    assert all(p.seconds > 0 for p in plan)
    if r.steps:
        check_steps(r, CATALOG)


@given(st.lists(st.integers(), min_size=1, max_size=20), st.data())
def test_moved_is_a_permutation(items: list[int], data) -> None:
    index = data.draw(st.integers(0, len(items) - 1))
    offset = data.draw(st.integers(-25, 25))
    result = moved(items, index, offset)
    assert sorted(result) == sorted(items)
    assert moved(items, index, 0) == items
    target = min(max(index + offset, 0), len(items) - 1)
    assert result[target] == items[index]


def test_steps_are_counted_one_way_with_each_foot_said_when_it_matters():
    from planner.routines.model import steps_in_words

    assert steps_in_words(4, 4) == "4 steps"
    assert steps_in_words(4, 6) == "4 steps, 6 with each foot"
    assert steps_in_words(1, 2) == "1 step, 2 with each foot"
