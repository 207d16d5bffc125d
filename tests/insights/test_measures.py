"""A watch's values in Insights: over time, by kind of day, and swelling compared with steps
taken into account, checked on simulated people whose truth is known (streaks of socks,
days alike in a row, missing days)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.insights import charts, findings
from planner.insights import measures as watch
from tests.simulated import ar1, whole_points, year_of_log

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


def person(seed: int, socks_effect: float, days: int = 240) -> pd.DataFrame:
    """Socks go with long days on the feet (more steps), and steps raise swelling."""
    rng = np.random.default_rng(seed)
    year = year_of_log(rng, days=days)
    daily = findings.daily(year.sessions, year.checkins)
    socks = daily["socks"].to_numpy(dtype=float, na_value=0.0)
    steps = np.clip(6000 + 5000 * socks + rng.normal(0, 2000, len(daily)), 500, None)
    latent = (1 + 0.5 * steps / 1000 + socks_effect * socks
              + ar1(rng, len(daily), alike=0.5, spread=1.0))
    has_checkin = daily["socks"].notna().to_numpy()
    daily["swelling"] = pd.array(np.where(has_checkin, whole_points(latent), np.nan),
                                 dtype="Int64")
    records = pd.DataFrame({"day": daily["day"], "measure": "steps", "value": steps})
    return watch.with_measures(daily, watch.day_measures(records))


def socks_vs_neither(differences) -> findings.Difference:
    return next(d for d in differences if (d.first, d.second) == ("Socks only", "Neither"))


def test_with_steps_taken_into_account_socks_no_longer_look_worse():
    plain_alarms = adjusted_alarms = 0
    for seed in range(12):
        frame = person(seed, socks_effect=0.0)
        _, plain = findings.compare(frame, "swelling")
        plain_alarms += socks_vs_neither(plain).clear
        adjusted = watch.swelling_with_steps(frame)
        adjusted_alarms += socks_vs_neither(adjusted.differences).clear
        assert adjusted.low > 0  # swelling rises with steps (truly 0.5 points per 1,000)
    assert plain_alarms >= 10  # on its own, the socks days' extra steps look like the socks
    assert adjusted_alarms <= 2


def test_a_real_benefit_of_socks_shows_once_steps_are_taken_into_account():
    found = sum(socks_vs_neither(watch.swelling_with_steps(
        person(100 + seed, socks_effect=-2.0)).differences).ci_high < 0 for seed in range(8))
    assert found >= 7
    sentences = watch.describe_steps(watch.swelling_with_steps(person(7, socks_effect=-2.0)))
    assert sentences[0].startswith("On your days with 1,000 more steps, swelling was 0.")
    assert sentences[1].startswith("At the same steps: on socks-only days your swelling "
                                   "averaged")


def test_too_few_days_says_so_rather_than_guessing():
    assert watch.swelling_with_steps(person(1, 0.0, days=15)) is None
    assert watch.describe_steps(None)[0].startswith("Not enough days yet")


def test_several_devices_give_one_value_a_day_and_a_chart():
    day = pd.Timestamp("2026-03-01")
    records = pd.DataFrame({"day": [day, day, day, day],
                            "measure": ["steps", "steps", "resting_hr", "resting_hr"],
                            "value": [9000.0, 2500.0, 60.0, 56.0]})
    found = watch.day_measures(records)
    assert found.loc[0, "steps"] == 9000 and found.loc[0, "resting_hr"] == 58
    series = watch.over_time(found, "resting_hr")
    assert list(series["value"]) == [58]
    spec = charts.measure_over_time(series, "Resting heart rate", "beats a minute").to_dict()
    assert spec["title"] == "Resting heart rate over time"
