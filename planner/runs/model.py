"""Runs in progress: a run's own copy of its plan, its actions, and the session it becomes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from planner.journal.model import Session, StepResult
from planner.kernel import limits
from planner.kernel.checks import Name, Notes, Rating, validated_value
from planner.kernel.errors import Problem
from planner.kernel.formatting import whole_seconds
from planner.routines.model import TimedStep, steps_in_words
from planner.runs.timer import ACTION_KINDS, Action, RunState, run_state


def step_label(step: TimedStep) -> str:
    """"Tennis ball or foot roller (left foot)": the name, and the foot when it matters."""
    return step.name if step.foot == "both" else f"{step.name} ({step.foot} foot)"


class Run(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    routine_id: int | None
    routine_name: Name
    plan: tuple[TimedStep, ...]
    stress_before: Rating | None
    status: Literal["active", "logged", "discarded"]
    actions: tuple[Action, ...] = ()
    # Technique ids started although the health profile advises against them: the person
    # confirmed each on the Run page.
    confirmed: frozenset[str] = frozenset()
    seen_at: float | None = None  # the last moment a page was seen following it

    @property
    def durations(self) -> tuple[int, ...]:
        return tuple(step.seconds for step in self.plan)

    @property
    def step_count(self) -> int:
        """Steps as the routine has them (``steps_in_words``): a step done on each foot in
        turn is one step; switching feet is not a step."""
        return sum(_starts_a_step(step) for step in self.plan)

    @property
    def step_count_words(self) -> str:
        return steps_in_words(self.step_count, sum(not s.is_switch for s in self.plan))

    def step_number(self, index: int) -> int | None:
        """The 1-based number of plan entry ``index`` among those steps (both feet of a step
        share it; None for a switch)."""
        if index >= len(self.plan) or self.plan[index].is_switch:
            return None
        return sum(_starts_a_step(step) for step in self.plan[:index + 1])

    def state(self, now: float) -> RunState:
        return run_state(self.durations, self.actions, now)

    def techniques_ahead(self, now: float) -> list[str]:
        """The technique ids of the steps still to come (the current one included)."""
        return [step.technique for step in self.plan[self.state(now).index:]
                if not step.is_switch]

    def left_at(self, now: float) -> float | None:
        """When the person left the run, if they did: it was running when a page last
        showed it, and no page has been seen following it for ``AWAY_AFTER_SECONDS`` since.
        What came after that moment is not time massaged."""
        if self.status != "active" or self.seen_at is None:
            return None
        if now - self.seen_at <= limits.AWAY_AFTER_SECONDS:
            return None
        seen = self.state(self.seen_at)
        return None if seen.paused or seen.over else self.seen_at

    def ended_by(self, at: float) -> Run:
        """The run as it ends at ``at``: as it is if it is over, else stopped there."""
        if self.state(at).over:
            return self
        return self.model_copy(update={"actions": (*self.actions, Action("stop", at))})


def _starts_a_step(step: TimedStep) -> bool:
    """A per-foot step is planned left, (switch,) right: its right foot starts nothing new."""
    return not step.is_switch and step.foot != "right"


def startable(plan: tuple[TimedStep, ...], stress_before: object) -> int | None:
    """The stress rating to start with, if ``plan`` can be run; ``Problem`` saying why not."""
    if not plan:
        raise Problem("routine", "This routine has no steps to run.")
    return validated_value(Rating | None, stress_before, "stress_before")


def user_action(kind: str) -> str:
    """``kind``, if it is something a person can do to a run that has started."""
    if kind not in ACTION_KINDS or kind == "start":
        raise ValueError(f"unknown action {kind!r}")
    return kind


def loggable(run: Run | None) -> Run:
    """The run, if it can still become a session; ``Problem`` saying why not otherwise."""
    if run is None:
        raise Problem("run", "That run no longer exists.")
    if run.status == "logged":
        raise Problem("run", "This session is already in your log.")
    if run.status != "active":
        raise Problem("run", "This run was discarded, so there is nothing to log.")
    return run


def _when(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def session_from_run(run: Run, state: RunState, stress_after: int | None, notes: str) -> Session:
    """The session a run becomes when it is logged (finished, or stopped and kept)."""
    if state.started_at is None or state.ended_at is None:
        raise ValueError("only a run that has ended can be logged")
    steps = tuple(
        StepResult(name=step.name, foot=step.foot, planned_seconds=step.seconds,
                   actual_seconds=whole_seconds(actual), skipped=index in state.skipped)
        for index, (step, actual) in enumerate(zip(run.plan, state.actual, strict=True))
        if not step.is_switch
    )
    # What was typed at the end is checked as typed; the rest was checked when it was saved.
    stress_after = validated_value(Rating | None, stress_after, "stress_after")
    notes = validated_value(Notes, notes, "notes")
    return Session(
        run_id=run.id,
        routine_name=run.routine_name,
        started_at=_when(state.started_at),
        ended_at=_when(state.ended_at),
        planned_seconds=sum(run.durations),
        actual_seconds=whole_seconds(state.active_seconds),
        completed=state.finished and not state.skipped,
        steps=steps,
        stress_before=run.stress_before,
        stress_after=stress_after,
        notes=notes,
        source="timer",
    )


