"""The Settings page: the health profile, sounds and pacing, and where data is kept."""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Condition
from planner.kernel import limits
from planner.settings.model import (
    CONDITION_LABELS,
    NOT_MEDICAL_ADVICE,
    HealthProfile,
    Preferences,
    StepWarning,
)
from planner.settings.repo import SettingsRepo
from planner.ui import guard, messages
from planner.ui.runs.countdown import sound_check

PROFILE = "settings-profile"  # message scopes
SOUNDS = "settings-sounds"
MUTED, VOLUME, SPEAK = "pref-muted", "pref-volume", "pref-speak"
BREATHE_IN, BREATHE_OUT = "pref-in", "pref-out"
SOUND_CHECK_OPEN = "sound-check-open"


def show_warnings(warnings: list[StepWarning]) -> None:
    """A technique's cautions that concern the person's profile: "avoid" in red, "care" in
    amber."""
    for warning in warnings:
        if warning.level == "avoid":
            st.error(f"**Not advised** (with {warning.label}): {warning.advice}",
                     icon=":material/block:")
        else:
            st.warning(f"**Take care** (with {warning.label}): {warning.advice}",
                       icon=":material/info:")


def condition_key(condition: Condition) -> str:
    return f"condition-{condition.value}"


@guard.action(PROFILE)
def _save_profile(settings: SettingsRepo) -> None:
    ticked = {c for c in Condition if st.session_state.get(condition_key(c))}
    settings.save_profile(HealthProfile(conditions=frozenset(ticked)))
    messages.notice(PROFILE, "Health profile saved.")


def health_profile_form(settings: SettingsRepo) -> None:
    st.subheader("Health profile", anchor=False)
    st.write("Tick what applies to you. Solace then marks the steps that need care and asks "
             "before adding ones that are usually advised against. It is kept with your other "
             "records in Solace's database.")
    current = settings.profile()
    with st.form("health-profile", border=True):
        for condition in Condition:
            st.checkbox(CONDITION_LABELS[condition], value=condition in current.conditions,
                        key=condition_key(condition))
        st.form_submit_button("Save health profile", type="primary", on_click=_save_profile,
                              args=(settings,))
    messages.show_notice(PROFILE)
    messages.show_problem(PROFILE, "save")
    st.info(NOT_MEDICAL_ADVICE, icon=":material/health_and_safety:")


@guard.action(SOUNDS)
def _save_sounds(settings: SettingsRepo) -> None:
    state = st.session_state
    settings.save_preferences(Preferences(
        volume=state[VOLUME], muted=state[MUTED], speak_steps=state[SPEAK],
        breathe_in_seconds=state[BREATHE_IN], breathe_out_seconds=state[BREATHE_OUT]))
    messages.notice(SOUNDS, "Sound settings saved.")


def sound_form(settings: SettingsRepo) -> None:
    st.subheader("Sounds and pacing", anchor=False)
    st.write("What you hear while following a routine on the Run page.")
    current = settings.preferences()
    with st.form("sound-preferences", border=True):
        st.toggle("Mute all sounds", value=current.muted, key=MUTED)
        st.slider("Volume", limits.VOLUME.low, limits.VOLUME.high, current.volume, step=5,
                  key=VOLUME, format="%d%%")
        st.toggle("Say each step's name aloud", value=current.speak_steps, key=SPEAK,
                  help="Uses your browser's built-in voice, where it has one.")
        # Sliders, like the volume: a few whole seconds each, and one kind of widget less
        # for a fresh visit to fetch.
        left, right = st.columns(2, gap="medium")
        left.slider("Breathe in for", limits.BREATHE_IN.low, limits.BREATHE_IN.high,
                    current.breathe_in_seconds, key=BREATHE_IN, format="%d s")
        right.slider("Breathe out for", limits.BREATHE_OUT.low, limits.BREATHE_OUT.high,
                     current.breathe_out_seconds, key=BREATHE_OUT, format="%d s")
        st.form_submit_button("Save sound settings", type="primary", on_click=_save_sounds,
                              args=(settings,))
    messages.show_notice(SOUNDS)
    messages.show_problem(SOUNDS, "save")
    # Drawn once opened: a fresh visit to Settings then fetches none of the component's code.
    box = st.expander("Hear the cues", icon=":material/volume_up:", key=SOUND_CHECK_OPEN,
                      on_change="rerun")
    if box.open:
        with box:
            st.caption("Each button plays its cue with your saved sound settings.")
            sound_check(current)


def storage_info(kind: str, signed_in: bool = False) -> None:
    st.subheader("Your data", anchor=False)
    if signed_in:
        st.write("Your routines, sessions, check-ins and settings are kept on the server that "
                 "runs Solace, under your sign-in, not in this browser: sign in from any "
                 "browser to find them. Only you can see them.")
        return
    where = ("on the computer that runs Solace" if kind == "SQLite"
             else "looked after by whoever runs Solace")
    st.write(f"Your routines, sessions, check-ins and settings are kept in a {kind} database "
             f"{where}, not in this browser, so they are there whichever browser you open "
             "Solace in.")
    st.caption("Whoever runs Solace chooses where that database is kept. Its location isn't "
               "shown here, so it stays private to them.")
