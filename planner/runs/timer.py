"""The state of a guided run, computed from its plan, the person's actions and the clock.

Nothing here sleeps or counts: a run is its step lengths plus timestamped actions (start, pause,
resume, skip, back, stop), and ``run_state(durations, actions, now)`` says where it stands at any
moment. So what the screen shows never drifts from wall-clock time, a pause of any length resumes
exactly where it stopped, and a run read back after a refresh is where it would have been.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ActionKind = Literal["start", "pause", "resume", "skip", "back", "stop"]
ACTION_KINDS: tuple[str, ...] = ("start", "pause", "resume", "skip", "back", "stop")


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    at: float  # seconds since the epoch


@dataclass(frozen=True)
class RunState:
    durations: tuple[int, ...]
    index: int  # the current step; len(durations) once the last step is done
    into_step: float  # seconds done of the current step
    started_at: float | None
    paused: bool
    finished: bool  # every step done or skipped
    stopped: bool  # ended early by the person
    ended_at: float | None
    actual: tuple[float, ...]  # seconds actually spent on each step
    skipped: frozenset[int]  # steps left by "skip" and not completed later
    paused_seconds: float

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def over(self) -> bool:
        return self.finished or self.stopped

    @property
    def running(self) -> bool:
        return self.started and not self.paused and not self.over

    @property
    def step_seconds(self) -> int:
        return self.durations[self.index] if self.index < len(self.durations) else 0

    @property
    def remaining(self) -> float:
        """Seconds left in the current step: never negative, never above the step's length."""
        return max(0.0, self.step_seconds - self.into_step)

    @property
    def total_remaining(self) -> float:
        if self.over:
            return 0.0
        return self.remaining + sum(self.durations[self.index + 1:])

    @property
    def active_seconds(self) -> float:
        return sum(self.actual)


def _sorted(actions: Sequence[Action]) -> list[Action]:
    # Stable: two actions with the same timestamp keep the order they were recorded in.
    return sorted(actions, key=lambda a: a.at)


def run_state(durations: Sequence[int], actions: Sequence[Action], now: float) -> RunState:
    steps = tuple(int(d) for d in durations)
    if any(d <= 0 for d in steps):
        raise ValueError("every step must last at least one second")
    ordered = _sorted(actions)
    start = next((a for a in ordered if a.kind == "start"), None)
    count = len(steps)
    if start is None:
        return RunState(steps, 0, 0.0, None, False, count == 0, False, None,
                        (0.0,) * count, frozenset(), 0.0)

    index, into, clock = 0, 0.0, start.at
    actual = [0.0] * count
    paused = finished = stopped = False
    pause_began = 0.0
    paused_total = 0.0
    ended_at: float | None = None
    skipped: set[int] = set()
    completed: set[int] = set()

    def advance(until: float) -> None:
        """Let active time run from ``clock`` to ``until``, crossing step ends on the way."""
        nonlocal index, into, clock, finished, ended_at
        delta = max(0.0, until - clock)
        if paused:
            clock = max(clock, until)
            return
        while delta > 0 and index < count:
            left = steps[index] - into
            if delta >= left:
                actual[index] += left
                delta -= left
                clock += left
                completed.add(index)
                index, into = index + 1, 0.0
            else:
                actual[index] += delta
                into += delta
                clock += delta
                delta = 0.0
        if index >= count and not finished:
            finished, ended_at = True, clock
        clock = max(clock, until)

    if count == 0:
        finished, ended_at = True, start.at
    for action in ordered:
        if finished or stopped:
            break
        if action is start or action.at < start.at:
            continue
        advance(action.at)
        if finished or stopped:
            break
        if action.kind == "pause" and not paused:
            paused, pause_began = True, action.at
        elif action.kind == "resume" and paused:
            paused = False
            paused_total += action.at - pause_began
        elif action.kind == "skip":
            skipped.add(index)
            index, into = index + 1, 0.0
            if index >= count:
                finished, ended_at = True, action.at
        elif action.kind == "back":
            index, into = max(0, index - 1), 0.0
        elif action.kind == "stop":
            stopped, ended_at = True, action.at
    if paused:
        # A pause still open counts up to the end (or to now while the run is live).
        paused_until = now if ended_at is None else ended_at
        paused_total += max(0.0, paused_until - pause_began)
        if stopped or finished:
            paused = False
    if not (finished or stopped):
        advance(now)

    return RunState(
        durations=steps,
        index=index,
        into_step=into,
        started_at=start.at,
        paused=paused,
        finished=finished,
        stopped=stopped,
        ended_at=ended_at,
        actual=tuple(actual),
        skipped=frozenset(skipped - completed),
        paused_seconds=paused_total,
    )
