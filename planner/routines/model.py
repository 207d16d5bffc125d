"""Routines: named lists of steps, their expansion into a timed plan, totals and validation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from planner.catalog.model import Catalog, Preset, Technique
from planner.journal.model import Foot, StepName
from planner.kernel import limits
from planner.kernel.checks import NameSoFar, name_field, tidy_name, validated_value
from planner.kernel.errors import Problem
from planner.kernel.formatting import format_total

SWITCH_STEP_ID = "switch_feet"


class RoutineStep(BaseModel):
    """One step of a saved routine; for a per-foot technique ``seconds`` is each foot's time."""

    model_config = ConfigDict(frozen=True)

    technique: str
    seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)


class Routine(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    name: NameSoFar  # saving needs one (``ready_to_save``)
    steps: tuple[RoutineStep, ...] = Field(default=(), max_length=limits.MAX_STEPS)
    switch_pause_seconds: int = Field(default=limits.SWITCH_PAUSE_DEFAULT,
                                      ge=limits.SWITCH_PAUSE.low, le=limits.SWITCH_PAUSE.high)
    version: int | None = None  # as stored; a save must match it (optimistic concurrency)


class TimedStep(BaseModel):
    """A step as it is followed and timed: a per-foot step becomes left, switch feet, right.
    A run keeps its own copy of these (stored as JSON), enough to show it even if the routine
    or the catalog changes later."""

    model_config = ConfigDict(frozen=True)

    technique: str  # technique id, or SWITCH_STEP_ID for the pause between feet
    name: StepName  # what the session it becomes will call the step
    foot: Foot
    seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)
    how_to: tuple[str, ...] = ()
    is_switch: bool = False
    is_breathing: bool = False


SWITCH_HOW_TO = ("Rest the first foot and get comfortable with the other.",)


def timed_steps(routine: Routine, catalog: Catalog) -> tuple[TimedStep, ...]:
    """The routine as it will be followed, step by timed step."""
    plan: list[TimedStep] = []
    for step in routine.steps:
        technique = catalog.technique(step.technique)

        def timed(foot: Foot, technique: Technique = technique, seconds: int = step.seconds):
            return TimedStep(technique=technique.id, name=technique.name, foot=foot,
                             seconds=seconds, how_to=tuple(technique.how_to),
                             is_breathing=technique.is_breathing)

        if not technique.per_foot:
            plan.append(timed("both"))
            continue
        plan.append(timed("left"))
        if routine.switch_pause_seconds:
            plan.append(TimedStep(technique=SWITCH_STEP_ID, name="Switch feet", foot="both",
                                  seconds=routine.switch_pause_seconds, how_to=SWITCH_HOW_TO,
                                  is_switch=True))
        plan.append(timed("right"))
    return tuple(plan)


def followed_steps(routine: Routine, catalog: Catalog) -> list[TimedStep]:
    """The steps as followed one after another: each foot in turn; the pause to switch feet
    is not a step."""
    return [step for step in timed_steps(routine, catalog) if not step.is_switch]


def steps_in_words(steps: int, followed: int) -> str:
    """The one way every page counts steps: a routine's steps as built ("4 steps"), and,
    when some are done on each foot in turn, how many that makes ("4 steps, 6 with each
    foot")."""
    words = f"{steps} step{'s' if steps != 1 else ''}"
    return words if followed == steps else f"{words}, {followed} with each foot"


def step_count(routine: Routine, catalog: Catalog) -> str:
    """``steps_in_words`` for a routine."""
    return steps_in_words(len(routine.steps), len(followed_steps(routine, catalog)))


def total_seconds(routine: Routine, catalog: Catalog) -> int:
    return sum(p.seconds for p in timed_steps(routine, catalog))


def step_seconds(step: RoutineStep, routine: Routine, catalog: Catalog) -> int:
    """What one step costs in the routine, both feet and the switch pause included."""
    if not catalog.technique(step.technique).per_foot:
        return step.seconds
    return 2 * step.seconds + routine.switch_pause_seconds


def supplies(routine: Routine, catalog: Catalog) -> list[str]:
    """Equipment to fetch, in the order the routine first needs it."""
    needed: dict[str, None] = {}
    for step in routine.steps:
        for item in catalog.technique(step.technique).equipment:
            needed.setdefault(item, None)
    return list(needed)


def routine_from_preset(preset: Preset) -> Routine:
    return Routine(
        name=preset.name,
        steps=tuple(RoutineStep(technique=s.technique, seconds=s.seconds) for s in preset.steps),
        switch_pause_seconds=preset.switch_pause_seconds,
    )


def name_key(name: str) -> str:
    """The form two names are compared in: "Evening  Calm" and "evening calm" are the same."""
    return tidy_name(name).casefold()


ROUTINE_NAME = name_field("Give the routine a name.")


def clean_name(raw: str, taken: Iterable[str] = ()) -> str:
    """Validate a routine name; return it tidied or raise ``Problem`` for the "name" field."""
    if any(ch in "<>" for ch in tidy_name(raw)):
        raise Problem("name", "Names can't contain < or > or control characters. "
                              "Plain words, numbers and punctuation work.")
    name = validated_value(ROUTINE_NAME, raw, "name")
    if name_key(name) in {name_key(t) for t in taken}:
        raise Problem("name", f"You already have a routine called “{name}”. Pick another name.")
    return name


def check_steps(routine: Routine, catalog: Catalog) -> None:
    """Raise ``Problem`` for the first step a person must fix (field ``step-<index>``)."""
    if not routine.steps:  # (more than limits.MAX_STEPS can't be a Routine at all)
        raise Problem("steps", "Add at least one step before saving.")
    for index, step in enumerate(routine.steps):
        try:
            technique = catalog.technique(step.technique)
        except KeyError:
            raise Problem(f"step-{index}", f"Step {index + 1} uses a technique that is no "
                                           "longer in the library; remove it.") from None
        if (problem := duration_problem(technique, step.seconds)) is not None:
            raise Problem(f"step-{index}", problem)
    if routine.switch_pause_seconds not in limits.SWITCH_PAUSE:
        raise Problem("switch_pause", pause_problem())


def duration_problem(technique: Technique, seconds: int) -> str | None:
    """What is wrong with ``seconds`` as a time for ``technique``, or None if it fits."""
    low, high = technique.min_seconds, technique.max_seconds
    if low <= seconds <= high:
        return None
    per = " per foot" if technique.per_foot else ""
    return (f"{technique.name} takes {format_total(low)} to {format_total(high)}{per}; "
            f"{format_total(seconds)} is outside that. Set a time in that range.")


def pause_problem() -> str:
    return (f"The pause to switch feet can be {limits.SWITCH_PAUSE.low} to "
            f"{limits.SWITCH_PAUSE.high} seconds.")


def moved(items: Sequence, index: int, offset: int) -> list:
    """A copy of ``items`` with one item moved by ``offset`` places (clamped at the ends)."""
    result = list(items)
    target = min(max(index + offset, 0), len(result) - 1)
    result.insert(target, result.pop(index))
    return result


def ready_to_save(routine: Routine, catalog: Catalog, taken: Iterable[str]) -> Routine:
    """The routine with its name tidied, or ``Problem`` for what a person must fix first.

    ``taken`` are the names of the person's other routines.
    """
    name = clean_name(routine.name, taken=taken)
    check_steps(routine, catalog)
    return routine.model_copy(update={"name": name})


COPY_ROOM = 14  # " (copy 999)" and a little more, within the name limit


def copy_name(name: str, taken: Iterable[str]) -> str:
    """A name for a copy of ``name`` that none of ``taken`` has: "X (copy)", "X (copy 2)"..."""
    used = {name_key(t) for t in taken}
    # A copy of a copy is numbered, not nested: "X (copy)" gives "X (copy 2)".
    base = re.sub(r" \(copy(?: \d+)?\)$", "", name)[:limits.NAME_MAX_LENGTH - COPY_ROOM]
    candidate, number = f"{base} (copy)", 2
    while name_key(candidate) in used:
        candidate, number = f"{base} (copy {number})", number + 1
    return candidate
