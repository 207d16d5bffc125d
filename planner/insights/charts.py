"""Altair charts for the Insights page: a frame from ``planner.insights`` in, a chart out.

Pure: no Streamlit. Only mark colours are set, from the Okabe-Ito colour-blind-safe palette
(plus a mid grey for reference lines and days without massage); backgrounds, text and gridlines
come from the Streamlit theme, so the charts read on light and dark pages. Where colour tells
things apart a shape or an axis label does too. Widths are left to Streamlit; heights are fixed.

Each chart's explanation in plain words is its ``description``: screen readers announce it, and
the page should show it as a caption (``st.caption(chart.description)``). It isn't a Vega-Lite
subtitle because Streamlit's chart theme colours titles but not subtitles, which stay dark grey
and vanish on a dark page.

The charts are Altair objects whose marks, encodings and titles are written as plain Vega-Lite
dicts. Altair 6 deep-copies every nested schema object each time a chart is layered or
concatenated, and resolves string shorthands through a slow schema lookup; with dicts a chart
builds in a few ms instead of 20-70 ms. ``to_dict()`` still validates the whole spec.

Every builder returns a chart even for an empty frame: the axes with nothing drawn. The page
should show its "not enough days yet" text instead of an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from planner.insights.findings import GROUPS, Difference, GroupSummary

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"  # reads on light and dark pages: reference lines, days without massage

# Blue means massage and orange its absence, in every chart.
MASSAGE_COLOURS = {"Yes": BLUE, "No": ORANGE}
GROUP_COLOURS = {"Massage only": BLUE, "Socks only": PURPLE, "Both": GREEN, "Neither": ORANGE}
MEAN_COLOUR = VERMILLION  # running means and differences
WEEKDAYS = "['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][datum.value]"
STRESS_TITLE = "Stress (0 calm, 10 very stressed)"
_DAY_FORMAT = "%a %d %b %Y"
_ZERO_TO_TEN = {"domain": [0, 10]}
_ONE_ROW = {"values": [{}]}  # data for a mark drawn once, such as the line at zero


def _q(field: str, **options: Any) -> dict:
    return {"field": field, "type": "quantitative", **options}


def _t(field: str, **options: Any) -> dict:
    return {"field": field, "type": "temporal", **options}


def _n(field: str, **options: Any) -> dict:
    return {"field": field, "type": "nominal", **options}


def _o(field: str, **options: Any) -> dict:
    return {"field": field, "type": "ordinal", **options}


def _view(mark: dict, *, data: Any = alt.Undefined, transform: list | None = None,
          **encoding: Any) -> alt.Chart:
    """One mark with its encodings (Vega-Lite dicts, by channel name)."""
    return alt.Chart(data=data, mark=mark, encoding=alt.FacetedEncoding(**encoding),
                     transform=transform if transform else alt.Undefined)


def _zero_rule(channel: str) -> alt.Chart:
    """A dashed grey line at 0 across the whole chart (hidden from screen readers: the axis and
    the caption say where zero is)."""
    return _view({"type": "rule", "color": GREY, "strokeDash": [4, 4], "aria": False},
                 data=_ONE_ROW,
                 **{channel: {"datum": 0}})


def _rounded(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The columns to draw, floats to 2 decimals: what is shown, at a fraction of the bytes."""
    part = frame[list(columns)]
    floats = [c for c in part.columns if pd.api.types.is_float_dtype(part[c])]
    return part.round(dict.fromkeys(floats, 2)) if floats else part


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _floats(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _weekly(frame: pd.DataFrame) -> bool:
    return "resolution" in frame and len(frame) > 0 and frame["resolution"].iat[0] == "week"


def _day_axis(frame: pd.DataFrame) -> dict:
    """Over a few days, one tick a day (not hours); longer spans keep Vega's own ticks."""
    if len(frame) and (frame["day"].max() - frame["day"].min()).days <= 14:
        return {"axis": {"format": "%d %b", "tickCount": {"interval": "day", "step": 1}}}
    return {}


def stress_over_time(frame: pd.DataFrame) -> alt.LayerChart:
    """Dots for each day's stress, coloured by massage that day, and the 7-day mean as a line.

    Takes ``insights.stress_over_time``; weekly rows are titled as weekly means.
    """
    return over_time(frame, "stress", "Stress", STRESS_TITLE)


def over_time(frame: pd.DataFrame, field: str, name: str, axis_title: str,
              domain: tuple[float, float] = (0, 10), what: str | None = None) -> alt.LayerChart:
    """``stress_over_time`` for any measure: ``field`` is its column in ``insights.over_time``,
    ``name`` its short name ("Pain"), ``what`` how a day's value reads ("pain rating")."""
    weekly = _weekly(frame)
    period = "week" if weekly else "day"
    what = what or f"{name.lower()} rating"
    scale = {"domain": list(domain)}
    columns = ["day", field, "rolling", "massage"] + (["days"] if weekly else [])
    x = _t("day", title="Week" if weekly else "Day", **_day_axis(frame))
    when = _t("day", title="Week of" if weekly else "Day", format=_DAY_FORMAT)
    rolling = _q("rolling", title="7-day average", format=".1f")
    legend = f"Massage that {period}"
    tooltip = [when, _q(field, title=f"Average {name.lower()} that week" if weekly else name,
                        format=".1f"),
               rolling, _n("massage_label", title=legend)]
    if weekly:
        tooltip.append(_q("days", title="Days with a rating"))
    dots = _view(
        {"type": "point", "filled": True, "size": 45, "opacity": 0.8},
        transform=[{"calculate": "datum.massage ? 'Yes' : 'No'", "as": "massage_label"}],
        x=x,
        y=_q(field, title=axis_title, scale=scale),
        color=_n("massage_label", title=legend, legend={"orient": "top"},
                 scale={"domain": list(MASSAGE_COLOURS), "range": list(MASSAGE_COLOURS.values())}),
        shape=_n("massage_label", title=legend, legend={"orient": "top"},
                 scale={"domain": list(MASSAGE_COLOURS), "range": ["circle", "diamond"]}),
        tooltip=tooltip,
    )
    line = _view({"type": "line", "color": MEAN_COLOUR, "strokeWidth": 2},
                 x=x, y=_q("rolling", title=axis_title, scale=scale),
                 tooltip=[when, rolling])
    if weekly:
        title = f"{name} over time, weekly means"
        about = (f"Dots: your average {what} each week (a long range is shown by week). "
                 "Line: the average of the last 7 days.")
    else:
        title = f"{name} over time"
        about = f"Dots: your {what} each day. Line: the average of the last 7 days."
    return alt.LayerChart(data=_rounded(frame, columns), layer=[dots, line], title=title,
                          description=about, height=300)


def _session_axis(frame: pd.DataFrame, field: str) -> dict:
    """Over a few days, ticks on whole days and the scale widened to them, so one or two
    sessions don't get an axis of minutes or milliseconds."""
    if len(frame) and (frame[field].max() - frame[field].min()).days <= 14:
        return {"axis": {"format": "%d %b", "tickCount": {"interval": "day", "step": 1}},
                "scale": {"nice": {"interval": "day", "step": 1}}}
    return {}


def _session_fields(frame: pd.DataFrame) -> tuple[bool, list[str], dict, list[dict]]:
    """Weekly or not, the columns drawn, the x encoding and the "when" tooltips."""
    weekly = _weekly(frame)
    if weekly:
        return (True, ["day", "before", "after", "drop", "rolling_drop", "sessions"],
                _t("day", title="Week"),
                [_t("day", title="Week of", format=_DAY_FORMAT),
                 _q("sessions", title="Rated sessions")])
    return (False, ["started_at", "before", "after", "drop", "rolling_drop", "routine_name"],
            _t("started_at", title="Session", **_session_axis(frame, "started_at")),
            [_t("started_at", title="Started", format="%a %d %b %Y, %H:%M"),
             _n("routine_name", title="Routine")])


def session_change(frame: pd.DataFrame) -> alt.LayerChart:
    """Stress before and after each session, a bar joining them.

    Takes ``insights.session_changes``; weekly rows are titled as weekly means.
    """
    weekly, columns, x, when = _session_fields(frame)
    fmt = ".1f" if weekly else ".0f"
    tooltip = [*when, _q("before", title="Stress before", format=fmt),
               _q("after", title="Stress after", format=fmt),
               _q("drop", title="Drop", format=fmt)]
    bars = _view({"type": "rule", "color": SKY_BLUE, "strokeWidth": 2, "opacity": 0.7},
                 x=x, y=_q("before", title=STRESS_TITLE, scale=_ZERO_TO_TEN),
                 y2={"field": "after"}, tooltip=tooltip)
    moments = {"Before": ORANGE, "After": BLUE}
    dots = _view(
        {"type": "point", "filled": True, "size": 50},
        transform=[{"fold": ["before", "after"], "as": ["moment", "rating"]},
                   {"calculate": "datum.moment == 'before' ? 'Before' : 'After'",
                    "as": "moment"}],
        x=x,
        y=_q("rating", title=STRESS_TITLE, scale=_ZERO_TO_TEN),
        # On top: a legend at the side takes a third of a phone's width.
        color=_n("moment", title="Stress rating", legend={"orient": "top"},
                 scale={"domain": list(moments), "range": list(moments.values())}),
        shape=_n("moment", title="Stress rating", legend={"orient": "top"},
                 scale={"domain": list(moments), "range": ["circle", "triangle-down"]}),
        tooltip=tooltip,
    )
    what = "the weekly means of your ratings" if weekly else "your ratings"
    return alt.LayerChart(
        data=_rounded(frame, columns), layer=[bars, dots], height=280,
        title="Stress before and after sessions, weekly means" if weekly
        else "Stress before and after sessions",
        description=f"Dots: {what} before and after each session, joined by a bar.")


def drop_trend(frame: pd.DataFrame) -> alt.LayerChart:
    """How much lower stress was after a session, averaged over the last 10: a line above a
    dashed line at zero. Takes ``insights.session_changes``."""
    _weekly_rows, columns, x, when = _session_fields(frame)
    running = _view({"type": "line", "color": MEAN_COLOUR, "strokeWidth": 2, "point": True},
                    x=x, y=_q("rolling_drop", title="Points lower after"),
                    tooltip=[when[0], _q("rolling_drop", title="Average drop", format=".1f")])
    return alt.LayerChart(
        data=_rounded(frame, columns[:1] + ["rolling_drop"]), layer=[_zero_rule("y"), running],
        height=180,
        title="Average drop over your last 10 rated sessions",
        description="How many points lower your stress was after a session, averaged over "
                    "the last 10; above the dashed line means lower after than before.")


def _month_labels(frame: pd.DataFrame) -> str:
    """A label expression naming the month at the week holding its first day, else nothing."""
    firsts = frame.loc[frame["day"].dt.day == 1, ["week", "month"]]
    expr = "''"
    for week, month in reversed(list(firsts.itertuples(index=False))):  # at most 13 months
        expr = f"datum.value == {int(week)} ? '{month}' : {expr}"
    return expr


def calendar_heatmap(frame: pd.DataFrame) -> alt.Chart:
    """Days as squares, a column per week and a row per weekday, coloured by massage minutes.

    Takes ``insights.calendar``. Days without massage are grey, not the scale's start: a
    solid grey, so that on a light page and a dark one alike it stands apart from the
    scale's darkest colour by more than 3:1 (a faded grey sank into the dark page, beside
    the dark purple of a short massage).
    """
    none = {"test": "datum.minutes <= 0"}
    return alt.Chart(
        data=frame[["day", "minutes", "sessions", "week", "weekday"]],
        mark={"type": "rect", "cornerRadius": 2},
        encoding=alt.FacetedEncoding(
            x=_o("week", title=None,
                 # Greedy: on a narrow phone, a month label that would collide is left out.
                 axis={"labelExpr": _month_labels(frame), "labelAngle": 0, "ticks": False,
                       "domain": False, "labelOverlap": "greedy"}),
            y=_o("weekday", title=None,
                 axis={"labelExpr": WEEKDAYS, "ticks": False, "domain": False}),
            color=_q("minutes", title="Minutes", scale={"scheme": "viridis"},
                     legend={"format": "d", "orient": "bottom"},
                     condition={**none, "value": GREY}),
            tooltip=[_t("day", title="Day", format=_DAY_FORMAT),
                     _q("minutes", title="Minutes of massage", format=".0f"),
                     _q("sessions", title="Sessions")],
        ),
        height=200,  # with the title and axis: rows about as tall as the columns are wide
        title=f"Massage minutes, last {len(frame)} days",
        description="Each square is a day, a column per week with Monday at the top; the "
                    "brighter the square, the more minutes of massage. Grey means none.",
    )


def _day_count(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def group_comparison(points: pd.DataFrame, summaries: Sequence[GroupSummary],
                     measure_label: str = "Stress", unit: str | None = None
                     ) -> alt.LayerChart:
    """Each group's days as faint dots, its mean as a diamond and its 95% interval as a bar.

    Takes ``insights.comparison_points`` and the summaries from ``insights.compare``. Only
    groups with at least one day are drawn, in ``GROUPS`` order, labelled with their days.
    ``unit``: a watch's measure in its own unit (its scale fits its values); None, a rating
    from 0 to 10.
    """
    shown = sorted((s for s in summaries if s.days), key=lambda s: GROUPS.index(s.group))
    # A group with too few days is still drawn, but says so in its label.
    labels = {s.group: f"{s.group} ({_day_count(s.days)}{'' if s.enough else ', too few yet'})"
              for s in shown}
    order, sort = list(labels), list(labels.values())
    table = {"values": [{"group": s.group, "label": labels[s.group], "days": s.days,
                         "mean": _round(s.mean), "ci_low": _round(s.ci_low),
                         "ci_high": _round(s.ci_high)} for s in shown]}
    # The label alone names the row and picks the colour: one column less in the chart data.
    group = points["group"].to_numpy(dtype=object, na_value=None)
    label = np.full(len(group), None, dtype=object)
    jitter = np.zeros(len(group))
    for name, text in labels.items():
        rows = group == name
        label[rows] = text
        # A deterministic spread across the row (golden-ratio steps): reruns don't move dots.
        jitter[rows] = (np.arange(rows.sum()) * 0.6180339887) % 1.0
    keep = pd.notna(label)
    dots = pd.DataFrame({"day": points["day"].to_numpy()[keep], "label": label[keep],
                         "value": _floats(points["value"])[keep],
                         "jitter": np.round(jitter[keep], 2)})
    x_title = f"{measure_label} (0 to 10)" if unit is None else f"{measure_label} ({unit})"
    # The intervals themselves stay within 0 to 10 (insights.findings); so does the scale.
    x_scale = {"domain": [0, 10], "clamp": True} if unit is None else {"zero": False}
    y = _n("label", title=None, sort=sort, axis={"labelLimit": 320})
    color = _n("label", legend=None,
               scale={"domain": sort, "range": [GROUP_COLOURS[g] for g in order]})
    strip = _view(  # opacity 0.5: dots that overlap show it, and stay visible on a dark page
        {"type": "circle", "size": 28, "opacity": 0.5}, data=dots,
        x=_q("value", title=x_title, scale=x_scale, axis={"tickMinStep": 1}), y=y,
        yOffset=_q("jitter", scale={"domain": [-0.2, 1.2]}), color=color,
        tooltip=[_t("day", title="Day", format=_DAY_FORMAT), _n("label", title="Kind of day"),
                 _q("value", title=measure_label)],
    )
    tooltip = [_n("group", title="Kind of day"), _q("days", title="Days"),
               _q("mean", title="Average", format=".1f"),
               _q("ci_low", title="95% interval from", format=".1f"),
               _q("ci_high", title="95% interval to", format=".1f")]
    interval = _view({"type": "rule", "strokeWidth": 3}, data=table,
                     x=_q("ci_low", title=x_title, scale=x_scale), x2={"field": "ci_high"},
                     y=y, color=color, tooltip=tooltip)
    mean = _view({"type": "point", "shape": "diamond", "filled": True, "size": 180,
                  "opacity": 1}, data=table,
                 x=_q("mean", title=x_title, scale=x_scale), y=y, color=color,
                 tooltip=tooltip)
    about = (f"Each dot is one day's {measure_label.lower()}"
             f"{' rating' if unit is None else ''}. The diamond is the "
             "average for that kind of day and the bar its 95% interval: the narrower the bar, "
             "the surer the average.")
    return alt.LayerChart(layer=[strip, interval, mean], height=70 * max(1, len(order)) + 80,
                          title=f"{measure_label} by kind of day", description=about)


def differences_chart(diffs: Sequence[Difference], measure_label: str = "stress",
                      unit: str = "points") -> alt.LayerChart:
    """Each compared pair's difference in means with its 95% interval, beside a line at zero.

    Takes the differences from ``insights.compare``; only pairs with enough days are drawn.
    """
    shown = [d for d in diffs if d.enough and d.difference is not None]
    pairs = [f"{d.first} vs {d.second}" for d in shown]
    table = {"values": [{"pair": pair, "difference": _round(d.difference),
                         "ci_low": _round(d.ci_low), "ci_high": _round(d.ci_high),
                         "days_first": d.days_first,
                         "days_second": d.days_second} for pair, d in zip(pairs, shown,
                                                                          strict=True)]}
    x_title = f"Difference in average {measure_label} ({unit})"
    x_axis = {"format": "+.1f"}
    y = _n("pair", title=None, sort=pairs, axis={"labelLimit": 320})
    tooltip = [_n("pair", title="Compared"),
               _q("difference", title="Difference", format="+.1f"),
               _q("ci_low", title="Interval from", format="+.1f"),
               _q("ci_high", title="Interval to", format="+.1f"),
               _q("days_first", title="Days (first)"),
               _q("days_second", title="Days (second)")]
    interval = _view({"type": "rule", "color": BLUE, "strokeWidth": 3},
                     x=_q("ci_low", title=x_title, axis=x_axis), x2={"field": "ci_high"}, y=y,
                     tooltip=tooltip)
    point = _view({"type": "point", "color": MEAN_COLOUR, "filled": True, "size": 120,
                   "opacity": 1},
                  x=_q("difference", title=x_title, axis=x_axis), y=y, tooltip=tooltip)
    about = (f"Each row: the average {measure_label} on the first kind of day minus the average "
             "on the second. The bar is its interval, allowing for similar days in a row and "
             "for comparing these pairs at once; when it crosses the dashed line at 0, the "
             "difference could be zero.")
    return alt.LayerChart(data=table, layer=[_zero_rule("x"), interval, point],
                          height=50 * max(1, len(pairs)) + 90,
                          title=f"Differences in average {measure_label}", description=about)


def measure_over_time(frame: pd.DataFrame, label: str, unit: str) -> alt.LayerChart:
    """A watch's measure: a dot a day and the 7-day average as a line (or weekly means for a
    long period). Takes ``insights.measures.over_time``."""
    weekly = _weekly(frame)
    x = _t("day", title="Week" if weekly else "Day", **_day_axis(frame))
    when = _t("day", title="Week of" if weekly else "Day", format=_DAY_FORMAT)
    title_y = f"{label} ({unit})"
    y_scale = {"zero": False}
    dots = _view({"type": "point", "filled": True, "size": 35, "opacity": 0.7, "color": BLUE},
                 x=x, y=_q("value", title=title_y, scale=y_scale),
                 tooltip=[when, _q("value", title=label, format=",.1f")])
    line = _view({"type": "line", "color": MEAN_COLOUR, "strokeWidth": 2},
                 x=x, y=_q("average", title=title_y, scale=y_scale),
                 tooltip=[when, _q("average", title="7-day average", format=",.1f")])
    if weekly:
        title, about = (f"{label}, weekly means",
                        f"Each dot: your average {label.lower()} that week (a long period is "
                        "shown by week).")
        layers = [dots]
    else:
        title, about = (f"{label} over time", f"Dots: your {label.lower()} each day, from your "
                        "watch. Line: the average of the last 7 days.")
        layers = [dots, line]
    return alt.LayerChart(data=_rounded(frame, ["day", "value", "average"]), layer=layers,
                          title=title, description=about, height=260)
