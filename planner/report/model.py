"""A report to take to a doctor, physiotherapist or midwife: one period's figures as plain data.

Pure: frames and records in, a ``Report`` out (numbers, the app's own sentences and the chart
specs as Vega-Lite dicts); planner/report/document.py turns it into HTML and a PDF, and
planner/report/repo.py gathers what it needs from the database. The figures are the Insights
page's, worked out the same way (planner.insights.findings), so the two agree for a period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator

from planner.kernel import limits
from planner.kernel.checks import Day, refuse
from planner.settings.model import CONDITION_LABELS, HealthProfile

if TYPE_CHECKING:
    import pandas as pd

    from planner.experiments.model import Answer, Experiment
    from planner.schedule.model import Slot

# How each rating of the check-in reads in the report (the app's own words).
MEASURE_NAMES = {"stress": "Stress", "swelling": "Leg heaviness or swelling", "pain": "Foot pain",
                 "sleep": "Sleep"}
COMPARED = ("stress", "swelling")  # the Insights page's comparisons
# On paper, a period longer than this is charted by week, and a comparison draws fewer dots:
# a page of a few hundred dots says no more, and each one costs time in the PDF.
WEEKLY_AFTER_DAYS = 92
WEEKLY_AFTER_SESSIONS = 60
DOTS_PER_GROUP = 60
NOT_ADVICE = ("Solace is a relaxation planner, not medical advice. These are the person's own "
              "ratings from 0 to 10, logged in the app; nothing in them was measured or "
              "checked by anyone else.")
WHOSE = ("Made by the person with Solace, a foot-massage planner. Where the text says "
         "\u201cyou\u201d, it means them: the sentences are the ones the app shows them.")


class Period(BaseModel):
    """The days a report covers, both included. ``context={"today": …}`` for the checks."""

    model_config = ConfigDict(frozen=True)

    start: Day
    end: Day

    @model_validator(mode="after")
    def _in_order(self, info: ValidationInfo) -> Period:
        today = (info.context or {}).get("today")
        if self.start < limits.EARLIEST_DAY:
            raise refuse(f"Pick a first day from {limits.EARLIEST_DAY.year} on.", field="start")
        if self.start > self.end:
            raise refuse(f"The period starts on {self.start:%d %b %Y}, after its last day "
                         f"({self.end:%d %b %Y}): pick a first day on or before the last.",
                         field="start")
        if today is not None and self.start > today:
            raise refuse(f"The period starts on {self.start:%d %b %Y}, after today: there is "
                         "nothing logged yet to report.", field="start")
        return self

    def up_to(self, today: date) -> Period:
        """The same period, ending today at the latest."""
        return self if self.end <= today else Period(start=self.start, end=today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Chart:
    """One of the app's charts: its title, what it shows in words, and the Vega-Lite spec."""

    title: str
    description: str
    spec: dict


@dataclass(frozen=True)
class RoutineDone:
    name: str
    sessions: int
    minutes: float


@dataclass(frozen=True)
class GroupRow:
    """One kind of day in a comparison: days, average and its 95% interval."""

    group: str
    days: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Comparison:
    measure: str  # its name as the report shows it
    groups: tuple[GroupRow, ...]
    sentences: tuple[str, ...]
    chart: Chart | None


@dataclass(frozen=True)
class ExperimentResult:
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class DayRow:
    day: date
    sessions: int
    minutes: float
    ratings: tuple[int | None, ...]  # in MEASURE_NAMES order
    socks: bool | None  # None: no check-in that day
    sock_hours: float | None
    pulse: int | None
    pressure: str | None  # "120/80"
    notes: str  # the person's own words, as typed


@dataclass(frozen=True)
class Report:
    period: Period
    made: datetime  # when, in the person's zone
    sample: bool  # made-up sample data is among the records
    conditions: tuple[str, ...]  # ticked in the health profile, in the app's first-person words
    sessions: int
    minutes: float
    checkin_days: int
    mean_drop: float | None  # before minus after, over sessions with both ratings
    rated_sessions: int
    mean_before: float | None
    mean_after: float | None
    routines: tuple[RoutineDone, ...]
    adherence: str | None  # the weekly plan in one sentence; None without a plan
    adherence_chart: Chart | None  # planned and done, week by week
    charts: tuple[Chart, ...]
    comparisons: tuple[Comparison, ...]
    interval_note: str
    observation_note: str
    experiment: ExperimentResult | None
    days: tuple[DayRow, ...]

    @property
    def empty(self) -> bool:
        return not self.sessions and not self.checkin_days


def _chart(chart) -> Chart:
    # Not validated against the Vega-Lite schema again: the builders' unit tests do that, and
    # here it would cost half a second a report.
    spec = chart.to_dict(validate=False)
    return Chart(str(spec.pop("title", "")), str(spec.pop("description", "")), spec)


def _number(value) -> int | None:
    import pandas as pd

    return None if pd.isna(value) else int(value)


def _day_rows(daily: pd.DataFrame, checkins: pd.DataFrame, notes: dict[date, str]
              ) -> tuple[DayRow, ...]:
    import pandas as pd

    extra = checkins.set_index(checkins["day"].dt.date)[["sock_hours", "pulse", "systolic",
                                                         "diastolic"]]
    rows = []
    for record in daily.itertuples(index=False):
        day = record.day.date()
        more = extra.loc[day] if day in extra.index else None
        hours = pulse = pressure = None
        if more is not None:
            hours = None if pd.isna(more["sock_hours"]) else float(more["sock_hours"])
            pulse = _number(more["pulse"])
            high, low = _number(more["systolic"]), _number(more["diastolic"])
            pressure = f"{high}/{low}" if high is not None and low is not None else None
        socks = None if pd.isna(record.socks) else bool(record.socks)
        rows.append(DayRow(day, int(record.sessions), float(record.massage_minutes),
                           tuple(_number(getattr(record, m)) for m in MEASURE_NAMES),
                           socks, hours, pulse, pressure, notes.get(day, "")))
    return tuple(rows)


def _adherence(slots: list[Slot], sessions: pd.DataFrame, period: Period, now: datetime,
               zone: tzinfo) -> tuple[str | None, Chart | None]:
    from planner.schedule import charts as plan_charts
    from planner.schedule import model as weekly

    if not slots:
        return None, None
    until = min(now, datetime.combine(period.end + timedelta(days=1), time(), zone)
                - timedelta(seconds=1))
    weeks_in_period = (weekly.monday(period.end) - weekly.monday(period.start)).days // 7 + 1
    done = [stamp.date() for stamp in sessions["day"]]
    weeks = weekly.weekly_adherence(slots, done, until, zone, weeks_in_period)
    chart = None
    if any(week.planned for week in weeks):
        spec = plan_charts.adherence_chart(weeks).to_dict(validate=False)
        chart = Chart("Sessions planned and done, week by week",
                      str(spec.pop("description", "")), spec)
    return weekly.adherence_sentence(weeks), chart


def _comparison(daily: pd.DataFrame, measure: str, period: Period) -> Comparison:
    from planner.insights import charts, findings

    name = MEASURE_NAMES[measure]
    summaries, differences = findings.compare(daily, measure, period.start, period.end)
    points = findings.comparison_points(daily, measure, period.start, period.end,
                                        DOTS_PER_GROUP)
    chart = _chart(charts.group_comparison(points, summaries, name)) if len(points) else None
    return Comparison(
        name,
        tuple(GroupRow(s.group, s.days, s.mean, s.ci_low, s.ci_high) for s in summaries),
        tuple(findings.describe_difference(d, name.lower()) for d in differences), chart)


def _experiment(experiment: Experiment | None, answers: dict[date, Answer],
                sessions: pd.DataFrame, checkins: pd.DataFrame, period: Period,
                today: date, zone: tzinfo, measures: pd.DataFrame | None = None
                ) -> ExperimentResult | None:
    """A finished experiment that overlaps the period, in the Experiment page's words."""
    from planner.experiments import analysis
    from planner.experiments.model import OUTCOME_KINDS, question_label

    if experiment is None or not experiment.over_by(today):
        return None
    design = experiment.design
    if design.end < period.start or design.start > period.end:
        return None
    kind = OUTCOME_KINDS[design.outcome]
    label = kind.label
    observed = analysis.observations(sessions, checkins, design, answers,
                                     analysis.measure_by_day(measures, design.outcome),
                                     experiment.last_day(zone))
    main = analysis.contrast(design, observed, design.primary)
    stage = analysis.Stage(final=experiment.final_by(today, zone),
                           ended_early=experiment.ended_at is not None,
                           end=design.end)
    said = [analysis.describe_days(design, observed),
            analysis.describe(main, label, stage, kind=kind)]
    if (chance := analysis.describe_chance(main, design.outcome, label)) is not None:
        said.append(chance)
    followed = analysis.contrast(design, observed, design.primary, view="followed", draws=0)
    said.append(analysis.describe(followed, label, stage, kind=kind))
    return ExperimentResult(f"Experiment, {design.start.day} {design.start:%b %Y} to "
                            f"{design.end.day} {design.end:%b %Y}: "
                            f"{question_label(main.question)}", tuple(said))


def make_report(*, period: Period, sessions: pd.DataFrame, checkins: pd.DataFrame,
                notes: dict[date, str], profile: HealthProfile, slots: list[Slot],
                experiment: Experiment | None, answers: dict[date, Answer], now: datetime,
                zone: tzinfo, sample: bool = False, measures: pd.DataFrame | None = None
                ) -> Report:
    """The report for ``period``. ``sessions``, ``checkins`` and ``measures`` (a watch's
    values) are the Insights frames (planner.insights.frames, days in ``zone``); ``notes`` the
    check-ins' notes by day."""
    from planner.insights import charts, findings
    from planner.insights import measures as watch
    from planner.watch.model import LABELS, MEASURES, UNITS

    today = now.astimezone(zone).date()
    period = period.up_to(today)
    start, end = period.start, period.end
    daily_all = findings.daily(sessions, checkins)
    daily = findings.in_range(daily_all, start, end)
    done = findings.in_range(sessions, start, end)
    drop = (done["stress_before"] - done["stress_after"]).dropna()
    rated = done.loc[drop.index]
    by_routine = (done.groupby("routine_name", sort=False)["minutes"].agg(["size", "sum"])
                  .sort_values(["size", "sum"], ascending=False))
    routines = tuple(RoutineDone(str(name), int(row["size"]), float(row["sum"]))
                     for name, row in by_routine.iterrows())

    drawn = []
    stress = findings.over_time(daily_all, "stress", start, end, WEEKLY_AFTER_DAYS)
    if len(stress):
        drawn.append(_chart(charts.stress_over_time(stress)))
    changes = findings.session_changes(sessions, start, end, WEEKLY_AFTER_SESSIONS)
    if len(changes):
        drawn += [_chart(charts.session_change(changes)), _chart(charts.drop_trend(changes))]
    # Hours in socks are not in the daily frame: added here, by day, for their chart.
    hours = checkins.set_index("day")["sock_hours"]
    with_hours = daily_all.assign(sock_hours=daily_all["day"].map(hours).astype("float64"))
    for measure, axis, what in (
            ("swelling", "Heaviness or swelling (0 none, 10 severe)", None),
            ("pain", "Foot pain (0 none, 10 severe)", None),
            ("sleep", "Sleep (0 very poor, 10 very good)", None),
            ("sock_hours", "Hours in compression socks", "hours in socks")):
        frame = findings.over_time(with_hours, measure, start, end, WEEKLY_AFTER_DAYS)
        if len(frame):
            name = MEASURE_NAMES.get(measure, "Hours in socks")
            drawn.append(_chart(charts.over_time(frame, measure, name, axis,
                                                 (0, 24) if measure == "sock_hours" else (0, 10),
                                                 what)))
    if measures is not None and len(measures):
        by_day = watch.day_measures(measures)
        for measure in MEASURES:
            series = watch.over_time(by_day, measure, start, end)
            if len(series):
                drawn.append(_chart(charts.measure_over_time(series, LABELS[measure],
                                                             UNITS[measure])))
    if len(daily):
        drawn.append(_chart(charts.calendar_heatmap(
            findings.calendar(daily_all, end, min(period.days, 365)))))
    sentence, plan_chart = _adherence(slots, sessions, period, now, zone)

    return Report(
        period=period, made=now.astimezone(zone), sample=sample,
        conditions=tuple(CONDITION_LABELS[c] for c in CONDITION_LABELS
                         if c in profile.conditions),
        sessions=len(done), minutes=float(done["minutes"].sum()),
        checkin_days=int(daily["socks"].notna().sum()),
        mean_drop=float(drop.mean()) if len(drop) else None, rated_sessions=len(drop),
        mean_before=float(rated["stress_before"].mean()) if len(drop) else None,
        mean_after=float(rated["stress_after"].mean()) if len(drop) else None,
        routines=routines, adherence=sentence, adherence_chart=plan_chart, charts=tuple(drawn),
        comparisons=tuple(_comparison(daily_all, m, period) for m in COMPARED if len(daily)),
        interval_note=findings.INTERVAL_NOTE, observation_note=findings.OBSERVATION_NOTE,
        experiment=_experiment(experiment, answers, sessions, checkins, period, today, zone,
                               measures),
        days=_day_rows(daily, checkins, notes))
