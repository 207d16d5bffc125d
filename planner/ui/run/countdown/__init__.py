"""The countdown component: the browser ticks, the server stays the source of truth."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from planner.kernel import limits
from planner.routines.model import TimedStep
from planner.runs.model import Run
from planner.runs.timer import RunState
from planner.settings.model import Preferences

_HERE = Path(__file__).resolve().parent


def _read(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


# Both components share the cue sounds: sounds.js goes in front of each one's module.
_component = st.components.v2.component(
    "solace_countdown", html=_read("countdown.html"), css=_read("countdown.css"),
    js=_read("sounds.js") + "\n" + _read("countdown.js"),
)
_sound_check = st.components.v2.component(
    "solace_sound_check", html=_read("soundcheck.html"), css=_read("soundcheck.css"),
    js=_read("sounds.js") + "\n" + _read("soundcheck.js"),
)


def _sound(prefs: Preferences) -> dict:
    return {"volume": prefs.volume / 100, "muted": prefs.muted, "speak": prefs.speak_steps,
            "vibrate": prefs.vibrate}


def how_to(step: TimedStep, prefs: Preferences) -> str:
    """The line shown under the clock; a breathing step follows the pace set in Settings."""
    if step.is_breathing:
        return (f"Breathe in through your nose for {prefs.breathe_in_seconds} seconds, then out "
                f"slowly for {prefs.breathe_out_seconds}. Follow the circle.")
    return " ".join(step.how_to[:2])


def countdown_data(run: Run, state: RunState, prefs: Preferences, now: float) -> dict:
    """What the browser needs to count down on its own until the next step change."""
    return {
        "run": run.id,
        "routine": run.routine_name,
        "count": run.step_count,
        "steps": [
            {"name": step.name, "foot": step.foot, "seconds": step.seconds,
             "how": how_to(step, prefs), "switch": step.is_switch,
             "breathing": step.is_breathing, "number": run.step_number(index)}
            for index, step in enumerate(run.plan)
        ],
        "index": state.index,
        "into": round(state.into_step, 3),
        "paused": state.paused,
        "over": state.over,
        "server_now": round(now * 1000),
        "seen_every": limits.SEEN_EVERY_SECONDS,
        "sound": _sound(prefs),
        "breath": {"in": prefs.breathe_in_seconds, "out": prefs.breathe_out_seconds},
    }


def _step_changed() -> None:
    """Nothing to do: the rerun itself recomputes the run from its actions and the clock."""


def countdown(run: Run, state: RunState, prefs: Preferences, now: float,
              on_space: Callable[[], None], on_away: Callable[[], None],
              on_back: Callable[[], None], on_skip: Callable[[], None]) -> None:
    """The countdown. ``on_space`` runs when the person presses the space bar (pause or
    resume), ``on_back`` and ``on_skip`` on ← and →, outside any text field; ``on_away`` when
    the page is hidden or closed. While it runs and is in view, it says it is still there
    every ``SEEN_EVERY_SECONDS`` (a rerun)."""
    # A stable key keeps the element mounted across reruns (no flicker, triggers readable).
    _component(key=f"countdown-{run.id}", data=countdown_data(run, state, prefs, now),
               on_step_changed_change=_step_changed, on_space_change=on_space,
               on_away_change=on_away, on_seen_change=_step_changed, on_back_change=on_back,
               on_skip_change=on_skip, height="content")


def sound_check(prefs: Preferences) -> None:
    """Buttons that play each cue with the saved sound settings."""
    _sound_check(key="sound-check", data={"sound": _sound(prefs)}, height="content")
