"""Runs in progress, the sessions they become, ratings, and the person's preferences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.catalog import Catalog
from planner.routine import PlannedStep, Problem, Routine, expand
from planner.timer import Action, RunState, run_state

Rating = Annotated[int, Field(ge=0, le=10)]
NOTES_MAX_LENGTH = 2000


def check_rating(value: object, field: str) -> int | None:
    """A stress rating is a whole number from 0 to 10, or absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise Problem(field, "A rating is a whole number from 0 (calm) to 10 (very stressed).")
    return value


def check_notes(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > NOTES_MAX_LENGTH:
        raise Problem("notes", f"Keep notes to {NOTES_MAX_LENGTH} characters "
                               f"(these have {len(text)}).")
    return text


class PlanStep(BaseModel):
    """One step of a run's own copy of its plan: enough to show it even if the routine changes."""

    model_config = ConfigDict(frozen=True)

    technique: str
    name: str
    foot: Literal["both", "left", "right"]
    seconds: int = Field(ge=1, le=3600)
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
    routine_name: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: int = Field(ge=0)
    actual_seconds: int = Field(ge=0)
    completed: bool
    steps: tuple[StepResult, ...] = ()
    stress_before: Rating | None = None
    stress_after: Rating | None = None
    notes: str = Field(default="", max_length=NOTES_MAX_LENGTH)
    source: Literal["timer", "manual"] = "timer"

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


MANUAL_MINUTES = (1, 300)


def manual_session(*, name: str | None, day: object, start: object, minutes: object,
                   now: datetime, stress_before: object = None, stress_after: object = None,
                   notes: str | None = "") -> Session:
    """A session logged by hand; raise ``Problem`` naming the field to fix.

    ``day`` and ``start`` are in the person's local time; ``now`` is timezone-aware.
    """
    if not isinstance(day, date) or not isinstance(start, time):
        raise Problem("when", "Pick the date and the time you started.")
    started = datetime.combine(day, start).astimezone()
    if started > now + timedelta(minutes=1):
        raise Problem("when", "A session can't start in the future.")
    low, high = MANUAL_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not (
        low <= minutes <= high
    ):
        raise Problem("minutes", f"Minutes should be from {low} to {high}.")
    name = " ".join((name or "").split())
    if not name or len(name) > 60:
        raise Problem("name", "Say what you did, in 60 characters or fewer.")
    seconds = round(minutes * 60)
    started = started.astimezone(UTC)
    return Session(
        routine_name=name, started_at=started, ended_at=started + timedelta(seconds=seconds),
        planned_seconds=seconds, actual_seconds=seconds, completed=True,
        stress_before=check_rating(stress_before, "stress_before"),
        stress_after=check_rating(stress_after, "stress_after"),
        notes=check_notes(notes), source="manual",
    )


class Preferences(BaseModel):
    """How the Run page sounds and paces breathing."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    volume: int = Field(default=70, ge=0, le=100)
    muted: bool = False
    speak_steps: bool = False
    breathe_in_seconds: int = Field(default=4, ge=2, le=10)
    breathe_out_seconds: int = Field(default=6, ge=2, le=12)
