"""Insights from a watch's daily values: each measure over time and by kind of day, and leg
swelling compared with the day's steps taken into account.

The values come one a day per measure (planner.watch.model.day_values picks among devices);
the kinds of day are the check-ins' (planner.insights.findings.daily). The comparisons are the
self-ratings' own (an AR(1) fit on the calendar, planner.insights.ar1), so a run of alike
days counts for less than as many separate ones. Steps are taken into account as a covariate
in that same fit rather than with statsmodels' OLS or GLSAR: OLS would treat a streak of alike
days as independent, and GLSAR assumes no missing days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.insights import findings
from planner.insights.ar1 import fit_groups
from planner.watch.model import BOUNDS, MEASURES

PICK = {"steps": "max", "sleep_minutes": "max", "resting_hr": "mean", "hrv_sdnn": "mean"}
MIN_ADJUSTED_DAYS = 21  # days with swelling, a kind of day and steps before adjusting
STEPS_UNIT = 1000  # slopes are per thousand steps


def day_measures(records: pd.DataFrame) -> pd.DataFrame:
    """One row a day, a column a measure, from ``day``, ``measure``, ``value`` rows (one per
    source): a day's steps and sleep from the device that counted most, heart readings
    averaged (as planner.watch.model.day_values)."""
    frame = pd.DataFrame({"day": pd.to_datetime(records["day"]).astype("datetime64[ns]"),
                          "measure": records["measure"].astype(str),
                          "value": records["value"].astype(float)})
    parts = []
    for measure, how in PICK.items():
        rows = frame[frame["measure"] == measure]
        parts.append(rows.groupby("day")["value"].agg(how).rename(measure))
    return pd.concat(parts, axis=1).sort_index().rename_axis("day").reset_index()


def with_measures(daily_frame: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """The daily frame with a column per measure (NaN on days without one); days with only a
    watch's values get a row too, with no kind of day."""
    merged = daily_frame.merge(measures, on="day", how="outer", sort=True)
    for measure in MEASURES:
        if measure not in merged:
            merged[measure] = np.nan
    return merged


def over_time(frame: pd.DataFrame, measure: str, start: findings.DayLike = None,
              end: findings.DayLike = None) -> pd.DataFrame:
    """``day``, ``value`` and ``average`` (7 days, or each week's mean when the period is
    long, then with ``resolution`` "week"), for the days with a value."""
    rows = findings.in_range(frame[["day", measure]].dropna(), start, end)
    if not len(rows):
        return pd.DataFrame({"day": [], "value": [], "average": [], "resolution": []})
    series = rows.set_index("day")[measure].astype(float)
    span = (series.index[-1] - series.index[0]).days
    if span > findings.WEEKLY_AFTER_DAYS:
        weekly = series.resample("W-MON", label="left", closed="left").mean().dropna()
        return pd.DataFrame({"day": weekly.index, "value": weekly.to_numpy(),
                             "average": weekly.to_numpy(), "resolution": "week"})
    average = series.rolling("7D").mean()
    return pd.DataFrame({"day": series.index, "value": series.to_numpy(),
                         "average": average.to_numpy(), "resolution": "day"})


def compare_measure(frame: pd.DataFrame, measure: str, start: findings.DayLike = None,
                    end: findings.DayLike = None):
    """A measure by kind of day, as the self-ratings are compared (findings.compare)."""
    return findings.compare(frame, measure, start, end, BOUNDS[measure])


@dataclass(frozen=True)
class StepsAdjusted:
    """Swelling by kind of day at the same steps, and how swelling moved with steps."""

    differences: tuple[findings.Difference, ...]
    per_thousand: float  # swelling points per 1,000 more steps
    low: float
    high: float
    days: int


def swelling_with_steps(frame: pd.DataFrame, start: findings.DayLike = None,
                        end: findings.DayLike = None) -> StepsAdjusted | None:
    """Swelling's kinds of day compared with each day's steps taken into account; None with
    fewer than ``MIN_ADJUSTED_DAYS`` days having all three, or no spread to judge by."""
    rows = findings.in_range(frame, start, end)
    group = rows["group"].to_numpy(dtype=object, na_value=None)
    code = np.full(len(rows), -1)
    for index, name in enumerate(findings.GROUPS):
        code[group == name] = index
    day = findings._day_numbers(rows["day"])
    value = rows["swelling"].to_numpy(dtype=float, na_value=np.nan)
    steps = rows["steps"].to_numpy(dtype=float, na_value=np.nan)
    keep = (code >= 0) & ~np.isnan(value) & ~np.isnan(steps)
    day, code, value, steps = day[keep], code[keep], value[keep], steps[keep]
    if len(value) < MIN_ADJUSTED_DAYS:
        return None
    present = np.bincount(code, minlength=len(findings.GROUPS)) > 0
    fit = fit_groups(day, code, value, len(findings.GROUPS), present,
                     steps[:, None] / STEPS_UNIT)  # days sorted: the frame is by day
    if fit is None or fit.slopes is None:
        return None
    by_group = {name: value[code == index] for index, name in enumerate(findings.GROUPS)}
    compared = max(1, sum(len(by_group[a]) >= findings.MIN_DAYS
                          and len(by_group[b]) >= findings.MIN_DAYS for a, b in findings.PAIRS))
    differences = tuple(findings._difference(a, b, by_group[a], by_group[b], fit, compared)
                        for a, b in findings.PAIRS)
    half = findings._t_quantile(0.975, fit.residual_df) * float(fit.slope_errors[0])
    slope = float(fit.slopes[0])
    return StepsAdjusted(differences, slope, slope - half, slope + half, len(value))


def describe_steps(result: StepsAdjusted | None) -> list[str]:
    """Plain sentences: how swelling moved with steps, then the kinds of day at equal steps."""
    if result is None:
        return [f"Not enough days yet: swelling is compared with steps taken into account "
                f"once {MIN_ADJUSTED_DAYS} days have a check-in and a step count."]
    slope, low, high = result.per_thousand, result.low, result.high
    direction = "higher" if slope > 0 else "lower"
    if low > 0 or high < 0:
        steps = (f"On your days with 1,000 more steps, swelling was {abs(slope):.2f} points "
                 f"{direction} on average (likely between {abs(low if slope > 0 else high):.2f}"
                 f" and {abs(high if slope > 0 else low):.2f} {direction}), over "
                 f"{result.days} days.")
    else:
        steps = (f"Over {result.days} days, your swelling didn't clearly move with your steps "
                 f"(per 1,000 more steps, anywhere from {findings._side(low)} to "
                 f"{findings._side(high)}).")
    sentences = [steps]
    for diff in result.differences:
        if diff.first == "Socks only" and diff.second == "Neither":
            said = findings.describe_difference(diff, "swelling")
            sentences.append("At the same steps: " + said[:1].lower() + said[1:])
    return sentences

