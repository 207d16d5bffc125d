"""The daily check-in form on the Log page."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from planner.experiments.model import CONDITION_LABELS, PLAN_TODO, Day, instead_choices
from planner.experiments.repo import ExperimentRepo
from planner.journal.model import CheckIn, make_checkin
from planner.journal.repo import CheckInRepo
from planner.kernel import limits
from planner.kernel.errors import StoreError
from planner.ui.kit import guard, localtime, messages
from planner.ui.kit.choices import day_picker, yes_no
from planner.ui.kit.numbers import number_box

SCOPE = "log-checkin"  # messages
DAY_CHOICE, DAY = "checkin-day-choice", "checkin-day"
CARE_NOTE = ("Relaxing may help a little, but it never replaces treatment. Keep taking what "
             "your doctor prescribed.")


def form_key(day: date, version: int | None) -> str:
    """The form is keyed by the day and the stored version it shows, so it always shows what
    is stored now (a save in another window makes new widgets with the new values), never
    stale values that would then overwrite the real record."""
    return f"{day}-v{version or 0}"


def field_key(field: str, form: str) -> str:
    """A check-in widget's key: its field and its form (``form_key``)."""
    return f"ci-{field}-{form}"


def _problem_here(*fields: str) -> None:
    messages.show_problem(SCOPE, *fields)


# Every problem is said beside the button, where the person tapped, all at once.
@guard.action(SCOPE, field_for=lambda _field: "save")
def _save(checkins: CheckInRepo, day: date, version: int | None, asked: bool,
          stored: CheckIn | None) -> None:
    """``asked``: the form asked whether the experiment's plan was followed; if it didn't,
    whatever the stored check-in said about it is kept as it was."""
    form = form_key(day, version)

    def value(field: str):
        return st.session_state.get(field_key(field, form))

    if asked:
        followed, instead = value("followed"), value("instead")
    else:
        followed = stored.plan_followed if stored else None
        instead = stored.done_instead if stored else None

    checkin = make_checkin(
        day=day, today=localtime.today(), stress=value("stress"), swelling=value("swelling"),
        pain=value("pain"), sleep=value("sleep"), socks=value("socks"),
        sock_hours=value("hours") if value("socks") else None,
        pulse=_typed("pulse", form, stored), systolic=_typed("systolic", form, stored),
        diastolic=_typed("diastolic", form, stored),
        notes=_typed("notes", form, stored) or "",
        plan_followed=followed, done_instead=instead if followed is False else None,
        version=version,
    )
    verb = "Saved" if checkins.save(checkin) else "Updated"
    messages.notice(SCOPE, f"{verb} your check-in for {day:%A %d %B}.")


def _day_choice(day: date, today: date) -> str:
    return {today: "today", today - timedelta(days=1): "yesterday"}.get(day, "earlier")


def show_day(day: date) -> None:
    """Turn the form to ``day`` (the history's Edit)."""
    today = localtime.today()
    st.session_state[DAY_CHOICE] = _day_choice(day, today)
    if st.session_state[DAY_CHOICE] == "earlier":
        st.session_state[DAY] = day


def _day_picker() -> date | None:
    today = localtime.today()
    return day_picker(
        "Day", DAY_CHOICE, {"today": ("Today", today),
                            "yesterday": ("Yesterday", today - timedelta(days=1))},
        "today", "earlier", DAY, today - timedelta(days=2), limits.EARLIEST_DAY, today,
        help="Today by default; pick an earlier day to fill it in or change it.")


def _rating(label: str, value: int | None, form: str, field: str, help: str) -> None:
    """0 to 10 as a row of buttons, as on the Run page; nothing picked means "not rated".
    Tapping the chosen number again keeps it (a second tap to be sure must not clear it)."""
    st.pills(label, limits.RATING.choices(), default=value, key=field_key(field, form),
             help=help, required=True)


VITALS = {"pulse": ("Resting pulse (beats a minute)", limits.PULSE, "e.g. 68"),
          "systolic": ("Blood pressure: upper", limits.SYSTOLIC, "e.g. 120"),
          "diastolic": ("Blood pressure: lower", limits.DIASTOLIC, "e.g. 80")}


def vitals_key(form: str) -> str:
    """Whether the pulse and blood pressure box of ``form`` is open."""
    return f"ci-vitals-{form}"


def notes_key(form: str) -> str:
    """Whether the notes box of ``form`` is open."""
    return f"ci-notes-open-{form}"


def _kept_key(field: str, form: str) -> str:
    return f"ci-kept-{field}-{form}"


def _keep(field: str, form: str) -> None:
    # Streamlit forgets a widget's value once the box holding it is closed: keep it here.
    st.session_state[_kept_key(field, form)] = st.session_state.get(field_key(field, form))


def _typed(field: str, form: str, stored: CheckIn | None):
    """What the form holds for ``field`` of a box that may be closed: what was typed in it
    (open or since closed), else what is stored."""
    if field_key(field, form) in st.session_state:
        return st.session_state[field_key(field, form)]
    if _kept_key(field, form) in st.session_state:
        return st.session_state[_kept_key(field, form)]
    return getattr(stored, field) if stored else None


def _pulse_and_pressure(shown: CheckIn | None, form: str) -> None:
    # Drawn once opened: a fresh visit to the Log then fetches none of the number boxes' code
    # (planner/tools/visits.py). It opens by itself on a check-in that has these figures.
    has_figures = shown is not None and any(getattr(shown, f) is not None for f in VITALS)
    box = st.expander("Pulse and blood pressure (optional)", expanded=has_figures,
                      key=vitals_key(form), on_change="rerun")
    if not box.open:
        return
    with box:
        for column, (field, (label, bounds, example)) in zip(st.columns(3), VITALS.items(),
                                                              strict=True):
            number_box(label, where=column, value=_typed(field, form, shown), step=1,
                       key=field_key(field, form), placeholder=example,
                       help=f"From {bounds.low} to {bounds.high}.", on_change=_keep,
                       args=(field, form))
        st.caption(CARE_NOTE)


def _notes(shown: CheckIn | None, form: str) -> None:
    # Drawn once opened, like the pulse box: a fresh visit fetches none of the text box's
    # code. It opens by itself on a check-in that has notes.
    box = st.expander("Notes (optional)", expanded=bool(shown and shown.notes),
                      key=notes_key(form), on_change="rerun")
    if box.open:
        with box:
            st.text_area("Notes", value=_typed("notes", form, shown) or "",
                         key=field_key("notes", form), max_chars=limits.NOTES_MAX_LENGTH,
                         label_visibility="collapsed", on_change=_keep, args=("notes", form),
                         placeholder="Anything you want to remember about the day")


def _plan_followed(planned: Day, day: date, shown: CheckIn | None, form: str) -> None:
    """An experiment day: did the person do what it asked, and if not, what instead?"""
    when = "Today" if day == localtime.today() else f"On {day:%A %d %B}"
    st.markdown(f"**Your experiment.** {when} the plan was {PLAN_TODO[planned.condition]}.")
    followed = yes_no(
        "Did you follow the plan?", field_key("followed", form),
        default=shown.plan_followed if shown else None,
        help="An honest answer keeps the comparison fair. A day that went otherwise still "
             "counts: nothing you log is left out.")
    if followed is False:
        st.pills("What did you do instead? (optional)", instead_choices(planned.condition),
                 format_func=CONDITION_LABELS.get,
                 default=shown.done_instead if shown else None, key=field_key("instead", form))


def checkin_form(checkins: CheckInRepo, experiments: ExperimentRepo) -> None:
    """The day's check-in; on a day of the person's experiment it also asks whether its plan
    was followed."""
    st.subheader("Daily check-in", anchor=False)
    day = _day_picker()
    if day is None:
        st.info("Pick a day to check in for.")
        return
    _problem_here("day")
    try:
        existing = checkins.get(day)
    except StoreError as error:  # no form: a save could overwrite a check-in not shown
        messages.show(f"Your check-ins can't be read, so none can be saved now. {error}",
                      "error")
        return
    if existing:
        st.caption("You already checked in for this day: saving updates it.")
    version = existing.version if existing else None
    form = form_key(day, version)
    planned = experiments.assigned(day, localtime.zone())
    with st.container(border=True, key=f"checkin-form-{form}"):
        if planned is not None:
            _plan_followed(planned, day, existing, form)
        _rating("How stressed did you feel?", existing and existing.stress, form, "stress",
                "0 is completely calm, 10 is as stressed as you can imagine.")
        socks = yes_no("Wore compression socks?", field_key("socks", form),
                       default=bool(existing and existing.socks), required=True)
        if socks:
            number_box("Hours in socks (optional)",
                       value=existing.sock_hours if existing else None, step=0.5,
                       key=field_key("hours", form), placeholder="e.g. 8", width=220,
                       format="%.1f", help=f"Up to {limits.SOCK_HOURS_MAX}.")
        _rating("Leg heaviness or swelling (optional)", existing and existing.swelling, form,
                "swelling", "0 is none, 10 is the worst you've had.")
        _rating("Foot pain (optional)", existing and existing.pain, form, "pain",
                "0 is none, 10 is the worst you've had.")
        _rating("How well did you sleep? (optional)", existing and existing.sleep, form,
                "sleep", "0 is very badly, 10 is very well.")
        _pulse_and_pressure(existing, form)
        _notes(existing, form)
        st.button("Update check-in" if existing else "Save check-in", type="primary",
                  key=f"checkin-save-{form}", on_click=_save,
                  args=(checkins, day, version, planned is not None, existing))
        # What became of the tap, right under the button: on a phone the top of the form is
        # a screen or more away.
        _problem_here("save")
        messages.show_notice(SCOPE)
