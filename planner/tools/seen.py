"""What a person would see on a page, checked before the benchmark times it.

A benchmark of a page that has stopped drawing what it should measures nothing, so each
section first looks for the words and the charts a person would see; it looks for no kind of
element, so the page can change how it draws them (figure tiles replaced ``st.metric``) and
the check still holds. Each check raises RuntimeError saying what is missing.
"""

from __future__ import annotations

import json

from planner.ui.apptest import AppTest, chart_points, figures, page_text


def _require(found: bool, page: str, missing: str) -> None:
    if not found:
        raise RuntimeError(f"the {page} page should show {missing}")


def check_insights(app: AppTest) -> None:
    """The year's figures (some sessions), the first section's heading, and a chart with
    points on it."""
    shown = figures(app)
    _require(shown.get("Sessions", "0") not in ("0", "") and "Days checked in" in shown,
             "Insights", f"the year's figures (found {shown})")
    _require("Stress over time" in page_text(app), "Insights", "the stress chart's heading")
    _require(any(chart_points(app)), "Insights", "a chart with points on it")


def check_watch(app: AppTest) -> None:
    """Insights' Watch tab: its heading, the comparison by kind of day, and its charts with
    points on them."""
    words = page_text(app)
    _require("From your watch" in words and "By kind of day" in words, "Insights",
             "the Watch tab's heading and its comparison by kind of day")
    _require(sum(1 for points in chart_points(app) if points) >= 2, "Insights",
             "the Watch tab's charts with points on them")


def check_log(app: AppTest) -> None:
    """The check-in form and the history of past check-ins."""
    words = page_text(app)
    _require("Daily check-in" in words and "History" in words, "Log",
             "the check-in form and the history")
    _require(any(button.label.startswith("Edit the check-in for") for button in app.button),
             "Log", "past check-ins to edit")


def check_running(app: AppTest, routine: str, first_step: str) -> None:
    """A run under way: the countdown given the routine and its first step, and the buttons
    to pause and stop it."""
    shown = [json.loads(element.proto.json) for element in app.get("bidi_component")
             if element.proto.component_name.endswith("solace_countdown")]
    _require(any(data.get("routine") == routine and data.get("steps")
                 and data["steps"][0].get("name") == first_step for data in shown),
             "Run", f"the countdown of {routine!r} from {first_step!r}")
    labels = {button.label for button in app.button}
    _require({"Pause", "Stop"} <= labels, "Run", f"Pause and Stop (found {sorted(labels)})")
