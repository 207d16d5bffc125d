"""Insights' comparisons checked on simulated people for whom the truth is known.

Each simulated year goes through the same functions as a real log (``daily``, ``compare``):
stress whose neighbouring days are alike, massage and socks habits that come in streaks, and
about one day in seven without a check-in. Seeded, so the rates are the same every run.
"""

from __future__ import annotations

import numpy as np
import pytest

from planner.insights.findings import compare, daily
from tests.simulated import year_of_log

# No database and no clock: the rerun on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere


def outcomes(people: int, seed: int, **truth) -> list:
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(people):
        year = year_of_log(rng, **truth)
        _, differences = compare(daily(year.sessions, year.checkins))
        found.append(differences)
    return found


def any_clear(years: list) -> float:
    return float(np.mean([any(d.clear for d in differences) for differences in years]))


@pytest.mark.parametrize(("alike", "drift"), [(0.5, 0.0), (0.8, 1.0)])
def test_with_no_effect_at_all_the_page_seldom_claims_a_difference(alike, drift):
    # Before: Welch's t-test per pair, days taken as independent: 40-66% of such years showed
    # "a gap this large would be unusual" somewhere. Now at most about 1 year in 20.
    years = outcomes(300, seed=int(alike * 10), alike=alike, stay=0.9, drift=drift)
    assert any_clear(years) <= 0.075


def test_a_real_effect_of_one_and_a_half_points_is_found_in_most_years():
    years = outcomes(120, seed=3, alike=0.5, stay=0.9, massage_effect=-1.5)
    massage_vs_neither = [differences[0] for differences in years]
    found = np.mean([d.clear and d.difference < 0 for d in massage_vs_neither])
    assert found >= 0.9
    # ... and its interval holds the true difference of -1.5 (the interval is simultaneous
    # over the pairs compared, so at least 95% of the time).
    covered = np.mean([d.ci_low <= -1.5 <= d.ci_high for d in massage_vs_neither])
    assert covered >= 0.92


def test_intervals_stay_on_the_rating_scale_in_simulated_years():
    for differences in outcomes(40, seed=4, alike=0.8, spread=4.0):
        for d in differences:
            if d.ci_low is not None:
                assert -10 <= d.ci_low <= d.difference <= d.ci_high <= 10
