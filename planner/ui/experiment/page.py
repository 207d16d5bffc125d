"""The Experiment page: plan a fair test, follow it day by day, and see what it shows."""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner.catalog.model import Catalog
from planner.experiments import analysis, charts, ics
from planner.experiments.model import (
    CONDITION_LABELS,
    CONDITIONS,
    DEFAULT_BLOCKS,
    DEFAULT_DAYS_PER_CONDITION,
    MEASURED_OUTCOMES,
    OUTCOME_KINDS,
    RATED_OUTCOMES,
    Design,
    Experiment,
    already_broken,
    assignment,
    check_choice,
    planned_condition,
    question_label,
    questions,
    schedule,
)
from planner.experiments.promise import describe_alternatives, plan_in_words
from planner.experiments.repo import ExperimentRepo
from planner.insights.frames import Frames
from planner.kernel import clock, limits
from planner.kernel.errors import Problem
from planner.settings.model import HealthProfile, massage_note
from planner.ui.experiment.today import TODAY_TODO, today_note, watch_note
from planner.ui.kit import guard, localtime, messages, pictures
from planner.ui.kit.choices import day_picker, yes_no
from planner.watch.repo import MeasureRepo

SCOPE = "experiment"  # messages
CONDITION_KEY, DAYS, WASH, BLOCK_COUNT = "exp-conditions", "exp-days", "exp-wash", "exp-blocks"
OUTCOME, START, BEGIN = "exp-outcome", "exp-start", "exp-begin"
QUESTION = "exp-question"
START_CHOICE = "exp-start-choice"
END, END_CONFIRM, END_CANCEL, ASKING_END = "exp-end", "exp-end-yes", "exp-end-no", "exp-ask-end"
PLANNING = "exp-planning"  # planning a new one while the last is over


def _design_chosen(start: date) -> Design:
    state = st.session_state
    conditions = check_choice(state.get(CONDITION_KEY) or [])
    question = state.get(QUESTION)
    return Design(conditions=conditions,
                  days_per_condition=state.get(DAYS) or 1, wash_out=bool(state.get(WASH)),
                  blocks=state.get(BLOCK_COUNT) or limits.EXPERIMENT_BLOCKS.low,
                  outcome=state.get(OUTCOME) or "stress", start=start, seed=0,
                  question=question if question in questions(conditions) else None)


def _question_picker() -> None:
    """The one comparison the person cares most about, named before it starts."""
    try:
        offered = questions(check_choice(st.session_state.get(CONDITION_KEY) or []))
    except Problem:
        return
    if st.session_state.get(QUESTION) not in offered:
        st.session_state[QUESTION] = offered[0]
    st.selectbox("Your main question", offered, key=QUESTION, format_func=question_label,
                 help="Solace answers this one first, and only this one gets a verdict. The "
                      "other comparisons are shown as extras: leads for a next experiment.")


def _start_picker(today: date) -> date:
    start = day_picker("Start", START_CHOICE,
                       {"today": ("Today", today),
                        "tomorrow": ("Tomorrow", today + timedelta(days=1))},
                       "tomorrow", "later", START, today + timedelta(days=2), today)
    return start or today + timedelta(days=1)  # the calendar emptied: tomorrow, as at first


@guard.action(SCOPE, field="experiment", refused="")
def _begin(experiments: ExperimentRepo, today: date, start: date) -> None:
    design = _design_chosen(start).model_copy(update={"seed": secrets.randbelow(2**31)})
    experiments.start(design, today)
    st.session_state.pop(PLANNING, None)
    messages.notice(SCOPE, "Your experiment is planned. Each day, Run and Log say what today "
                           "asks of you.")


def _warn_if_today_is_spoken_for(experiments: ExperimentRepo, today: date) -> None:
    """Starting today after today's massage (or socks): the draw may give today a condition
    the day can no longer follow, and day 1 then counts as not followed."""
    done = experiments.done_on(today, localtime.zone())
    broken = already_broken(st.session_state.get(CONDITION_KEY) or [], done)
    if not broken:
        return
    logged = " and ".join(sorted({"massage": "a massage", "socks": "wearing compression socks"}[d]
                                 for d in done))
    could = " or ".join(f"“{CONDITION_LABELS[c]}”" for c in broken)
    st.warning(f"You already logged {logged} today. If chance gives today {could}, day 1 "
               "will count as not followed. Starting tomorrow keeps every day fair.",
               icon=":material/warning:")


WATCH_NOTE = ("Judged by your watch's value the next day: the next morning's resting heart "
              "rate or HRV, or the night's sleep after each day. Solace sees what you import, "
              "so import your watch's export again (Settings) during the experiment and after "
              "its last day.")
WATCH_MODEST = ("A watch's readings vary from night to night and between devices: a "
                "difference here says what went with your days in this experiment, not "
                "anything about the health of your heart.")


def _outcome_picker(measured: set[str]) -> None:
    """The ratings, and a watch's measures the person has imported values of."""
    offered = list(RATED_OUTCOMES) + [o for o in MEASURED_OUTCOMES
                                      if OUTCOME_KINDS[o].measure in measured]
    if st.session_state.get(OUTCOME) not in offered:
        st.session_state[OUTCOME] = "stress"
    # The choices as a row of buttons: one press, and no list box's code to fetch.
    st.segmented_control("What to compare on", offered, key=OUTCOME, required=True,
                         format_func=lambda o: OUTCOME_KINDS[o].name)
    if len(offered) == len(RATED_OUTCOMES):
        st.caption("Importing from a watch in Settings unlocks resting heart rate, HRV and "
                   "time asleep as things to compare on.")
    elif not OUTCOME_KINDS[st.session_state[OUTCOME]].rated:
        st.caption(WATCH_NOTE)


def plan_form(experiments: ExperimentRepo, today: date, catalog: Catalog,
              profile: HealthProfile, measured: set[str] = frozenset()) -> None:
    st.subheader("Plan an experiment", anchor=False)
    st.write("Pick what to compare. Solace then draws the order of the days by chance, in "
             "balanced blocks, so the comparison is fair: each condition gets its turn in every "
             "block, and nothing but chance decides which comes first.")
    st.session_state.setdefault(CONDITION_KEY, ["massage", "socks"])
    st.pills("Compare", list(CONDITIONS), selection_mode="multi", key=CONDITION_KEY,
             format_func=CONDITION_LABELS.get)
    messages.show_problem(SCOPE, "conditions")
    chosen_massage = {"massage", "both"} & set(st.session_state.get(CONDITION_KEY) or [])
    if chosen_massage and (note := massage_note(catalog, profile)):
        st.warning(note, icon=":material/health_and_safety:")
    _question_picker()
    left, right = st.columns(2)
    left.select_slider("Days each turn lasts", limits.EXPERIMENT_DAYS_PER_CONDITION.choices(),
                       value=DEFAULT_DAYS_PER_CONDITION, key=DAYS,
                       help="Longer turns suit something that takes a few days to show.")
    # A slider and rows of buttons rather than a number box and a switch: the same choices,
    # and fewer kinds of widget for a fresh visit to fetch (planner/tools/visits.py).
    right.slider("Blocks", limits.EXPERIMENT_BLOCKS.low, limits.EXPERIMENT_BLOCKS.high,
                 DEFAULT_BLOCKS, key=BLOCK_COUNT,
                 help="Each block gives every condition one turn. More blocks can show a "
                      "smaller difference.")
    yes_no("A wash-out day between turns?", WASH, default=False, required=True,
           help="A day with neither, so one condition doesn't spill into the next.")
    _outcome_picker(measured)
    start = _start_picker(today)
    if start == today:
        _warn_if_today_is_spoken_for(experiments, today)
    try:
        chosen = _design_chosen(start)
        spread = experiments.spread(chosen.outcome, today)
        st.info(plan_in_words(chosen, spread), icon=":material/event:")
        st.caption(describe_alternatives(chosen, spread))
    except (Problem, ValidationError):  # shown by its field when Start is pressed
        st.caption("Pick at least two things to compare.")
    st.button("Start the experiment", type="primary", key=BEGIN, on_click=_begin,
              args=(experiments, today, start), icon=":material/science:")
    messages.show_problem(SCOPE, "experiment")


def _followed(seen: analysis.Observation | None, planned: str) -> tuple[str, bool | None, str]:
    """What the day was, whether it went as planned, and that in words (saying whether the
    person said so or it is read from the log)."""
    if seen is None or (seen.said is None and seen.actual is None):
        return "–", None, "–"
    did = CONDITION_LABELS[seen.actual] if seen.actual else "Not as planned"
    if seen.said is not None:
        return did, seen.said, f"{'yes' if seen.said else 'no'} (you said)"
    kept = seen.actual == planned_condition(planned)
    return did, kept, f"{'yes' if kept else 'no'} (from your log)"


def _schedule_table(found: Experiment, observed: dict[date, analysis.Observation]) -> pd.DataFrame:
    rows = []
    for day in schedule(found.design):
        seen = observed.get(day.day)
        did, followed, in_words = _followed(seen, day.condition)
        rows.append({"day": day.day, "Block": day.block + 1,
                     "planned": day.condition, "Planned": charts.LABELS[day.condition],
                     "What you did": did, "followed": followed, "Followed": in_words,
                     "value": None if not seen else seen.value})
    return pd.DataFrame(rows)


@guard.action(SCOPE, field="experiment", refused="")
def _end(experiments: ExperimentRepo, experiment_id: int) -> None:
    experiments.end(experiment_id)
    st.session_state.pop(ASKING_END, None)
    messages.notice(SCOPE, "The experiment is ended. What you logged is kept and analysed "
                           "below.", "info")


def _ask_end(asking: bool) -> None:
    st.session_state[ASKING_END] = asking


def _end_controls(experiments: ExperimentRepo, found: Experiment) -> None:
    if st.session_state.get(ASKING_END):
        messages.show("End the experiment now? The days logged so far are kept.", "warning")
        with st.container(horizontal=True):
            st.button("End it", key=END_CONFIRM, on_click=_end, args=(experiments, found.id))
            st.button("Keep going", type="primary", key=END_CANCEL, on_click=_ask_end,
                      args=(False,))
    else:
        st.button("End the experiment early", key=END, on_click=_ask_end, args=(True,),
                  type="tertiary", icon=":material/stop_circle:")


def _chart(chart, name: str, owner: tuple) -> None:
    """Its title as a heading of the page's own, then the chart (a picture at once, live when
    asked for: kit.pictures), then what it shows."""
    spec = chart.to_dict()
    st.markdown(f"**{spec.pop('title')}**")
    pictures.chart(spec, "experiment-" + name, owner)
    st.caption(chart.description)


def _stage(found: Experiment, today: date) -> analysis.Stage:
    """The verdict waits for the planned end (or the day it was ended), and for a watch's
    measure until the morning that judges the last day has passed."""
    return analysis.Stage(final=found.final_by(today, localtime.zone()),
                          ended_early=found.ended_at is not None, end=found.design.end)


def _results(found: Experiment, observed: dict, table: pd.DataFrame, today: date,
             owner: tuple) -> None:
    design = found.design
    kind = OUTCOME_KINDS[design.outcome]
    label = kind.label
    stage = _stage(found, today)
    st.subheader("What it shows so far" if not stage.final else "What it shows", anchor=False)
    rated = table[table["value"].notna()]
    if len(rated):
        _chart(charts.outcome_by_day(rated, kind), "days", owner)
    st.caption(analysis.describe_days(design, observed))
    planned = analysis.contrasts(design, observed)
    main, extras = planned[0], planned[1:]
    st.markdown(f"**Your main question: {question_label(main.question)}**")
    st.markdown(analysis.describe(main, label, stage, kind=kind))
    if (chance := analysis.describe_chance(main, design.outcome, label)) is not None:
        st.markdown(chance)
    if design.days_per_condition >= 2:
        trimmed = analysis.contrast(design, observed, main.question, draws=0,
                                    skip_first_day=True)
        if (sensitivity := analysis.describe_without_first_days(trimmed, label, kind)) is not None:
            st.caption(sensitivity)
    followed = analysis.contrasts(design, observed, view="followed", draws=0)
    if extras:  # closed at first: on a phone, eight more results would bury the main one
        with st.expander(f"Extra comparisons ({len(extras)}): leads, not findings"):
            for result in extras:
                st.markdown(f"- {analysis.describe(result, label, stage, brief=True, kind=kind)}")
            st.caption(analysis.EXTRAS_NOTE)
    st.markdown("**As you actually did them**")
    main_followed, *other_followed = followed
    main_said = analysis.describe(main_followed, label, stage, brief=True, kind=kind)
    st.markdown(f"- {main_said}")
    if other_followed:
        with st.expander("The extra comparisons, as you actually did them"):
            for result in other_followed:
                st.markdown(f"- {analysis.describe(result, label, stage, brief=True, kind=kind)}")
    st.caption(analysis.FOLLOWED_NOTE)
    shown = [main, *extras, *followed]
    if any(c.difference is not None and c.ci_low is not None for c in shown):
        _chart(charts.differences(shown, label, kind), "differences", owner)
    st.caption("“As planned” counts every day by what the schedule asked; “as you actually "
               "did them” counts each day by what you said you did in the check-in, or, where "
               "you didn't say, by what your log shows. Only the first was set by chance, so "
               "it is the fairer test. If you skipped the plan more on bad days, the second "
               "can look better or worse than the truth.")
    if not kind.rated:
        st.caption(WATCH_MODEST)


def progress(experiments: ExperimentRepo, frames: Frames, found: Experiment,
             today: date, catalog: Catalog, profile: HealthProfile,
             checkin_at: time | None = None) -> None:
    design = found.design
    kind = OUTCOME_KINDS[design.outcome]
    measured = None if kind.rated else analysis.measure_by_day(frames.measures(),
                                                               design.outcome)
    observed = analysis.observations(frames.sessions(localtime.zone()), frames.checkins(),
                                     design, experiments.answers(design), measured,
                                     found.last_day(localtime.zone()))
    done = analysis.blocks_done(design, observed)
    if found.running_on(today):
        day = assignment(design, today)
        st.success(f"**Today:** {TODAY_TODO[day.condition]}"
                   f"{today_note(day.condition, catalog, profile)}{watch_note(design.outcome)}",
                   icon=":material/today:")
    elif today < design.start:
        st.info(f"Your experiment starts on {design.start:%A %d %B}.", icon=":material/event:")
    else:
        st.info("Your experiment is over. Its results are below.", icon=":material/flag:")
    st.progress(min(1.0, done / design.blocks),
                text=f"{done} of {design.blocks} blocks with every condition "
                     f"{'rated' if kind.rated else 'measured'}")
    st.caption(plan_in_words(design, experiments.spread(design.outcome, design.start)))
    if not kind.rated and not found.final_by(today, localtime.zone()):
        st.caption(WATCH_NOTE)
    table = _schedule_table(found, observed)
    with st.expander("The schedule, day by day"):
        st.caption(f"Drawn by chance from seed {design.seed}. Solace keeps the seed: with the "
                   "same choices it always gives this same schedule, so the draw can be "
                   "checked or made again.")
        st.dataframe(table[["day", "Block", "Planned", "What you did", "Followed", "value"]]
                     .rename(columns={"day": "Day", "value": kind.name if kind.rated else
                                      f"{kind.name} the day after ({kind.unit[1]})"}),
                     hide_index=True, width="stretch")
    st.download_button("Add the schedule to your calendar (.ics)",
                       ics.calendar(design, clock.now(), f"experiment-{found.id}",
                                    checkin_at),
                       file_name="solace-experiment.ics", mime="text/calendar",
                       icon=":material/calendar_add_on:")
    _results(found, observed, table, today, (experiments.db.url, experiments.owner_id))
    if not found.over_by(today):
        _end_controls(experiments, found)


def _plan_another() -> None:
    st.session_state[PLANNING] = True


def page(experiments: ExperimentRepo, frames: Frames, catalog: Catalog,
         profile: HealthProfile, checkin_at: time | None = None,
         measures: MeasureRepo | None = None) -> None:
    """``checkin_at``: the person's daily check-in time (Settings), for the calendar's
    evening reminder; ``measures``: a watch's imported values (their measures can be an
    experiment's outcome)."""
    today = localtime.today()
    messages.show_notice(SCOPE)
    found = experiments.latest()
    if found is None or st.session_state.get(PLANNING):
        plan_form(experiments, today, catalog, profile,
                  measures.measured() if measures is not None else set())
        return
    progress(experiments, frames, found, today, catalog, profile, checkin_at)
    if found.over_by(today):
        st.button("Plan another experiment", key="exp-another", on_click=_plan_another,
                  icon=":material/add:")
