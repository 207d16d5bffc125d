"""Insights: what a person's own log shows about massage days and compression-sock days.

Pure pandas, numpy and scipy, no Streamlit. Everything is vectorised: ten years of log is ~3,650
check-ins and ~7,300 sessions, and the whole Insights page should compute in tens of ms.
Long ranges are charted as weekly means so the chart data stays small.

A comparison is an observation from one person's log, never proof: the days differ in other
ways too. The wording helpers say so, and say "not enough days yet" rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from planner.insights.ar1 import GroupFit, fit_groups
from planner.journal.model import RATINGS
from planner.kernel import limits
from planner.watch.model import MEASURES as WATCH_MEASURES

GROUPS = ("Massage only", "Socks only", "Both", "Neither")
PAIRS = (
    ("Massage only", "Neither"),
    ("Socks only", "Neither"),
    ("Both", "Neither"),
    ("Massage only", "Socks only"),
)
MIN_DAYS = 7  # days each group needs before it is compared with another
MEASURES = RATINGS  # the 0-10 ratings of the check-in
WEEKLY_AFTER_DAYS = 400  # a longer span is charted as weekly means
WEEKLY_AFTER_SESSIONS = 400  # more rated sessions than this are charted as weekly means
ROLLING_SESSIONS = 10  # sessions in the running average of the stress drop
POINTS_PER_GROUP = 200  # dots drawn per group; means and intervals always use every day

OBSERVATION_NOTE = (
    "This is an observation from your own log, not proof: other things, such as sleep, work, "
    "weather or activity, can differ between these days too."
)

# How each group reads in a sentence: (one day, several days).
_DAY_WORDS = {
    "Massage only": ("massage-only day", "massage-only days"),
    "Socks only": ("socks-only day", "socks-only days"),
    "Both": ("day with both massage and socks", "days with both massage and socks"),
    "Neither": ("day with neither", "days with neither"),
}

DayLike = date | pd.Timestamp | None
_MONTHS = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec"])

# The core works on day numbers (days since 1970-01-01, int64) with numpy: bincount, cumsum and
# searchsorted do in well under a millisecond what pandas groupby/rolling/merge take ~10 ms for.


def _day_numbers(values: pd.Series) -> np.ndarray:
    """Day numbers of a day column, whatever its datetime unit (tz-aware: the UTC day)."""
    days = pd.to_datetime(values)
    if isinstance(days.dtype, pd.DatetimeTZDtype):
        days = days.dt.tz_localize(None)
    return days.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _day_number(day: DayLike) -> int:
    return int(np.datetime64(pd.Timestamp(day).date(), "D").astype(np.int64))


def _as_datetimes(numbers: np.ndarray) -> np.ndarray:
    """Day numbers back to datetime64[ns] at midnight."""
    return numbers.astype("datetime64[D]").astype("datetime64[ns]")


def _monday(numbers: np.ndarray) -> np.ndarray:
    return numbers - (numbers + 3) % 7  # 1970-01-01 was a Thursday


def _between(numbers: np.ndarray, start: DayLike, end: DayLike) -> np.ndarray:
    keep = np.ones(len(numbers), dtype=bool)
    if start is not None:
        keep &= numbers >= _day_number(start)
    if end is not None:
        keep &= numbers <= _day_number(end)
    return keep


def _floats(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _window_mean(numbers: np.ndarray, values: np.ndarray, days: int) -> np.ndarray:
    """Mean of the values on the ``days`` days up to each (sorted, distinct) day number."""
    total = np.concatenate(([0.0], np.cumsum(values)))
    left = np.searchsorted(numbers, numbers - (days - 1), side="left")
    right = np.arange(1, len(numbers) + 1)
    return (total[right] - total[left]) / (right - left)


def _last_mean(values: np.ndarray, count: int) -> np.ndarray:
    """Mean of the last ``count`` values up to each position (fewer at the start)."""
    total = np.concatenate(([0.0], np.cumsum(values)))
    right = np.arange(1, len(values) + 1)
    left = np.maximum(right - count, 0)
    return (total[right] - total[left]) / (right - left)


def _weekly(numbers: np.ndarray, **values: np.ndarray) -> dict[str, np.ndarray]:
    """Per Monday-to-Sunday week: ``day`` (its Monday), ``count`` and each value's mean."""
    mondays, week = np.unique(_monday(numbers), return_inverse=True)
    count = np.bincount(week, minlength=len(mondays))
    means = {name: np.bincount(week, weights=v, minlength=len(mondays)) / count
             for name, v in values.items()}
    return {"day": _as_datetimes(mondays), "count": count, **means}


def daily(sessions: pd.DataFrame, checkins: pd.DataFrame) -> pd.DataFrame:
    """One row per day with a check-in or a session, sorted by day.

    ``group`` is <NA> on days without a check-in: without one we don't know about the socks.
    """
    session_day = _day_numbers(sessions["day"])
    checkin_day = _day_numbers(checkins["day"])
    days = np.union1d(session_day, checkin_day)
    at = np.searchsorted(days, session_day)
    minutes = np.bincount(at, weights=np.nan_to_num(_floats(sessions["minutes"])),
                          minlength=len(days))
    checked = pd.DataFrame({m: checkins[m].astype("Int64").array for m in MEASURES}
                           | {"socks": checkins["socks"].astype("boolean").array})
    # Check-in values moved to their day's row; <NA> on days with only sessions.
    frame = checked.set_axis(np.searchsorted(days, checkin_day)).reindex(np.arange(len(days)))
    frame.insert(0, "day", _as_datetimes(days))
    frame["massage_minutes"] = minutes.astype("float64")  # bincount of nothing gives ints
    frame["sessions"] = np.bincount(at, minlength=len(days))
    massage = minutes > 0
    frame["massage"] = massage
    has_checkin = frame["socks"].notna().to_numpy()
    socks = frame["socks"].to_numpy(dtype=bool, na_value=False)
    code = np.select([massage & socks, massage, socks], [2, 0, 1], 3)  # index into GROUPS
    names = np.array(GROUPS, dtype=object)[code]
    frame["group"] = pd.array(np.where(has_checkin, names, None), dtype="string")
    return frame


def in_range(frame: pd.DataFrame, start: DayLike = None, end: DayLike = None,
             column: str = "day") -> pd.DataFrame:
    """Rows whose day in ``column`` is from ``start`` to ``end``, both included (None: open).

    Times within a day count as that day; a tz-aware column is compared by its UTC day.
    """
    if start is None and end is None:
        return frame.reset_index(drop=True)
    keep = _between(_day_numbers(frame[column]), start, end)
    return frame.loc[keep].reset_index(drop=True)


def stress_over_time(daily_frame: pd.DataFrame, start: DayLike = None,
                     end: DayLike = None) -> pd.DataFrame:
    """Daily stress with its 7-day running mean; weekly means when the range is long.

    Columns: ``day``, ``stress``, ``rolling``, ``massage``, ``resolution`` ("day" or "week");
    weekly rows also have ``days`` (rated days that week) and ``day`` is the week's Monday.
    """
    return over_time(daily_frame, "stress", start, end)


def over_time(daily_frame: pd.DataFrame, measure: str, start: DayLike = None,
              end: DayLike = None, weekly_after: int = WEEKLY_AFTER_DAYS) -> pd.DataFrame:
    """As ``stress_over_time``, for any column of the daily frame (a rating, ``sock_hours``):
    the days with a value, the running mean over 7 days, and a column named ``measure``;
    weekly means when the days span more than ``weekly_after`` days."""
    rated = daily_frame[measure].notna().to_numpy()
    day = _day_numbers(daily_frame["day"])[rated]
    order = np.argsort(day, kind="stable")
    day = day[order]
    value = _floats(daily_frame[measure])[rated][order]
    massage = daily_frame["massage"].to_numpy(dtype=bool)[rated][order]
    # Over the whole history first, so the first week of the range has its earlier days.
    rolling = _window_mean(day, value, 7)
    keep = _between(day, start, end)
    day, value, rolling, massage = day[keep], value[keep], rolling[keep], massage[keep]
    if len(day) and day[-1] - day[0] > weekly_after:
        week = _weekly(day, value=value, rolling=rolling, massage=massage.astype(float))
        return pd.DataFrame({"day": week["day"], measure: week["value"],
                             "rolling": week["rolling"], "massage": week["massage"] > 0,
                             "days": week["count"], "resolution": "week"})
    return pd.DataFrame({"day": _as_datetimes(day), measure: value, "rolling": rolling,
                         "massage": massage, "resolution": "day"})


def session_changes(sessions: pd.DataFrame, start: DayLike = None, end: DayLike = None,
                    weekly_after: int = WEEKLY_AFTER_SESSIONS) -> pd.DataFrame:
    """Stress before and after each rated session, and the running mean of the drop.

    Columns: ``started_at``, ``day``, ``before``, ``after``, ``drop``, ``rolling_drop``,
    ``routine_name``, ``resolution`` ("day"). Over ``weekly_after`` rows: weekly means
    with ``day`` (Monday), ``before``, ``after``, ``drop``, ``rolling_drop``, ``sessions``,
    ``resolution`` ("week").
    """
    before, after = _floats(sessions["stress_before"]), _floats(sessions["stress_after"])
    rows = np.flatnonzero(~np.isnan(before) & ~np.isnan(after))
    started = pd.DatetimeIndex(sessions["started_at"]).asi8
    rows = rows[np.argsort(started[rows], kind="stable")]
    before, after = before[rows], after[rows]
    drop = before - after
    # Over the whole history first, like the stress running mean.
    rolling = _last_mean(drop, ROLLING_SESSIONS)
    day = _day_numbers(sessions["day"])[rows]
    keep = _between(day, start, end)
    if keep.sum() > weekly_after:
        week = _weekly(day[keep], before=before[keep], after=after[keep], drop=drop[keep],
                       rolling_drop=rolling[keep])
        return pd.DataFrame({"day": week["day"], "before": week["before"],
                             "after": week["after"], "drop": week["drop"],
                             "rolling_drop": week["rolling_drop"], "sessions": week["count"],
                             "resolution": "week"})
    chosen = rows[keep]
    return pd.DataFrame({
        "started_at": sessions["started_at"].take(chosen).array,
        "day": _as_datetimes(day[keep]),
        "before": before[keep],
        "after": after[keep],
        "drop": drop[keep],
        "rolling_drop": rolling[keep],
        "routine_name": sessions["routine_name"].take(chosen).array,
        "resolution": "day",
    })


def calendar(daily_frame: pd.DataFrame, end: date, days: int = 365) -> pd.DataFrame:
    """Massage minutes for exactly ``days`` days ending at ``end``, laid out for a heatmap.

    ``week`` counts from 0 at the Monday-aligned week holding the first day; ``weekday`` is
    0 for Monday; ``month`` is the short month name; ``sessions`` is that day's count.
    """
    span = np.arange(_day_number(end) - days + 1, _day_number(end) + 1)
    # The span is consecutive days, so a logged day's row is its distance from the first.
    row = _day_numbers(daily_frame["day"]) - (span[0] if days else 0)
    inside = (row >= 0) & (row < days)
    minutes = np.zeros(days)
    minutes[row[inside]] = _floats(daily_frame["massage_minutes"])[inside]
    count = np.zeros(days, dtype=np.int64)
    count[row[inside]] = daily_frame["sessions"].to_numpy()[inside]
    month = span.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    return pd.DataFrame({
        "day": _as_datetimes(span),
        "minutes": minutes,
        "sessions": count,
        "week": (span - _monday(span[:1])) // 7,
        "weekday": (span + 3) % 7,
        "month": _MONTHS[month],
    })


def streaks(session_days: Iterable, today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a session.

    The current run ends today, or yesterday while today has no session yet. Takes any
    sequence of days: a day column, a list of dates.
    """
    if isinstance(session_days, set | frozenset) or not hasattr(session_days, "__len__"):
        session_days = list(session_days)
    days = pd.Series(session_days)
    ordinal = np.unique(_day_numbers(days[days.notna()]))
    now = _day_number(today)
    ordinal = ordinal[ordinal <= now]
    if not len(ordinal):
        return 0, 0
    breaks = np.flatnonzero(np.diff(ordinal) != 1)
    lengths = np.diff(np.concatenate(([0], breaks + 1, [len(ordinal)])))
    current = int(lengths[-1]) if ordinal[-1] >= now - 1 else 0
    return current, int(lengths.max())


@dataclass(frozen=True)
class GroupSummary:
    """One group's days, mean and 95% interval (None without an estimate of the spread)."""

    group: str
    days: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    enough: bool
    needed: int  # more days before this group can be compared


@dataclass(frozen=True)
class Difference:
    """Mean of ``first`` minus mean of ``second``; None when not enough days.

    The interval allows for neighbouring days being alike and for ``compared`` pairs being
    looked at together: all of them cover their true difference at least 95% of the time
    together (Bonferroni), so one of four leaving out 0 is not luck of the draw.
    """

    first: str
    second: str
    days_first: int
    days_second: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    enough: bool
    needed_first: int
    needed_second: int
    compared: int = 1  # pairs compared together, the interval allowing for all of them
    rho: float | None = None  # how alike neighbouring days were (0 to 1)

    @property
    def clear(self) -> bool:
        """The interval leaves out zero: the log does tell these days apart."""
        return (self.ci_low is not None and self.ci_high is not None
                and (self.ci_low > 0 or self.ci_high < 0))


def _fit(code: np.ndarray, day: np.ndarray, value: np.ndarray) -> GroupFit | None:
    """The model of the four groups' means, one value a day (see planner.insights.ar1)."""
    if len(np.unique(day)) != len(day):  # one check-in a day; keep the first if not
        day, first = np.unique(day, return_index=True)
        code, value = code[first], value[first]
    order = np.argsort(day, kind="stable")
    present = np.bincount(code, minlength=len(GROUPS)) > 0
    return fit_groups(day[order], code[order], value[order], len(GROUPS), present)


def _t_quantile(level: float, df: int) -> float:
    from scipy import stats  # imported when first needed: pages start quicker

    return float(stats.t.ppf(level, df))


def _summary(index: int, values: np.ndarray, fit: GroupFit | None,
             bounds: limits.Bounds = limits.RATING) -> GroupSummary:
    group, days = GROUPS[index], len(values)
    mean = float(values.mean()) if days else None
    low = high = None
    if days and fit is not None and days >= 2:
        half = _t_quantile(0.975, fit.residual_df) * np.sqrt(fit.covariance[index, index])
        # The fitted mean weighs days in a streak together; it too stays within 0-10.
        centre = min(max(float(fit.means[index]), bounds.low), bounds.high)
        # An average of 0-10 ratings can't leave 0-10, so neither does its interval (nor one
        # of a watch's measures its plausible range).
        low = max(centre - half, bounds.low)
        high = min(centre + half, bounds.high)
        mean = centre
    return GroupSummary(group, days, mean, low, high, days >= MIN_DAYS, max(0, MIN_DAYS - days))


def _difference(first: str, second: str, a: np.ndarray, b: np.ndarray, fit: GroupFit | None,
                compared: int, bounds: limits.Bounds = limits.RATING) -> Difference:
    need_a, need_b = max(0, MIN_DAYS - len(a)), max(0, MIN_DAYS - len(b))
    if need_a or need_b:
        return Difference(first, second, len(a), len(b), None, None, None, False, need_a,
                          need_b, compared)
    if fit is None:  # no spread at all: the plain difference, with no interval to give
        return Difference(first, second, len(a), len(b), float(a.mean() - b.mean()), None,
                          None, True, 0, 0, compared)
    i, j = GROUPS.index(first), GROUPS.index(second)
    difference = float(fit.means[i] - fit.means[j])
    spread = np.sqrt(fit.covariance[i, i] + fit.covariance[j, j] - 2 * fit.covariance[i, j])
    half = _t_quantile(1 - 0.05 / (2 * compared), fit.residual_df) * float(spread)
    # Two averages of 0-10 ratings can't be more than 10 apart, so neither can the interval.
    widest = bounds.high - bounds.low
    return Difference(first, second, len(a), len(b), difference,
                      max(difference - half, -widest), min(difference + half, widest), True,
                      0, 0, compared, fit.rho)


def _grouped(daily_frame: pd.DataFrame, measure: str, start: DayLike,
             end: DayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day numbers, group codes (index into GROUPS) and values of the days that can be compared."""
    if measure not in MEASURES and measure not in WATCH_MEASURES:
        raise ValueError(f"measure must be one of {MEASURES + WATCH_MEASURES}, not {measure!r}")
    group = daily_frame["group"].to_numpy(dtype=object, na_value=None)
    code = np.full(len(group), -1)
    for index, name in enumerate(GROUPS):
        code[group == name] = index
    value = _floats(daily_frame[measure])
    day = _day_numbers(daily_frame["day"])
    keep = (code >= 0) & ~np.isnan(value) & _between(day, start, end)
    return day[keep], code[keep], value[keep]


def compare(daily_frame: pd.DataFrame, measure: str = "stress", start: DayLike = None,
            end: DayLike = None, bounds: limits.Bounds = limits.RATING
            ) -> tuple[list[GroupSummary], list[Difference]]:
    """Summaries for every group in ``GROUPS`` order and the differences for ``PAIRS``.
    ``bounds``: the values the measure can take (a rating's 0 to 10 by default)."""
    day, code, value = _grouped(daily_frame, measure, start, end)
    fit = _fit(code, day, value) if len(value) else None
    by_group = {name: value[code == index] for index, name in enumerate(GROUPS)}
    summaries = [_summary(i, by_group[g], fit, bounds) for i, g in enumerate(GROUPS)]
    compared = max(1, sum(len(by_group[a]) >= MIN_DAYS and len(by_group[b]) >= MIN_DAYS
                          for a, b in PAIRS))
    differences = [_difference(a, b, by_group[a], by_group[b], fit, compared, bounds)
                   for a, b in PAIRS]
    return summaries, differences


def _days_phrase(group: str, count: int) -> str:
    one, many = _DAY_WORDS[group]
    return f"{count} more {one if count == 1 else many}"


def _side(value: float, unit: str = "") -> str:
    """``-0.43`` -> ``"0.4 lower"``: a bound of the interval in words (``unit`` after the
    number, with its space)."""
    return f"{abs(value):,.1f}{unit} {'lower' if value < 0 else 'higher'}"


def describe_difference(diff: Difference, measure_label: str = "stress",
                        unit: str = "points") -> str:
    """One or two plain, modest sentences about a difference; no claim about why."""
    first, second = _DAY_WORDS[diff.first][1], _DAY_WORDS[diff.second][1]
    if not diff.enough or diff.difference is None:
        short = [(g, n) for g, n in ((diff.first, diff.needed_first),
                                     (diff.second, diff.needed_second)) if n]
        needs = " and ".join(_days_phrase(g, n) for g, n in short)
        if len(short) == 2:
            return f"Not enough days yet: log {needs} to compare them."
        other = second if short[0][0] == diff.first else first
        return f"Not enough days yet: log {needs} to compare them with {other}."
    size = abs(diff.difference)
    if round(size, 1) == 0:
        how = f"averaged about the same as on {second}"
    else:
        how = f"averaged {size:,.1f} {unit} {'lower' if diff.difference < 0 else 'higher'} " \
              f"than on {second}"
    counts = f"{diff.days_first} and {diff.days_second} days"
    opening = f"On {first} your {measure_label} {how} ({counts})"
    if diff.ci_low is None or diff.ci_high is None:
        return (f"{opening}. The ratings didn't vary within either kind of day, so there is no "
                "spread to judge the difference by yet.")
    if diff.clear:
        if diff.ci_high < 0:
            interval = f"{abs(diff.ci_high):,.1f} and {abs(diff.ci_low):,.1f} {unit} lower"
        else:
            interval = f"{diff.ci_low:,.1f} and {diff.ci_high:,.1f} {unit} higher"
        return (f"{opening}. The true difference is likely between {interval}: your log does "
                "tell these days apart, though not why they differ.")
    named = "" if unit == "points" else f" {unit}"  # "from 0.4 lower to 0.3 higher"
    return (f"{opening}, but the true difference could be anywhere from "
            f"{_side(diff.ci_low, named)} to {_side(diff.ci_high)}. It could be zero: your log "
            "can't tell these days apart yet.")


INTERVAL_NOTE = (
    "How the intervals are worked out: a day's rating tends to be like the day before's, and "
    "habits come in streaks, so a run of similar days counts for less than as many separate "
    "ones. The intervals allow for that, and for comparing several pairs at once: all of "
    "them together hold the true differences about 95% of the time."
)


def comparison_points(daily_frame: pd.DataFrame, measure: str = "stress", start: DayLike = None,
                      end: DayLike = None, per_group: int = POINTS_PER_GROUP) -> pd.DataFrame:
    """Dots for the group chart: ``day``, ``group``, ``value``, sorted by day.

    At most ``per_group`` evenly spaced days per group (deterministic), to keep the chart small;
    ``compare`` always uses every day.
    """
    day, code, value = _grouped(daily_frame, measure, start, end)
    keep = np.zeros(len(code), dtype=bool)
    for index in range(len(GROUPS)):
        rows = np.flatnonzero(code == index)
        if len(rows) > per_group:
            rows = rows[np.arange(per_group) * len(rows) // per_group]
        keep[rows] = True
    names = np.array(GROUPS, dtype=object)[code[keep]]
    return pd.DataFrame({"day": _as_datetimes(day[keep]),
                         "group": pd.array(names, dtype="string"), "value": value[keep]})
