"""The Insights page: cached frames and chart specs, and the words around them.

Speed: the frames come from the store once per data version; the chart specs are built once per
(data version, date range, measure) and kept as plain Vega-Lite dicts. A rerun that changes
nothing about the data or the filters rebuilds no chart and converts no Altair object: it hands
the cached spec to ``kit.pictures.chart``, which shows a picture drawn on the server at once and
the live chart when a person reaches for it. The builders themselves are Altair
(planner.insights.charts), validated against the Vega-Lite schema in the unit tests rather than
on every page view.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from planner.insights import findings
from planner.insights.frames import Frames
from planner.journal.repo import SampleRepo
from planner.kernel import clock
from planner.kernel.formatting import format_long
from planner.report.repo import ReportRepo
from planner.ui import pages
from planner.ui.insights.report import report_button
from planner.ui.kit import localtime, pictures
from planner.ui.kit.figures import Figure, figure_row
from planner.ui.kit.vega import spec as _spec
from planner.watch.model import LABELS, UNITS

RANGES = {
    "Last 30 days": 30,
    "Last 3 months": 91,
    "Last 12 months": 365,
    "All time": None,
}
MEASURES = {"stress": "Stress", "swelling": "Leg heaviness or swelling"}
RANGE_KEY = "insights-range"
CUSTOM = "Choose dates"


@dataclass(frozen=True)
class Overview:
    """The figures at the top of the page, for one data version and period."""

    sessions: int
    massage_minutes: float
    checkin_days: int
    mean_drop: float | None


@dataclass(frozen=True)
class Section:
    """One tab's charts (Vega-Lite dicts, None where there is nothing to draw) and words.
    ``owner``: whose data they show (its pictures are cached under it)."""

    specs: dict[str, dict | None]
    sentences: tuple[str, ...] = ()
    weekly: bool = False
    streaks: tuple[int, int] = (0, 0)
    adjusted: tuple[str, ...] = ()  # the Watch tab: swelling with steps taken into account
    owner: tuple = ()


@st.cache_data(max_entries=4, show_spinner=False)
def _frames(url: str, owner_id: int, version: int, zone: str, _repo: Frames
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sessions and the per-day frame: read from the database once per data version.

    Days are the person's calendar days, so the frames depend on their time zone too.
    """
    sessions = _repo.sessions(clock.zone_named(zone))
    return sessions, findings.daily(sessions, _repo.checkins())


@st.cache_data(max_entries=32, show_spinner=False)
def _overview(url: str, owner_id: int, version: int, zone: str, start: date | None, end: date,
              _repo: Frames) -> Overview:
    sessions, daily = _frames(url, owner_id, version, zone, _repo)
    session_rows = findings.in_range(sessions, start, end)
    rated = (session_rows["stress_before"] - session_rows["stress_after"]).dropna()
    return Overview(
        sessions=len(session_rows),
        massage_minutes=float(session_rows["minutes"].sum()),
        checkin_days=int(findings.in_range(daily, start, end)["socks"].notna().sum()),
        mean_drop=float(rated.mean()) if len(rated) else None,
    )


def _stress_section(sessions: pd.DataFrame, daily: pd.DataFrame, start: date | None,
                    end: date, _today: date, _measure: str) -> Section:
    from planner.insights import charts

    stress = findings.stress_over_time(daily, start, end)
    weekly = bool(len(stress)) and (stress["resolution"] == "week").any()
    return Section({"stress": _spec(charts.stress_over_time(stress)) if len(stress) else None},
                   weekly=weekly)


def _sessions_section(sessions: pd.DataFrame, daily: pd.DataFrame, start: date | None,
                      end: date, _today: date, _measure: str) -> Section:
    from planner.insights import charts

    changes = findings.session_changes(sessions, start, end)
    drawn = bool(len(changes))
    return Section({"changes": _spec(charts.session_change(changes)) if drawn else None,
                    "drop": _spec(charts.drop_trend(changes)) if drawn else None})


def _year_section(sessions: pd.DataFrame, daily: pd.DataFrame, _start: date | None,
                  end: date, today: date, _measure: str) -> Section:
    from planner.insights import charts

    return Section({"calendar": _spec(charts.calendar_heatmap(findings.calendar(daily, end)))},
                   streaks=findings.streaks(sessions["day"], today))


def _compare_section(sessions: pd.DataFrame, daily: pd.DataFrame, start: date | None,
                     end: date, _today: date, measure: str) -> Section:
    from planner.insights import charts

    summaries, differences = findings.compare(daily, measure, start, end)
    points = findings.comparison_points(daily, measure, start, end)
    label = MEASURES[measure]
    enough = [d for d in differences if d.enough]
    return Section(
        {"groups": _spec(charts.group_comparison(points, summaries, label)) if len(points)
         else None,
         "differences": _spec(charts.differences_chart(enough, label.lower())) if enough
         else None},
        sentences=tuple(findings.describe_difference(d, label.lower()) for d in differences))


def _watch_section(sessions: pd.DataFrame, daily: pd.DataFrame, start: date | None,
                   end: date, _today: date, measure: str) -> Section:
    from planner.insights import charts
    from planner.insights import measures as watch

    label, unit = LABELS[measure], UNITS[measure]
    series = watch.over_time(daily, measure, start, end)
    summaries, differences = watch.compare_measure(daily, measure, start, end)
    points = findings.comparison_points(daily, measure, start, end)
    enough = [d for d in differences if d.enough]
    short = label.split(" (")[0].lower()
    return Section(
        {"over_time": _spec(charts.measure_over_time(series, label, unit)) if len(series)
         else None,
         "groups": _spec(charts.group_comparison(points, summaries, label, unit))
         if len(points) else None,
         "differences": _spec(charts.differences_chart(enough, short, unit)) if enough
         else None},
        sentences=tuple(findings.describe_difference(d, short, unit) for d in differences),
        adjusted=tuple(watch.describe_steps(watch.swelling_with_steps(daily, start, end))),
        weekly=bool(len(series)) and (series["resolution"] == "week").any())


_BUILDERS = {"stress": _stress_section, "sessions": _sessions_section, "year": _year_section,
             "compare": _compare_section, "watch": _watch_section}


@st.cache_data(max_entries=64, show_spinner=False)
def _section(url: str, owner_id: int, version: int, zone: str, start: date | None, end: date,
             today: date, name: str, measure: str, _repo: Frames) -> Section:
    """One tab's content, built only when the tab is open, once per data version and period."""
    sessions, daily = _frames(url, owner_id, version, zone, _repo)
    if name == "watch":
        from planner.insights import measures as watch

        daily = watch.with_measures(daily, watch.day_measures(_repo.measures()))
    return replace(_BUILDERS[name](sessions, daily, start, end, today, measure),
                   owner=(url, owner_id))


def date_range(today: date) -> tuple[date | None, date]:
    choice = st.segmented_control("Period", [*RANGES, CUSTOM], default="Last 12 months",
                                  key=RANGE_KEY, required=True)
    if choice == CUSTOM:
        picked = st.date_input("From and to", value=(today - timedelta(days=90), today),
                               max_value=today, key="insights-dates", format="YYYY-MM-DD")
        if isinstance(picked, tuple) and len(picked) == 2:
            return picked[0], picked[1]
        st.caption("Pick an end date too.")
        return picked[0] if picked else None, today
    days = RANGES[choice or "Last 12 months"]
    return (today - timedelta(days=days - 1) if days else None), today


def _chart(view: Section, name: str, empty: str) -> None:
    """A picture of the chart at once, the live chart when asked for (kit.pictures)."""
    spec = view.specs[name]
    if spec is None:
        st.caption(empty)
    else:
        pictures.chart(spec, "insights-" + name, view.owner)


def page(frames: Frames, sample: SampleRepo, empty: bool,
         measure_key: str = "insights-measure", reports: ReportRepo | None = None,
         watch_values: bool = False) -> None:
    """``empty``: nothing logged yet (no session, no check-in); ``watch_values``: values from
    a watch were imported (their tab has something to show even then). ``reports``: offer
    "Make a report" for the period shown."""
    today = localtime.today()
    version = frames.version()
    if empty and not watch_values:
        st.info("Nothing to chart yet. Check in on the **Log** page each day and follow a "
                "routine now and then; after a few days your charts appear here.",
                icon=":material/insights:")
        pages.LOG.link("Go to the Log page (you can load sample data there to try the charts)")
        return

    if sample.present():
        st.markdown(":orange-badge[Sample data] These charts include made-up sample data. "
                    "You can remove it on the Log page.")
    start, end = date_range(today)
    key = (frames.db.url, frames.owner_id, version, localtime.zone_name(), start, end)
    overview = _overview(*key, frames)
    if not overview.sessions and not overview.checkin_days and not watch_values:
        st.info("Nothing was logged in this period. Pick a longer one.",
                icon=":material/date_range:")
        return

    _metrics(overview)
    if reports is not None:
        report_button(reports, start, end)
    # One section at a time: only the open tab is built and drawn, so the page comes quickly.
    tabs = st.tabs(list(SECTIONS), key=SECTION_KEY, on_change="rerun")
    for tab, (name, draw) in zip(tabs, SECTIONS.values(), strict=True):
        if tab.open:
            measure = st.session_state.get(measure_key) or "stress"
            if name == "watch":
                measure = st.session_state.get(WATCH_KEY) or "resting_hr"
            with tab:
                draw(_section(*key, today, name, measure, frames), measure_key)


def _metrics(view: Overview) -> None:
    change = "–" if view.mean_drop is None else f"{-view.mean_drop:+.1f} points"
    figure_row([Figure("Sessions", str(view.sessions)),
                Figure("Massage time", format_long(round(view.massage_minutes * 60))),
                Figure("Days checked in", str(view.checkin_days)),
                Figure("Stress change per session", change,
                       "After minus before, averaged over sessions with both ratings.")],
               framed=True)


def _stress(view: Section, _measure_key: str) -> None:
    st.subheader("Stress over time", anchor=False)
    st.caption("Your daily stress from the check-ins, with the average over the last 7 days."
               + (" The period is long, so each point is a week's average." if view.weekly
                  else ""))
    _chart(view, "stress", "No stress ratings in this period yet.")


def _sessions(view: Section, _measure_key: str) -> None:
    st.subheader("Before and after each session", anchor=False)
    st.caption("How stressed you felt before and after each session you rated, and the "
               "average change over your last 10 sessions.")
    _chart(view, "changes", "No sessions with both ratings in this period yet. Rate "
           "your stress before and after on the Run page.")
    _chart(view, "drop", "")


def _year(view: Section, _measure_key: str) -> None:
    st.subheader("Massage minutes: a year at a glance", anchor=False)
    current, longest = view.streaks
    figure_row([Figure("Current streak", f"{current} day" + ("" if current == 1 else "s")),
                Figure("Longest streak", f"{longest} day" + ("" if longest == 1 else "s"))])
    _chart(view, "calendar", "")


def _compare(view: Section, measure_key: str) -> None:
    st.subheader("Massage days and compression-sock days", anchor=False)
    st.segmented_control("Compare", list(MEASURES), format_func=MEASURES.get, default="stress",
                         key=measure_key, required=True)
    st.caption("Each check-in day falls in one group: massage only, socks only, both, or "
               "neither. Dots are days; the diamond is the average, with its 95% interval.")
    _chart(view, "groups", "No check-in days in this period yet.")
    for sentence in view.sentences:
        st.markdown(f"- {sentence}")
    if view.specs["differences"] is not None:
        st.caption("The differences between groups, each with its interval. The dashed "
                   "line is no difference at all; an interval that crosses it could be zero.")
    _chart(view, "differences", "")
    st.caption(findings.INTERVAL_NOTE)
    st.info(findings.OBSERVATION_NOTE, icon=":material/lightbulb:")
    pages.EXPERIMENT.link("For a fair test, plan an experiment")


def _watch(view: Section, _measure_key: str) -> None:
    st.subheader("From your watch", anchor=False)
    st.segmented_control("Measure", list(LABELS), format_func=LABELS.get,
                         default="resting_hr", key=WATCH_KEY, required=True)
    if view.specs["over_time"] is None:
        st.caption("No values from a watch in this period. Import them on the Settings page "
                   "(“From your watch”).")
        pages.SETTINGS.link("Go to Settings")
        return
    st.caption("Where a day has values from several devices, Solace takes the most steps "
               "and the longest sleep (a phone on a desk counts fewer), and the average of the "
               "heart readings." + (" The period is long, so each point is a week's average."
                                    if view.weekly else ""))
    _chart(view, "over_time", "")
    st.markdown("**By kind of day**")
    _chart(view, "groups", "No check-in days with this measure in this period yet.")
    for sentence in view.sentences:
        st.markdown(f"- {sentence}")
    _chart(view, "differences", "")
    st.caption(findings.INTERVAL_NOTE)
    st.markdown("**Leg swelling, with your steps taken into account**")
    st.caption("Standing and walking make legs swell, so socks worn on busy days can look "
               "worse than they are. This compares days as if they had the same steps.")
    for sentence in view.adjusted:
        st.markdown(f"- {sentence}")
    st.info(findings.OBSERVATION_NOTE, icon=":material/lightbulb:")


SECTIONS = {"Stress": ("stress", _stress), "Sessions": ("sessions", _sessions),
            "A year at a glance": ("year", _year), "Massage vs socks": ("compare", _compare),
            "Watch": ("watch", _watch)}
SECTION_KEY = "insights-section"
WATCH_KEY = "insights-watch-measure"
