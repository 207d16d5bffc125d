"""Insights charts: marks, encodings, palette, tooltips and data, read from the Vega-Lite spec."""

from __future__ import annotations

import re
from datetime import date

import altair as alt
import pandas as pd
import pytest

from planner.insights import charts, findings
from planner.insights.charts import BLUE, GREEN, GREY, GROUP_COLOURS, ORANGE, PURPLE, VERMILLION
from tests.insights.test_findings import (
    MASSAGE,
    NEITHER,
    NO_CHECKINS,
    NO_SESSIONS,
    SOCKS,
    day,
    days_of,
    make_checkins,
    make_sessions,
)

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
ALLOWED_COLOURS = OKABE_ITO | {GREY}


def units(spec: dict) -> list[dict]:
    """Every single-mark view in a spec, through layers and concatenations."""
    if "mark" in spec:
        return [spec]
    return [u for key in ("layer", "vconcat", "hconcat") for part in spec.get(key, [])
            for u in units(part)]


def marks(spec: dict) -> list[str]:
    return [u["mark"]["type"] for u in units(spec)]


def rows(spec: dict, unit: dict | None = None) -> list[dict]:
    """The rows a view draws: its own data, else the nearest data above it (here: the top)."""
    data = (unit or {}).get("data") or spec.get("data")
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def colours(spec) -> set[str]:
    """Every colour-looking string anywhere in the spec."""
    if isinstance(spec, dict):
        return set().union(*(colours(v) for v in spec.values())) if spec else set()
    if isinstance(spec, list):
        return set().union(*(colours(v) for v in spec)) if spec else set()
    return {spec} if isinstance(spec, str) and spec.startswith("#") else set()


def assert_themed_by_streamlit(spec: dict) -> None:
    """Only mark colours are set: no background, text or axis colours, no fixed width."""
    assert colours(spec) <= ALLOWED_COLOURS
    assert "background" not in spec and "width" not in spec
    config = spec.get("config", {})
    assert set(config) <= {"view"} and set(config.get("view", {})) <= {"continuousWidth",
                                                                      "continuousHeight"}
    for unit in units(spec):
        assert "width" not in unit


def assert_tooltips(spec: dict, skip_marks=("rule",)) -> None:
    """Every view a person can point at has a tooltip (the line at zero needs none)."""
    for unit in units(spec):
        if unit["encoding"].get("tooltip") is None:
            assert unit["mark"]["type"] in skip_marks and "datum" in str(unit["encoding"])


@pytest.fixture
def log():
    sessions = make_sessions(
        [(day(i), 8 + (i % 2) * 10, 15, 6, 6 - i % 4, "Evening calm") for i in range(0, 40)]
    )
    checkins = make_checkins([{"day": day(i), "stress": i % 9, "socks": i % 3 == 0}
                              for i in range(45)])
    return sessions, checkins, findings.daily(sessions, checkins)


# --- stress over time -----------------------------------------------------------------------------


def test_stress_over_time(log):
    _, _, frame = log
    data = findings.stress_over_time(frame, day(0), day(29))
    spec = charts.stress_over_time(data).to_dict()
    assert marks(spec) == ["point", "line"]
    dots, line = units(spec)
    assert dots["encoding"]["x"] == {"field": "day", "type": "temporal", "title": "Day"}
    assert dots["encoding"]["y"]["field"] == "stress"
    assert dots["encoding"]["y"]["scale"] == {"domain": [0, 10]}
    assert dots["encoding"]["color"]["field"] == "massage_label"
    assert dots["encoding"]["color"]["title"] == "Massage that day"
    assert dots["encoding"]["color"]["scale"]["range"] == [BLUE, ORANGE]
    assert dots["encoding"]["shape"]["field"] == "massage_label"  # not colour alone
    assert line["encoding"]["y"]["field"] == "rolling" and line["mark"]["color"] == VERMILLION
    assert len(rows(spec)) == 30
    assert rows(spec)[0]["stress"] == 0 and set(rows(spec)[0]) == {"day", "stress", "rolling",
                                                                    "massage"}
    assert spec["title"] == "Stress over time"
    assert spec["description"].startswith("Dots: your stress rating each day.")
    assert_tooltips(spec)
    assert_themed_by_streamlit(spec)


def test_stress_over_time_weekly_says_so():
    checkins = make_checkins([{"day": day(i), "stress": i % 10} for i in range(500)])
    data = findings.stress_over_time(findings.daily(NO_SESSIONS, checkins))
    spec = charts.stress_over_time(data).to_dict()
    assert "weekly means" in spec["title"]
    assert "each week" in spec["description"]
    dots = units(spec)[0]
    assert dots["encoding"]["x"]["title"] == "Week"
    assert dots["encoding"]["color"]["title"] == "Massage that week"
    assert len(rows(spec)) == len(data) == 72
    assert any(t["field"] == "days" for t in dots["encoding"]["tooltip"])


# --- session change -------------------------------------------------------------------------------


def test_session_change(log):
    sessions, _, _ = log
    data = findings.session_changes(sessions, day(0), day(19))
    spec = charts.session_change(data).to_dict()
    drop = charts.drop_trend(data).to_dict()
    assert marks(spec) == ["rule", "point"] and marks(drop) == ["rule", "line"]
    bars, dots = units(spec)
    zero, running = units(drop)
    assert bars["encoding"]["x"]["field"] == "started_at"
    assert (bars["encoding"]["y"]["field"], bars["encoding"]["y2"]["field"]) == ("before",
                                                                                 "after")
    assert dots["transform"][0] == {"fold": ["before", "after"], "as": ["moment", "rating"]}
    assert dots["encoding"]["y"]["field"] == "rating"
    assert dots["encoding"]["color"]["scale"] == {"domain": ["Before", "After"],
                                                  "range": [ORANGE, BLUE]}
    assert zero["encoding"]["y"] == {"datum": 0}
    assert running["encoding"]["y"]["field"] == "rolling_drop"
    assert running["encoding"]["x"] == bars["encoding"]["x"]  # the same sessions, aligned
    assert len(rows(spec)) == len(rows(drop)) == 20
    assert rows(spec)[0]["routine_name"] == "Evening calm"
    assert_tooltips(spec)
    assert_themed_by_streamlit(spec)


def test_session_change_weekly():
    sessions = make_sessions([(day(i // 2), 8 + i % 2, 10, 6, 3) for i in range(420)])
    data = findings.session_changes(sessions)
    spec = charts.session_change(data).to_dict()
    bars = units(spec)[0]
    assert bars["encoding"]["x"]["field"] == "day"
    assert spec["title"].endswith("weekly means")
    assert "weekly means of your ratings" in spec["description"]
    assert len(rows(spec)) == len(data) == 30
    assert any(t["field"] == "sessions" for t in bars["encoding"]["tooltip"])


# --- calendar -------------------------------------------------------------------------------------


def test_calendar_heatmap(log):
    _, _, frame = log
    data = findings.calendar(frame, date(2025, 6, 30))
    spec = charts.calendar_heatmap(data).to_dict()
    assert marks(spec) == ["rect"]
    encoding = spec["encoding"]
    assert (encoding["x"]["field"], encoding["x"]["type"]) == ("week", "ordinal")
    assert (encoding["y"]["field"], encoding["y"]["type"]) == ("weekday", "ordinal")
    assert "'Mon'" in encoding["y"]["axis"]["labelExpr"]
    months = encoding["x"]["axis"]["labelExpr"]
    first_of_march = data.loc[data["day"] == pd.Timestamp("2025-03-01"), "week"].item()
    assert f"datum.value == {first_of_march} ? 'Mar'" in months
    assert encoding["color"]["field"] == "minutes"
    assert encoding["color"]["scale"] == {"scheme": "viridis"}
    assert encoding["color"]["condition"] == {"test": "datum.minutes <= 0", "value": GREY}
    assert [t["field"] for t in encoding["tooltip"]] == ["day", "minutes", "sessions"]
    assert len(rows(spec)) == 365
    assert sum(r["minutes"] for r in rows(spec)) == 40 * 15
    assert_themed_by_streamlit(spec)


# --- group comparison -----------------------------------------------------------------------------


def test_group_comparison():
    frame = days_of({"Massage only": MASSAGE, "Socks only": SOCKS, "Neither": NEITHER})
    summaries, _ = findings.compare(frame)
    points = findings.comparison_points(frame)
    spec = charts.group_comparison(points, summaries, "Stress").to_dict()
    assert marks(spec) == ["circle", "rule", "point"]
    strip, interval, mean = units(spec)
    labels = ["Massage only (8 days)", "Socks only (3 days, too few yet)", "Neither (7 days)"]
    assert strip["encoding"]["y"] == {"field": "label", "type": "nominal", "title": None,
                                      "sort": labels, "axis": {"labelLimit": 320}}
    assert strip["encoding"]["yOffset"]["field"] == "jitter"
    assert strip["encoding"]["color"]["scale"] == {"domain": labels,
                                                   "range": [BLUE, PURPLE, ORANGE]}
    assert strip["encoding"]["x"]["scale"] == {"domain": [0, 10], "clamp": True}
    assert (interval["encoding"]["x"]["field"], interval["encoding"]["x2"]["field"]) == (
        "ci_low", "ci_high")
    assert mean["encoding"]["x"]["field"] == "mean" and mean["mark"]["shape"] == "diamond"
    dots = rows(spec, strip)
    assert len(dots) == len(MASSAGE) + len(SOCKS) + len(NEITHER)
    assert {r["label"] for r in dots} == set(labels)
    table = rows(spec, mean)
    assert [r["group"] for r in table] == ["Massage only", "Socks only", "Neither"]
    assert table[0]["mean"] == round(sum(MASSAGE) / len(MASSAGE), 2)
    assert table[0]["ci_low"] == round(summaries[0].ci_low, 2)
    assert_tooltips(spec)
    assert_themed_by_streamlit(spec)


def test_group_colours_are_okabe_ito_and_distinct():
    assert set(GROUP_COLOURS) == set(findings.GROUPS)
    assert set(GROUP_COLOURS.values()) <= OKABE_ITO
    assert len(set(GROUP_COLOURS.values())) == 4
    assert GROUP_COLOURS["Both"] == GREEN


# --- differences ----------------------------------------------------------------------------------


def test_differences_chart_draws_only_pairs_with_enough_days():
    frame = days_of({"Massage only": MASSAGE, "Socks only": SOCKS, "Neither": NEITHER})
    _, differences = findings.compare(frame)
    spec = charts.differences_chart(differences, "stress").to_dict()
    assert marks(spec) == ["rule", "rule", "point"]
    zero, interval, point = units(spec)
    assert zero["encoding"]["x"] == {"datum": 0}
    assert interval["encoding"]["y"]["sort"] == ["Massage only vs Neither"]
    assert (interval["encoding"]["x"]["field"], interval["encoding"]["x2"]["field"]) == (
        "ci_low", "ci_high")
    assert point["encoding"]["x"]["field"] == "difference"
    table = rows(spec)
    assert [r["pair"] for r in table] == ["Massage only vs Neither"]
    assert table[0]["difference"] == round(differences[0].difference, 2)
    assert (table[0]["ci_low"], table[0]["ci_high"]) == (round(differences[0].ci_low, 2),
                                                     round(differences[0].ci_high, 2))
    assert_tooltips(spec)
    assert_themed_by_streamlit(spec)


# --- empty frames ---------------------------------------------------------------------------------


def test_empty_frames_give_charts_with_nothing_drawn():
    frame = findings.daily(NO_SESSIONS, NO_CHECKINS)
    summaries, differences = findings.compare(frame)
    built = [
        charts.stress_over_time(findings.stress_over_time(frame)),
        charts.session_change(findings.session_changes(NO_SESSIONS)),
        charts.drop_trend(findings.session_changes(NO_SESSIONS)),
        charts.group_comparison(findings.comparison_points(frame), summaries),
        charts.differences_chart(differences),
    ]
    for chart in built:
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        for unit in units(spec):
            if "datum" not in str(unit["encoding"]):
                assert rows(spec, unit) == []
    calendar = charts.calendar_heatmap(findings.calendar(frame, date(2025, 1, 1))).to_dict()
    assert all(r["minutes"] == 0 for r in rows(calendar))


def test_every_chart_has_a_plain_title_and_a_description_for_the_caption(log):
    sessions, _, frame = log
    summaries, differences = findings.compare(frame)
    built = [
        charts.stress_over_time(findings.stress_over_time(frame)),
        charts.session_change(findings.session_changes(sessions)),
        charts.drop_trend(findings.session_changes(sessions)),
        charts.calendar_heatmap(findings.calendar(frame, day(44))),
        charts.group_comparison(findings.comparison_points(frame), summaries),
        charts.differences_chart(differences),
    ]
    assert isinstance(built[0], alt.LayerChart) and isinstance(built[3], alt.Chart)
    for chart in built:
        assert isinstance(chart.description, str) and len(chart.description) > 40
        spec = chart.to_dict()
        titles = [spec.get("title")] + [part.get("title") for part in spec.get("vconcat", [])]
        assert all(isinstance(t, str) for t in titles if t is not None)  # no subtitles
        assert any(titles)


def test_one_or_two_sessions_get_an_axis_of_days_not_minutes(log):
    sessions, _, _ = log
    two = findings.session_changes(sessions).head(2)
    for spec in (charts.session_change(two).to_dict(), charts.drop_trend(two).to_dict()):
        x = units(spec)[-1]["encoding"]["x"]
        assert x["axis"]["format"] == "%d %b"
        assert x["scale"]["nice"] == {"interval": "day", "step": 1}


def test_legends_sit_above_or_below_so_a_phone_keeps_its_width(log):
    sessions, _, frame = log
    built = [charts.stress_over_time(findings.stress_over_time(frame)),
             charts.session_change(findings.session_changes(sessions)),
             charts.calendar_heatmap(findings.calendar(frame, day(44)))]
    for chart in built:
        for unit in units(chart.to_dict()):
            for channel in ("color", "shape"):
                legend = unit["encoding"].get(channel, {}).get("legend")
                if isinstance(legend, dict):
                    assert legend.get("orient") in ("top", "bottom")


PAGES = {"light": (255, 255, 255), "dark": (14, 17, 23)}  # Streamlit's page backgrounds


def _rgb(fill: str) -> tuple[float, ...]:
    if fill.startswith("#"):
        return tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(float(part) for part in re.findall(r"[\d.]+", fill)[:3])


def _luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0-255 channels."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("page", PAGES)
def test_the_year_heatmaps_shortest_massage_stands_apart_from_no_massage(page):
    # Drawn as the browser draws it (Vega's own SVG), each square over the page: a 2-minute
    # day, the scale's lowest, must differ from a day without massage by 3:1 or more.
    import vl_convert

    sessions = make_sessions([(day(3), 18, 2, None, None), (day(5), 18, 60, None, None)])
    calendar = findings.calendar(findings.daily(sessions, NO_CHECKINS), day(20), days=21)
    svg = vl_convert.vegalite_to_svg(charts.calendar_heatmap(calendar).to_dict())
    squares = {}
    for item in re.findall(r"<path [^>]*aria-roledescription=\"rect mark\"[^>]*>", svg):
        minutes = float(re.search(r"Minutes: ([\d.]+);", item).group(1))
        fill = _rgb(re.search(r'fill="([^"]+)"', item).group(1))
        opacity = 1.0
        for found in re.findall(r' (?:fill-)?opacity="([\d.]+)"', item):
            opacity *= float(found)
        background = PAGES[page]
        squares[minutes] = tuple(opacity * f + (1 - opacity) * b
                                 for f, b in zip(fill, background, strict=True))
    assert set(squares) == {0.0, 2.0, 60.0}
    assert _contrast(squares[2.0], squares[0.0]) >= 3
