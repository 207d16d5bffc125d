"""The countdown component: the browser ticks, the server stays the source of truth."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.sessions import Preferences, Run
from planner.timer import RunState

_HERE = Path(__file__).resolve().parent
_component = st.components.v2.component(
    "solace_countdown",
    html=(_HERE / "countdown.html").read_text(encoding="utf-8"),
    css=(_HERE / "countdown.css").read_text(encoding="utf-8"),
    js=(_HERE / "countdown.js").read_text(encoding="utf-8"),
)


def countdown_data(run: Run, state: RunState, prefs: Preferences, now: float) -> dict:
    """What the browser needs to count down on its own until the next step change."""
    return {
        "run": run.id,
        "steps": [
            {"name": step.name, "foot": step.foot, "seconds": step.seconds,
             "how": " ".join(step.how_to[:2]), "switch": step.is_switch,
             "breathing": step.is_breathing}
            for step in run.plan
        ],
        "index": state.index,
        "into": round(state.into_step, 3),
        "paused": state.paused,
        "over": state.over,
        "server_now": round(now * 1000),
        "sound": {"volume": prefs.volume / 100, "muted": prefs.muted,
                  "speak": prefs.speak_steps},
        "breath": {"in": prefs.breathe_in_seconds, "out": prefs.breathe_out_seconds},
    }


def _step_changed() -> None:
    """Nothing to do: the rerun itself recomputes the run from its actions and the clock."""


def countdown(run: Run, state: RunState, prefs: Preferences, now: float) -> None:
    # A stable key keeps the element mounted across reruns (no flicker, triggers readable).
    _component(key=f"countdown-{run.id}", data=countdown_data(run, state, prefs, now),
               on_step_changed_change=_step_changed, height="content")
