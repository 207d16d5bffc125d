"""The Experiment page with a watch's measure as the outcome: offered once a watch's values
are imported, and the result in its unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.experiments.model import Design, schedule
from planner.kernel import clock
from planner.ui.apptest import pictures
from planner.watch.model import DailyMeasure
from tests.experiments.test_page import follow
from tests.helpers import app_store, everything, shown

NOW = datetime(2027, 4, 20, 21, 0, tzinfo=UTC)


@pytest.fixture
def at_nine_pm():
    with clock.frozen(NOW) as held:
        yield held


def today():
    return NOW.astimezone(clock.server_zone()).date()


def test_a_watch_measure_is_offered_only_once_imported(open_page, at_nine_pm):
    app = open_page("experiment")
    assert "Resting heart rate" not in app.segmented_control(key="exp-outcome").options
    assert any("Importing from a watch in Settings unlocks resting heart rate" in c
               for c in shown(app.caption))
    app_store().measures.save([DailyMeasure(day=today() - timedelta(days=back),
                                            measure="resting_hr", value=57.0 + back % 3,
                                            source="Watch") for back in range(1, 30)])
    app.run()
    outcome = app.segmented_control(key="exp-outcome")
    assert outcome.options[-1] == "Resting heart rate"  # no HRV or sleep imported: not offered
    outcome.set_value("resting_hr").run()
    plan = " ".join(shown(app.info))
    assert "resting heart rate the next morning really differs by about" in plan
    assert "beats a minute or more" in plan and "29 recent days" in plan
    assert any("next morning's resting heart rate" in c for c in shown(app.caption))
    app.button(key="exp-begin").click().run()
    assert app_store().experiments.latest().design.outcome == "resting_hr"


def test_the_result_names_the_resting_heart_rate_in_beats_a_minute(open_page, at_nine_pm):
    design = Design(conditions=("massage", "socks"), days_per_condition=1, blocks=6,
                    start=today() - timedelta(days=13), seed=42, outcome="resting_hr")
    opened = app_store()
    opened.experiments.start(design, design.start - timedelta(days=1))
    follow(opened, design, until_block=6)
    # The morning after a massage about 3 beats lower; a night without the watch, no value.
    mornings = [DailyMeasure(day=d.day + timedelta(days=1), measure="resting_hr",
                             value=60.0 - 3 * (d.condition == "massage") + (i * 7) % 3 - 1,
                             source="Watch")
                for i, d in enumerate(schedule(design)) if i != 5]
    opened.measures.save(mornings)
    app = open_page("experiment")
    text = everything(app)
    # The morning missed leaves its block without a socks day to compare with.
    assert "Massage vs compression socks, as planned (5 blocks measured)" in text
    assert "your resting heart rate the next morning averaged" in text
    assert "beats a minute lower on massage days than on compression socks days" in text
    assert "points" not in text.split("What it shows")[-1]
    assert "not anything about the health of your heart" in text
    day_by_day, differences = (picture["svg"] for picture in pictures(app))
    assert "Resting heart rate (beats a minute)" in day_by_day  # the axis
    assert "Difference (beats a minute)" in differences


def test_run_and_log_remind_to_wear_the_watch_tonight(open_page, at_nine_pm):
    app_store().experiments.start(
        Design(conditions=("massage", "socks"), days_per_condition=2, blocks=4,
               start=today() - timedelta(days=1), seed=8, outcome="sleep_minutes"), today())
    for page in ("experiment", "log"):
        app = open_page(page)
        said = " ".join(shown(app.info) + shown(app.success))
        assert "Wear your watch tonight: tonight's sleep counts for today." in said
