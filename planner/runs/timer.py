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


class _Replay:
    """The run replayed action by action: where it stands after each one."""

    def __init__(self, steps: tuple[int, ...], start: float):
        self.steps = steps
        self.index, self.into, self.clock = 0, 0.0, start
        self.actual = [0.0] * len(steps)
        self.paused = self.finished = self.stopped = False
        self.pause_began = self.paused_total = 0.0
        self.ended_at: float | None = None
        self.skipped: set[int] = set()
        self.completed: set[int] = set()
        if not steps:
            self._finish(start)

    @property
    def over(self) -> bool:
        return self.finished or self.stopped

    def _finish(self, moment: float) -> None:
        self.finished, self.ended_at = True, moment

    def advance(self, until: float) -> None:
        """Let active time run from ``clock`` to ``until``, crossing step ends on the way."""
        delta = max(0.0, until - self.clock)
        if self.paused:
            self.clock = max(self.clock, until)
            return
        while delta > 0 and self.index < len(self.steps):
            left = self.steps[self.index] - self.into
            used = min(delta, left)
            self.actual[self.index] += used
            delta -= used
            self.clock += used
            if used == left:
                self.completed.add(self.index)
                self.index, self.into = self.index + 1, 0.0
            else:
                self.into += used
        if self.index >= len(self.steps) and not self.finished:
            self._finish(self.clock)
        self.clock = max(self.clock, until)

    def apply(self, action: Action) -> None:
        if action.kind == "pause" and not self.paused:
            self.paused, self.pause_began = True, action.at
        elif action.kind == "resume" and self.paused:
            self.paused = False
            self.paused_total += action.at - self.pause_began
        elif action.kind == "skip":
            self.skipped.add(self.index)
            self.index, self.into = self.index + 1, 0.0
            if self.index >= len(self.steps):
                self._finish(action.at)
        elif action.kind == "back":
            self.index, self.into = max(0, self.index - 1), 0.0
        elif action.kind == "stop":
            self.stopped, self.ended_at = True, action.at

    def settle(self, now: float) -> None:
        """Bring the replay to ``now``: an open pause counts up to the end (or to now while the
        run is live), and a live run's time runs on."""
        if self.paused:
            paused_until = now if self.ended_at is None else self.ended_at
            self.paused_total += max(0.0, paused_until - self.pause_began)
            if self.over:
                self.paused = False
        if not self.over:
            self.advance(now)


def run_state(durations: Sequence[int], actions: Sequence[Action], now: float) -> RunState:
    steps = tuple(int(d) for d in durations)
    if any(d <= 0 for d in steps):
        raise ValueError("every step must last at least one second")
    ordered = _sorted(actions)
    start = next((a for a in ordered if a.kind == "start"), None)
    if start is None:
        return RunState(steps, 0, 0.0, None, False, not steps, False, None,
                        (0.0,) * len(steps), frozenset(), 0.0)
    replay = _Replay(steps, start.at)
    for action in ordered:
        if replay.over:
            break
        if action is start or action.at < start.at:
            continue
        replay.advance(action.at)
        if not replay.over:
            replay.apply(action)
    replay.settle(now)
    return RunState(
        durations=steps,
        index=replay.index,
        into_step=replay.into,
        started_at=start.at,
        paused=replay.paused,
        finished=replay.finished,
        stopped=replay.stopped,
        ended_at=replay.ended_at,
        actual=tuple(replay.actual),
        skipped=frozenset(replay.skipped - replay.completed),
        paused_seconds=replay.paused_total,
    )
