"""The Settings page: the health profile, sounds and pacing, and where data is kept.

Every choice is saved as it is made (a person who moves the volume and leaves expects it
kept); a save that was refused offers "Save my choice" beside its message."""

from __future__ import annotations

from datetime import time
from typing import NoReturn

import streamlit as st

from planner.catalog.model import Condition
from planner.kernel import clock, limits
from planner.kernel.errors import Conflict
from planner.settings.model import (
    CONDITION_LABELS,
    NOT_MEDICAL_ADVICE,
    HealthProfile,
    Preferences,
)
from planner.settings.repo import SettingsRepo
from planner.ui.kit import guard, localtime, messages
from planner.ui.run.countdown import sound_check

PROFILE = "settings-profile"  # message scopes
SOUNDS = "settings-sounds"
# The stored version each form was filled from: a save names it (optimistic concurrency).
PROFILE_VERSION, SOUNDS_VERSION = "settings-profile-version", "settings-sounds-version"
MUTED, VOLUME, SPEAK = "pref-muted", "pref-volume", "pref-speak"
BREATHE_IN, BREATHE_OUT = "pref-in", "pref-out"
VIBRATE, REMIND_ON, REMIND_AT = "pref-vibrate", "pref-remind", "pref-remind-at"
REMINDER = "settings-reminder"  # message scope
EVENING = time(20, 0)  # the reminder's time until the person picks one
SOUND_CHECK_OPEN = "sound-check-open"


def condition_key(condition: Condition) -> str:
    return f"condition-{condition.value}"


def _conflict(key: str, what: str, now: str) -> NoReturn:
    """A stale save was refused: keep what the person chose on the form, and take the stored
    version, so "Save my choice" saves it over what the other window saved."""
    st.session_state[key] = None  # read again below
    raise Conflict("save", f"{what} was changed in another window, so nothing was saved. It "
                           f"now says: {now}. What you chose here is still shown: press “Save "
                           "my choice” to keep it instead.")


def _outcome(scope: str, save_again, settings: SettingsRepo, key: str) -> None:
    """The save's message, and after a refusal, a button to save what is shown."""
    messages.show_notice(scope)
    if messages.problem_for(scope, "save") is not None:
        messages.show_problem(scope, "save")
        st.button("Save my choice", key=key, on_click=save_again, args=(settings,))


@guard.action(PROFILE)
def _save_profile(settings: SettingsRepo) -> None:
    ticked = {c for c in Condition if st.session_state.get(condition_key(c))}
    try:
        saved = settings.save_profile(HealthProfile(
            conditions=frozenset(ticked), version=st.session_state.get(PROFILE_VERSION)))
    except Conflict:
        _conflict(PROFILE_VERSION, "Your health profile",
                  settings.profile().in_words)
    st.session_state[PROFILE_VERSION] = saved.version
    messages.notice(PROFILE, "Health profile saved.")


def _loaded(keys: list[str], version_key: str, values: dict[str, object], version: int) -> None:
    """Fill a form's boxes from what is stored when the page shows them afresh (and keep
    the version they came from); after that, the boxes keep what the person chose."""
    if any(key not in st.session_state for key in keys):
        st.session_state.update(values)
        st.session_state[version_key] = version
    elif st.session_state.get(version_key) is None:  # a stale save was refused
        st.session_state[version_key] = version


def health_profile_form(settings: SettingsRepo) -> None:
    st.subheader("Health profile", anchor=False)
    st.write("Tick what applies to you. Solace then marks the steps that need care and asks "
             "before adding ones that are usually advised against. It is kept with your other "
             "records in Solace's database.")
    current = settings.profile()
    _loaded([condition_key(c) for c in Condition], PROFILE_VERSION,
            {condition_key(c): c in current.conditions for c in Condition}, current.version)
    with st.container(border=True, key="health-profile"):
        for condition in Condition:
            st.checkbox(CONDITION_LABELS[condition], key=condition_key(condition),
                        on_change=_save_profile, args=(settings,))
        _outcome(PROFILE, _save_profile, settings, "profile-save-again")
    st.info(NOT_MEDICAL_ADVICE, icon=":material/health_and_safety:")


def _sounds_in_words(prefs: Preferences) -> str:
    sound = "muted" if prefs.muted else f"volume {prefs.volume}%"
    spoken = ", steps spoken" if prefs.speak_steps else ""
    buzz = "" if prefs.vibrate else ", no buzz"
    reminder = (f", a check-in reminder at {prefs.checkin_reminder:%H:%M}"
                if prefs.checkin_reminder else ", no check-in reminder")
    return (f"{sound}{spoken}{buzz}, breathe in {prefs.breathe_in_seconds} s and out "
            f"{prefs.breathe_out_seconds} s{reminder}")


def _save_preferences(settings: SettingsRepo, scope: str, said: str) -> None:
    """Sounds, pacing and the reminder are one record: a change to any saves them all."""
    state = st.session_state
    try:
        saved = settings.save_preferences(Preferences(
            volume=state[VOLUME], muted=state[MUTED], speak_steps=state[SPEAK],
            breathe_in_seconds=state[BREATHE_IN], breathe_out_seconds=state[BREATHE_OUT],
            vibrate=state[VIBRATE],
            checkin_reminder=state.get(REMIND_AT) or EVENING if state[REMIND_ON] else None,
            version=state.get(SOUNDS_VERSION)))
    except Conflict:
        _conflict(SOUNDS_VERSION, "Your settings", _sounds_in_words(settings.preferences()))
    state[SOUNDS_VERSION] = saved.version
    messages.notice(scope, said)


@guard.action(SOUNDS)
def _save_sounds(settings: SettingsRepo) -> None:
    _save_preferences(settings, SOUNDS, "Sound settings saved.")


@guard.action(REMINDER)
def _save_reminder(settings: SettingsRepo) -> None:
    _save_preferences(settings, REMINDER, "Reminder saved.")


def sound_form(settings: SettingsRepo) -> None:
    st.subheader("Sounds and pacing", anchor=False)
    st.write("What you hear while following a routine on the Run page.")
    current = settings.preferences()
    _loaded([MUTED, VOLUME, SPEAK, BREATHE_IN, BREATHE_OUT, VIBRATE, REMIND_ON], SOUNDS_VERSION,
            {MUTED: current.muted, VOLUME: current.volume, SPEAK: current.speak_steps,
             BREATHE_IN: current.breathe_in_seconds, BREATHE_OUT: current.breathe_out_seconds,
             VIBRATE: current.vibrate, REMIND_ON: current.checkin_reminder is not None,
             REMIND_AT: current.checkin_reminder or EVENING},
            current.version)
    saving = {"on_change": _save_sounds, "args": (settings,)}
    with st.container(border=True, key="sound-preferences"):
        st.toggle("Mute all sounds", key=MUTED, **saving)
        st.slider("Volume", limits.VOLUME.low, limits.VOLUME.high, step=5, key=VOLUME,
                  format="%d%%", **saving)
        st.toggle("Say each step's name aloud", key=SPEAK,
                  help="Uses your browser's built-in voice, where it has one.", **saving)
        st.toggle("Buzz at each step change", key=VIBRATE,
                  help="A short vibration, on phones whose browser allows it.", **saving)
        # Sliders, like the volume: a few whole seconds each, and one kind of widget less
        # for a fresh visit to fetch.
        left, right = st.columns(2, gap="medium")
        left.slider("Breathe in for", limits.BREATHE_IN.low, limits.BREATHE_IN.high,
                    key=BREATHE_IN, format="%d s", **saving)
        right.slider("Breathe out for", limits.BREATHE_OUT.low, limits.BREATHE_OUT.high,
                     key=BREATHE_OUT, format="%d s", **saving)
        _outcome(SOUNDS, _save_sounds, settings, "sounds-save-again")
    # Drawn once opened: a fresh visit to Settings then fetches none of the component's code.
    box = st.expander("Hear the cues", icon=":material/volume_up:", key=SOUND_CHECK_OPEN,
                      on_change="rerun")
    if box.open:
        with box:
            st.caption("Each button plays its cue with your saved sound settings.")
            sound_check(current)


def reminder_form(settings: SettingsRepo) -> None:
    """A daily reminder to check in, at a time the person picks, for their calendar."""
    st.subheader("Daily check-in reminder", anchor=False)
    st.write("Solace can't send notifications itself: your calendar reminds you, every day "
             "at the time you pick.")
    st.session_state.setdefault(REMIND_AT, settings.preferences().checkin_reminder or EVENING)
    with st.container(border=True, key="reminder-preferences"):
        on = st.toggle("Remind me to check in every day", key=REMIND_ON,
                       on_change=_save_reminder, args=(settings,))
        if on:
            at = st.time_input("At", key=REMIND_AT, step=900, width=160,
                               on_change=_save_reminder, args=(settings,))
            from planner.schedule.ics import calendar  # only once asked for
            st.download_button(
                "Add the reminder to my calendar (.ics)", key="reminder-calendar",
                data=calendar([], localtime.zone(), clock.now(), checkin_at=at),
                file_name="solace-check-in.ics", mime="text/calendar", on_click="ignore",
                icon=":material/calendar_add_on:")
            st.caption("The calendar files of your weekly plan and of an experiment carry "
                       "it too: an experiment reminds you to check in at this time.")
        _outcome(REMINDER, _save_reminder, settings, "reminder-save-again")


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
