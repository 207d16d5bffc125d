"""A chart's picture, drawn on the server: the same marks as the data, the figures in words,
and a person's text drawn as text."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.insights import charts
from planner.kernel import pictures
from planner.ui.apptest import picture_marks
from planner.ui.kit.vega import spec

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


def stress_days(stress: list[int]) -> pd.DataFrame:
    rolling = pd.Series(stress, dtype=float).rolling(7, min_periods=1).mean()
    return pd.DataFrame({"day": pd.date_range("2026-03-02", periods=len(stress)),
                         "stress": stress, "rolling": rolling,
                         "massage": [day % 2 == 0 for day in range(len(stress))]})


def test_the_picture_draws_a_point_per_day_and_says_the_figures():
    picture = pictures.draw(spec(charts.stress_over_time(stress_days([3, 7, 2, 8, 5]))), 600)
    assert picture_marks(picture.svg) == 5 + 1  # a point a day, and the average's line
    assert (picture.width, picture.height) == (600, 300)  # the width asked, the chart's height
    assert picture.label.startswith("Dots: your stress rating each day.")
    assert "Stress: 5 values from 2 to 8, the latest 5." in picture.label
    assert "7-day average: 5 values from 3 to 5, the latest 5." in picture.label
    assert 'aria-hidden="true"' in picture.svg  # the label speaks for the whole picture
    # Text and gridlines in the page's text colour (light or dark), with no style sheet.
    assert pictures.TEXT not in picture.svg and pictures.GRID not in picture.svg
    assert 'fill="currentColor"' in picture.svg


def test_text_from_a_person_is_drawn_as_text():
    named = {"data": {"values": [{"routine": "<script>alert(1)</script>", "sessions": 3}]},
             "mark": "bar", "height": 120, "description": "Sessions per routine.",
             "encoding": {"x": {"field": "sessions", "type": "quantitative"},
                          "y": {"field": "routine", "type": "nominal"}}}
    svg = pictures.draw(named, 400).svg
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
