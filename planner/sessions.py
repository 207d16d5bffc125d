"""Runs in progress, the sessions they become, ratings, and the person's preferences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from planner.catalog import Catalog
from planner.kernel import limits
from planner.kernel.checks import Name, Notes, Rating, check_name, check_notes, check_rating
from planner.kernel.errors import Problem
from planner.routine import PlannedStep, Routine, expand
from planner.timer import Action, RunState, run_state

EARLIEST = datetime.combine(limits.EARLIEST_DAY, time(), UTC)


class PlanStep(BaseModel):
    """One step of a run's own copy of its plan: enough to show it even if the routine changes."""

    model_config = ConfigDict(frozen=True)

    technique: str
    name: str
    foot: Literal["both", "left", "right"]
    seconds: int = Field(ge=limits.STEP_SECONDS.low, le=limits.STEP_SECONDS.high)
    how_to: tuple[str, ...] = ()
    is_switch: bool = False
    is_breathing: bool = False


def plan_for(routine: Routine, catalog: Catalog) -> tuple[PlanStep, ...]:
    def copy(step: PlannedStep) -> PlanStep:
        if step.is_switch:
            return PlanStep(technique=step.technique, name=step.name, foot="both",
                            seconds=step.seconds, is_switch=True,
                            how_to=("Rest the first foot and get comfortable with the other.",))
        technique = catalog.technique(step.technique)
        return PlanStep(technique=step.technique, name=step.name, foot=step.foot,
                        seconds=step.seconds, how_to=tuple(technique.how_to),
                        is_breathing=technique.is_breathing)

    return tuple(copy(step) for step in expand(routine, catalog))


class Run(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    routine_id: int | None
    routine_name: str
    plan: tuple[PlanStep, ...]
    stress_before: Rating | None
    status: Literal["active", "logged", "discarded"]
    actions: tuple[Action, ...] = ()

    @property
    def durations(self) -> tuple[int, ...]:
        return tuple(step.seconds for step in self.plan)

    def state(self, now: float) -> RunState:
        return run_state(self.durations, self.actions, now)


class StepResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    foot: Literal["both", "left", "right"]
    planned_seconds: int
    actual_seconds: int
    skipped: bool


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int | None = None
    run_id: int | None = None
    routine_name: Name
    started_at: AwareDatetime
    ended_at: AwareDatetime
    planned_seconds: int = Field(ge=0)
    actual_seconds: int = Field(ge=0)
    completed: bool
    steps: tuple[StepResult, ...] = ()
    stress_before: Rating | None = None
    stress_after: Rating | None = None
    notes: Notes = ""
    source: Literal["timer", "manual"] = "timer"
    version: int | None = None  # as stored; an edit must match it

    @model_validator(mode="after")
    def _times_in_order(self) -> Session:
        if self.started_at < EARLIEST:
            raise ValueError(f"a session can't start before {limits.EARLIEST_DAY.year}")
        if self.ended_at < self.started_at:
            raise ValueError("a session can't end before it starts")
        return self

    @property
    def stress_drop(self) -> int | None:
        if self.stress_before is None or self.stress_after is None:
            return None
        return self.stress_before - self.stress_after


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def session_from_run(run: Run, state: RunState, stress_after: int | None, notes: str) -> Session:
    """The session a run becomes when it is logged (finished, or stopped and kept)."""
    if state.started_at is None or state.ended_at is None:
        raise ValueError("only a run that has ended can be logged")
    steps = tuple(
        StepResult(name=step.name, foot=step.foot, planned_seconds=step.seconds,
                   actual_seconds=round(actual), skipped=index in state.skipped)
        for index, (step, actual) in enumerate(zip(run.plan, state.actual, strict=True))
        if not step.is_switch
    )
    try:
        return Session(
            run_id=run.id,
            routine_name=run.routine_name,
            started_at=_when(state.started_at),
            ended_at=_when(state.ended_at),
            planned_seconds=sum(run.durations),
            actual_seconds=round(state.active_seconds),
            completed=state.finished and not state.skipped,
            steps=steps,
            stress_before=run.stress_before,
            stress_after=check_rating(stress_after, "stress_after"),
            notes=check_notes(notes),
            source="timer",
        )
    except ValidationError as error:  # pragma: no cover - the checks above come first
        raise Problem("session", str(error)) from error


def manual_session(*, name: str | None, day: object, end: object, minutes: object,
                   now: datetime, zone: tzinfo, stress_before: object = None,
                   stress_after: object = None, notes: str | None = "") -> Session:
    """A session logged by hand; raise ``Problem`` naming the field to fix.

    ``day`` and ``end`` (when it finished) are wall-clock values in the person's ``zone``;
    the session started ``minutes`` before that (on the day before, if it crossed midnight).
    ``now`` is aware.
    """
    if not isinstance(day, date) or not isinstance(end, time):
        raise Problem("when", "Pick the date and the time you finished.")
    if day < limits.EARLIEST_DAY:
        raise Problem("when", f"Pick a date from {limits.EARLIEST_DAY.year} on.")
    low, high = limits.MANUAL_MINUTES.low, limits.MANUAL_MINUTES.high
    if isinstance(minutes, bool) or minutes not in limits.MANUAL_MINUTES:
        raise Problem("minutes", f"Minutes should be from {low} to {high}.")
    name = check_name(name, "name", "Say what you did, in 60 characters or fewer.")
    seconds = round(minutes * 60)
    ended = datetime.combine(day, end, zone).astimezone(UTC)
    if ended > now + timedelta(seconds=limits.FUTURE_GRACE_SECONDS):
        raise Problem("when", "A session can't end in the future: pick when it finished.")
    return Session(
        routine_name=name, started_at=ended - timedelta(seconds=seconds), ended_at=ended,
        planned_seconds=seconds, actual_seconds=seconds, completed=True,
        stress_before=check_rating(stress_before, "stress_before"),
        stress_after=check_rating(stress_after, "stress_after"),
        notes=check_notes(notes), source="manual",
    )


class Preferences(BaseModel):
    """How the Run page sounds and paces breathing."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    volume: int = Field(default=70, ge=limits.VOLUME.low, le=limits.VOLUME.high)
    muted: bool = False
    speak_steps: bool = False
    breathe_in_seconds: int = Field(default=4, ge=limits.BREATHE_IN.low,
                                    le=limits.BREATHE_IN.high)
    breathe_out_seconds: int = Field(default=6, ge=limits.BREATHE_OUT.low,
                                     le=limits.BREATHE_OUT.high)
