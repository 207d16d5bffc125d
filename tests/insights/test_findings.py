"""Insights: daily rows, running means, weekly roll-ups, calendar, streaks, honest comparisons."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from planner.insights.findings import (
    GROUPS,
    MIN_DAYS,
    OBSERVATION_NOTE,
    Difference,
    calendar,
    compare,
    comparison_points,
    daily,
    describe_difference,
    in_range,
    session_changes,
    streaks,
    stress_over_time,
)

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

D0 = date(2025, 3, 3)  # a Monday


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def make_sessions(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (local day, hour UTC, minutes, stress before, stress after[, routine])."""
    started = [pd.Timestamp(d).tz_localize("UTC") + pd.Timedelta(hours=h) for d, h, *_ in rows]
    return pd.DataFrame({
        "started_at": pd.DatetimeIndex(started, dtype="datetime64[ns, UTC]"),
        "day": pd.DatetimeIndex([pd.Timestamp(r[0]) for r in rows], dtype="datetime64[ns]"),
        "minutes": pd.array([float(r[2]) for r in rows], dtype="float64"),
        "stress_before": pd.array([r[3] for r in rows], dtype="Int64"),
        "stress_after": pd.array([r[4] for r in rows], dtype="Int64"),
        "routine_name": pd.array([r[5] if len(r) > 5 else "Evening calm" for r in rows],
                                 dtype="str"),
        "completed": np.ones(len(rows), dtype=bool),
    })


def make_checkins(rows: list[dict]) -> pd.DataFrame:
    """Rows with ``day`` and ``stress``; the rest default to a calm day without socks."""
    def column(name, default):
        return [r.get(name, default) for r in rows]

    return pd.DataFrame({
        "day": pd.DatetimeIndex([pd.Timestamp(r["day"]) for r in rows], dtype="datetime64[ns]"),
        "stress": pd.array(column("stress", 3), dtype="Int64"),
        "socks": np.array(column("socks", False), dtype=bool),
        "sock_hours": np.array([8.0 if r.get("socks") else np.nan for r in rows]),
        "swelling": pd.array(column("swelling", 2), dtype="Int64"),
        "pain": pd.array(column("pain", 1), dtype="Int64"),
        "sleep": pd.array(column("sleep", None), dtype="Int64"),
        "pulse": pd.array([None] * len(rows), dtype="Int64"),
        "systolic": pd.array([None] * len(rows), dtype="Int64"),
        "diastolic": pd.array([None] * len(rows), dtype="Int64"),
    })


NO_SESSIONS = make_sessions([])
NO_CHECKINS = make_checkins([])


def days_of(groups: dict[str, list[int]], start: int = 0) -> pd.DataFrame:
    """A daily frame with one check-in per value, grouped as asked (one 20-min session a
    massage day). Days run consecutively from ``day(start)`` in GROUPS order."""
    checkins, sessions, offset = [], [], start
    for group, values in groups.items():
        for value in values:
            checkins.append({"day": day(offset), "stress": value,
                             "socks": group in ("Socks only", "Both")})
            if group in ("Massage only", "Both"):
                sessions.append((day(offset), 18, 20, None, None))
            offset += 1
    return daily(make_sessions(sessions), make_checkins(checkins))


# --- daily ----------------------------------------------------------------------------------------


def test_daily_groups_days_and_sums_minutes():
    sessions = make_sessions([
        (day(0), 19, 15, 6, 3),  # day 0: massage and socks: Both
        (day(1), 8, 10, None, None),  # day 1: a session but no check-in: group unknown
        (day(2), 7, 10, 5, 4),  # day 2: two sessions, no socks: Massage only
        (day(2), 20, 5.5, 4, 2),
    ])
    checkins = make_checkins([
        {"day": day(0), "stress": 4, "socks": True},
        {"day": day(2), "stress": 5, "socks": False},
        {"day": day(3), "stress": 6, "socks": True},  # socks, no session: Socks only
        {"day": day(4), "stress": 7, "socks": False},  # neither
    ])
    frame = daily(sessions, checkins)
    assert list(frame.columns) == ["day", "stress", "swelling", "pain", "sleep", "socks",
                                   "massage_minutes", "sessions", "massage", "group"]
    assert list(frame["day"]) == [pd.Timestamp(day(i)) for i in range(5)]
    assert frame["day"].dtype == "datetime64[ns]"
    assert frame["group"].iloc[[0, 2, 3, 4]].tolist() == ["Both", "Massage only", "Socks only",
                                                          "Neither"]
    assert pd.isna(frame["group"].iat[1]) and pd.isna(frame["socks"].iat[1])
    assert pd.isna(frame["stress"].iat[1])
    assert frame["massage_minutes"].tolist() == [15.0, 10.0, 15.5, 0.0, 0.0]
    assert frame["sessions"].tolist() == [1, 1, 2, 0, 0]
    assert frame["massage"].tolist() == [True, True, True, False, False]
    assert frame["stress"].dtype == "Int64" and frame["socks"].dtype == "boolean"
    assert frame["stress"].iat[3] == 6 and frame["socks"].iat[3]


def test_daily_accepts_other_datetime_units_and_empty_frames():
    sessions = make_sessions([(day(0), 9, 12, 5, 3)])
    sessions["day"] = sessions["day"].astype("datetime64[s]")  # what pandas 3 makes of dates
    checkins = make_checkins([{"day": day(0), "stress": 4}])
    checkins["day"] = checkins["day"].astype("datetime64[us]")
    frame = daily(sessions, checkins)
    assert frame["day"].dtype == "datetime64[ns]" and len(frame) == 1
    assert frame["group"].iat[0] == "Massage only"

    empty = daily(NO_SESSIONS, NO_CHECKINS)
    assert len(empty) == 0 and list(empty.columns) == list(frame.columns)
    assert empty["massage_minutes"].dtype == "float64"


def test_in_range_is_inclusive_and_open_ended():
    frame = pd.DataFrame({"day": pd.date_range(D0, periods=10, freq="D"), "n": range(10)})
    assert in_range(frame, day(2), day(4))["n"].tolist() == [2, 3, 4]
    assert in_range(frame, None, day(1))["n"].tolist() == [0, 1]
    assert in_range(frame, day(8), None)["n"].tolist() == [8, 9]
    assert len(in_range(frame, None, None)) == 10
    # a time during the end day still counts as that day
    timed = pd.DataFrame({"day": [pd.Timestamp(day(4)) + pd.Timedelta(hours=23)]})
    assert len(in_range(timed, day(4), day(4))) == 1


# --- stress over time -----------------------------------------------------------------------------


def test_rolling_mean_is_the_last_seven_calendar_days():
    frame = daily(NO_SESSIONS, make_checkins([
        {"day": day(0), "stress": 4}, {"day": day(1), "stress": 6}, {"day": day(4), "stress": 8},
        {"day": day(7), "stress": 2}, {"day": day(8), "stress": 5},
    ]))
    result = stress_over_time(frame)
    assert result["resolution"].eq("day").all()
    # day 7 sees days 1..7 (6, 8, 2); day 8 sees days 2..8 (8, 2, 5)
    assert result["rolling"].tolist() == pytest.approx([4, 5, 6, 16 / 3, 5])
    assert result["stress"].tolist() == [4, 6, 8, 2, 5]
    # a range starting on day 7 still averages in the days before it
    cut = stress_over_time(frame, day(7), day(8))
    assert cut["rolling"].tolist() == pytest.approx([16 / 3, 5])
    assert list(cut["day"]) == [pd.Timestamp(day(7)), pd.Timestamp(day(8))]


def test_days_without_a_stress_rating_are_left_out():
    frame = daily(make_sessions([(day(1), 9, 10, None, None)]),
                  make_checkins([{"day": day(0), "stress": 4}]))
    result = stress_over_time(frame)
    assert len(result) == 1 and result["massage"].tolist() == [False]


def test_long_ranges_become_weekly_means():
    days = 700
    frame = daily(
        make_sessions([(day(i), 9, 10, None, None) for i in range(0, days, 3)]),
        make_checkins([{"day": day(i), "stress": i % 7} for i in range(days)]),
    )
    weekly = stress_over_time(frame)
    assert weekly["resolution"].eq("week").all()
    assert len(weekly) == days // 7  # D0 is a Monday: exactly 100 whole weeks
    assert (weekly["day"].dt.day_of_week == 0).all()
    # the first week: ratings 0..6, a session on days 0, 3 and 6
    assert weekly["stress"].iat[0] == pytest.approx(3.0)
    assert weekly["days"].iat[0] == 7 and bool(weekly["massage"].iat[0])
    assert weekly["rolling"].iat[0] == pytest.approx(np.mean([0, 0.5, 1, 1.5, 2, 2.5, 3]))
    # 400 days or fewer stay daily
    short = stress_over_time(frame, day(0), day(400))
    assert short["resolution"].eq("day").all() and len(short) == 401


# --- session changes ------------------------------------------------------------------------------


def test_session_changes_drop_and_rolling_drop_over_ten_sessions():
    rows = [(day(i), 9, 10, 10, 10 - (i + 1)) for i in range(10)]  # drops 1..10
    rows += [(day(10), 9, 10, None, 4), (day(11), 9, 10, 5, 5)]  # unrated, then a drop of 0
    rows.reverse()  # the store's order shouldn't matter
    result = session_changes(make_sessions(rows))
    assert result["resolution"].eq("day").all()
    assert len(result) == 11
    assert result["drop"].tolist() == [*range(1, 11), 0]
    assert result["rolling_drop"].iat[0] == 1 and result["rolling_drop"].iat[3] == 2.5
    assert result["rolling_drop"].iat[10] == pytest.approx(np.mean([*range(2, 11), 0]))
    assert result["started_at"].is_monotonic_increasing
    assert str(result["started_at"].dtype) == "datetime64[ns, UTC]"
    cut = session_changes(make_sessions(rows), day(9), day(11))
    assert cut["before"].tolist() == [10, 5] and cut["after"].tolist() == [0, 5]
    assert cut["rolling_drop"].iat[0] == pytest.approx(5.5)  # history before the range counts


def test_many_sessions_become_weekly_means():
    rows = [(day(i // 2), 8 + 10 * (i % 2), 10, 6, 6 - i % 3) for i in range(420)]
    result = session_changes(make_sessions(rows))
    assert result["resolution"].eq("week").all()
    assert len(result) == 30  # 210 days from a Monday
    assert result["sessions"].tolist() == [14] * 30
    assert result["before"].eq(6).all()
    first_week = [i % 3 for i in range(14)]
    assert result["drop"].iat[0] == pytest.approx(np.mean(first_week))


def test_session_changes_of_nothing():
    result = session_changes(NO_SESSIONS)
    assert len(result) == 0 and "rolling_drop" in result


# --- calendar and streaks -------------------------------------------------------------------------


def test_calendar_has_every_day_and_lays_out_weeks():
    frame = daily(make_sessions([(date(2025, 1, 13), 9, 12, None, None),
                                 (date(2025, 1, 13), 19, 8, None, None),
                                 (date(2023, 6, 1), 9, 30, None, None)]),  # before the year
                  NO_CHECKINS)
    result = calendar(frame, date(2025, 1, 15))
    assert len(result) == 365
    assert result["day"].iat[0] == pd.Timestamp("2024-01-17")  # a Wednesday
    assert result["day"].iat[-1] == pd.Timestamp("2025-01-15")
    assert result["minutes"].sum() == 20 and result["sessions"].sum() == 2
    monday = result.loc[result["day"] == pd.Timestamp("2025-01-13")].iloc[0]
    assert (monday["minutes"], monday["sessions"], monday["weekday"]) == (20, 2, 0)
    assert (result["weekday"].iat[0], result["week"].iat[0]) == (2, 0)
    assert result.loc[result["day"] == pd.Timestamp("2024-01-22"), "week"].item() == 1
    assert result["week"].iat[-1] == 52 and result["weekday"].iat[-1] == 2
    assert result["month"].iat[0] == "Jan" and result["month"].iat[20] == "Feb"
    assert (result["weekday"] == result["day"].dt.day_of_week).all()


def test_calendar_of_an_empty_log_is_all_zero():
    result = calendar(daily(NO_SESSIONS, NO_CHECKINS), date(2025, 1, 15), days=30)
    assert len(result) == 30 and result["minutes"].eq(0).all()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 1, 6), (2, 3)),  # ends today
        (date(2025, 1, 7), (2, 3)),  # ends yesterday: today isn't over yet
        (date(2025, 1, 8), (0, 3)),  # broken
        (date(2025, 1, 2), (2, 2)),  # later days don't count yet
    ],
)
def test_streaks(today, expected):
    days = [date(2025, 1, d) for d in (1, 2, 2, 3, 5, 6)]  # a repeated day counts once
    assert streaks(days, today) == expected
    assert streaks(pd.Series(pd.to_datetime(days)), today) == expected


def test_streaks_of_nothing():
    assert streaks([], date(2025, 1, 1)) == (0, 0)
    assert streaks(pd.Series([], dtype="datetime64[ns]"), date(2025, 1, 1)) == (0, 0)


# --- comparisons ----------------------------------------------------------------------------------

MASSAGE = [2, 3, 3, 4, 2, 3, 4, 3]
NEITHER = [5, 6, 4, 5, 7, 5, 6]
SOCKS = [4, 5, 3]


def gls_by_statsmodels(frame, fit_rho):
    """The same model fitted by statsmodels' GLS with the AR(1) correlation written out whole:
    an independent check of the whitening (gaps included)."""
    import statsmodels.api as sm

    rows = frame[frame["group"].notna() & frame["stress"].notna()]
    day = (rows["day"] - rows["day"].min()).dt.days.to_numpy()
    present = [g for g in GROUPS if (rows["group"] == g).any()]
    design = np.column_stack([(rows["group"] == g).to_numpy(float) for g in present])
    sigma = fit_rho ** np.abs(day[:, None] - day[None, :])
    result = sm.GLS(rows["stress"].to_numpy(float), design, sigma=sigma).fit()
    return dict(zip(present, result.params, strict=True)), result


def test_compare_fits_the_same_means_and_spread_as_statsmodels_gls():
    # Days with gaps (every third day missing), so the model has to respect the calendar.
    values = [(i * 7) % 11 for i in range(45)]
    groups = {"Massage only": [], "Neither": [], "Socks only": []}
    for i, v in enumerate(values):
        list(groups.values())[(i // 5) % 3].append(v)  # streaks of five days
    frame = days_of(groups)
    frame = frame[~np.isin(np.arange(len(frame)), np.arange(0, len(frame), 3))]
    summaries, differences = compare(frame)
    rho = differences[0].rho
    assert rho is not None and 0 <= rho < 1
    means, result = gls_by_statsmodels(frame, rho)
    for summary in summaries:
        if summary.group in means:
            assert summary.mean == pytest.approx(means[summary.group], abs=1e-6)
    names = list(means)
    i, j = names.index("Massage only"), names.index("Neither")
    contrast = np.zeros(len(names))
    contrast[i], contrast[j] = 1, -1
    tested = result.t_test(contrast)
    first = differences[0]
    assert first.difference == pytest.approx(float(tested.effect[0]), abs=1e-6)
    # Three pairs have enough days, so each interval is at the 1 - 0.05/3 level (Bonferroni).
    assert first.compared == 3
    spread = float(tested.sd[0][0])
    half = first.ci_high - first.difference
    expected = stats.t.ppf(1 - 0.05 / 6, len(frame) - 3 - 1) * spread * np.sqrt(
        (len(frame) - 3) / (len(frame) - 3 - 1))  # statsmodels divides by n - 3, we by n - 4
    assert half == pytest.approx(expected, rel=1e-4)


def test_compare_lists_every_group_and_pair():
    frame = days_of({"Massage only": MASSAGE, "Socks only": SOCKS, "Neither": NEITHER})
    summaries, differences = compare(frame)
    assert [s.group for s in summaries] == list(GROUPS)
    massage, socks, both, neither = summaries
    assert (massage.days, massage.enough, massage.needed) == (8, True, 0)
    assert massage.ci_low < massage.mean < massage.ci_high
    assert (socks.days, socks.enough, socks.needed) == (3, False, 4)
    assert socks.mean is not None  # shown, but too few days to compare
    assert (both.days, both.mean, both.ci_low, both.ci_high, both.needed) == (0, None, None,
                                                                             None, MIN_DAYS)
    pairs = [(d.first, d.second) for d in differences]
    assert pairs == [("Massage only", "Neither"), ("Socks only", "Neither"), ("Both", "Neither"),
                     ("Massage only", "Socks only")]
    first = differences[0]
    assert first.enough and (first.days_first, first.days_second) == (8, 7)
    assert first.compared == 1  # the only pair with enough days: nothing to adjust for
    assert first.ci_low < first.difference < first.ci_high


def test_not_enough_days_leaves_numbers_out():
    frame = days_of({"Massage only": MASSAGE, "Socks only": SOCKS, "Neither": NEITHER})
    _, differences = compare(frame)
    socks_vs_neither, both_vs_neither, massage_vs_socks = differences[1:]
    assert socks_vs_neither == Difference("Socks only", "Neither", 3, 7, None, None, None,
                                          False, 4, 0)
    assert (both_vs_neither.needed_first, both_vs_neither.needed_second) == (7, 0)
    assert (massage_vs_socks.needed_first, massage_vs_socks.needed_second) == (0, 4)


def test_compare_range_and_other_measures():
    frame = days_of({"Massage only": MASSAGE, "Neither": NEITHER})
    summaries, _ = compare(frame, "stress", day(0), day(3))
    assert [s.days for s in summaries] == [4, 0, 0, 0]
    summaries, _ = compare(frame, "swelling")
    assert summaries[0].mean == 2  # make_checkins' default swelling
    with pytest.raises(ValueError):
        compare(frame, "pulse")


def test_ratings_that_never_vary_within_a_group_give_no_interval():
    frame = days_of({"Massage only": [3] * 7, "Neither": [5] * 7})
    summaries, differences = compare(frame)
    assert (summaries[0].mean, summaries[0].ci_low, summaries[0].ci_high) == (3, None, None)
    first = differences[0]
    assert first.enough and first.difference == -2
    assert (first.ci_low, first.ci_high, first.clear) == (None, None, False)
    text = describe_difference(first)
    assert "2.0 points lower" in text and "didn't vary" in text and "no spread" in text


def test_one_group_with_equal_ratings_borrows_the_spread_of_the_other():
    # The old t-interval of seven 3s was 3 to 3: a certainty a week of ratings can't give.
    frame = days_of({"Massage only": [3] * 7, "Neither": [5, 6, 4, 5, 7, 3, 5]})
    summaries, _ = compare(frame)
    assert summaries[0].ci_low < 3 < summaries[0].ci_high


def test_a_difference_interval_stays_within_what_0_to_10_ratings_allow():
    # Seven days each, one group all over the place: the interval runs past -10 unclipped.
    frame = days_of({"Massage only": [0, 10, 0, 10, 0, 1, 0], "Neither": [10] * 6 + [9]})
    _, differences = compare(frame)
    first = differences[0]
    assert first.difference == pytest.approx(3 - 9.857, abs=0.01)
    assert first.ci_low == -10 and first.ci_high < 0  # as far as two averages can be apart


# --- wording --------------------------------------------------------------------------------------

FORBIDDEN = ("cause", "prove", "cure", "because", "effective", "works", "heal")


def assert_modest(text: str) -> None:
    lowered = text.lower()
    for word in FORBIDDEN:
        assert word not in lowered, (word, text)


def difference(**changes) -> Difference:
    values = dict(first="Massage only", second="Neither", days_first=24, days_second=31,
                  difference=-0.8, ci_low=-1.3, ci_high=-0.3, enough=True, needed_first=0,
                  needed_second=0, compared=4, rho=0.5)
    return Difference(**(values | changes))


def test_describe_a_clear_difference():
    text = describe_difference(difference())
    assert text == ("On massage-only days your stress averaged 0.8 points lower than on days "
                    "with neither (24 and 31 days). The true difference is likely between 0.3 "
                    "and 1.3 points lower: your log does tell these days apart, though not why "
                    "they differ.")
    higher = describe_difference(difference(difference=0.5, ci_low=0.1, ci_high=0.9),
                                 "leg heaviness")
    assert "leg heaviness averaged 0.5 points higher" in higher
    assert "between 0.1 and 0.9 points higher" in higher
    assert_modest(text)
    assert_modest(higher)


def test_describe_a_difference_that_could_be_zero():
    text = describe_difference(difference(difference=-0.3, ci_low=-0.9, ci_high=0.3))
    assert "0.3 points lower" in text
    assert "from 0.9 lower to 0.3 higher" in text
    assert "could be zero" in text and "can't tell these days apart yet" in text
    assert_modest(text)
    same = describe_difference(difference(difference=0.02, ci_low=-0.4, ci_high=0.44))
    assert "about the same as on days with neither" in same


def test_describe_not_enough_days():
    both_short = difference(difference=None, ci_low=None, ci_high=None, enough=False,
                            days_first=4, days_second=2, needed_first=3, needed_second=5)
    text = describe_difference(both_short)
    assert text == ("Not enough days yet: log 3 more massage-only days and 5 more days with "
                    "neither to compare them.")
    one_short = difference(difference=None, ci_low=None, ci_high=None, enough=False,
                           first="Socks only", days_first=6, needed_first=1)
    text = describe_difference(one_short)
    assert text == ("Not enough days yet: log 1 more socks-only day to compare them with days "
                    "with neither.")
    assert "not enough days yet" in text.lower()
    assert_modest(text)


def test_observation_note_is_modest():
    assert "not proof" in OBSERVATION_NOTE and "your own log" in OBSERVATION_NOTE
    assert_modest(OBSERVATION_NOTE)


def test_summaries_and_differences_cover_every_group_and_pair():
    frame = days_of({"Massage only": MASSAGE, "Socks only": SOCKS, "Neither": NEITHER})
    summaries, differences = compare(frame)
    assert [s.group for s in summaries] == list(GROUPS)
    assert [s.days for s in summaries] == [8, 3, 0, 7]
    assert summaries[0].mean == pytest.approx(np.mean(MASSAGE)) and summaries[2].mean is None
    assert [f"{d.first} vs {d.second}" for d in differences] == [
        "Massage only vs Neither", "Socks only vs Neither", "Both vs Neither",
        "Massage only vs Socks only"]
    assert [d.enough for d in differences] == [True, False, False, False]


# --- comparison points ----------------------------------------------------------------------------


def test_comparison_points_keep_small_groups_whole_and_sample_big_ones():
    frame = days_of({"Massage only": [i % 11 for i in range(450)], "Neither": NEITHER})
    points = comparison_points(frame, "stress", per_group=200)
    assert list(points.columns) == ["day", "group", "value"]
    counts = points["group"].value_counts()
    assert counts["Massage only"] == 200 and counts["Neither"] == 7
    assert points["day"].is_monotonic_increasing
    massage = points.loc[points["group"] == "Massage only"]
    assert massage["day"].iat[0] == pd.Timestamp(day(0))  # evenly spaced from the first day
    assert massage["day"].diff().dt.days.dropna().isin([2, 3]).all()
    again = comparison_points(frame, "stress", per_group=200)
    pd.testing.assert_frame_equal(points, again)
    summaries, _ = compare(frame)
    assert summaries[0].days == 450  # the summaries always use every day


def test_comparison_points_of_nothing():
    points = comparison_points(daily(NO_SESSIONS, NO_CHECKINS))
    assert len(points) == 0 and list(points.columns) == ["day", "group", "value"]


# --- properties -----------------------------------------------------------------------------------


@st.composite
def logs(draw):
    days = draw(st.lists(st.integers(0, 120), min_size=0, max_size=60, unique=True))
    checkins = [{"day": day(d), "stress": draw(st.integers(0, 10)), "socks": draw(st.booleans()),
                 "swelling": draw(st.integers(0, 10))} for d in days]
    session_days = draw(st.lists(st.integers(0, 120), max_size=60))
    sessions = [(day(d), 9, draw(st.sampled_from([0, 5, 12.5])), None, None)
                for d in session_days]
    start = draw(st.none() | st.integers(0, 120).map(day))
    end = draw(st.none() | st.integers(0, 120).map(day))
    return make_sessions(sessions), make_checkins(checkins), start, end


@settings(max_examples=60, deadline=None)
@given(logs(), st.sampled_from(["stress", "swelling"]))
def test_summaries_hold_together(log, measure):
    sessions, checkins, start, end = log
    frame = daily(sessions, checkins)
    summaries, differences = compare(frame, measure, start, end)
    for summary in summaries:
        if summary.ci_low is not None:
            assert summary.ci_low <= summary.mean + 1e-9
            assert summary.mean <= summary.ci_high + 1e-9
        assert summary.enough == (summary.days >= MIN_DAYS)
        assert summary.needed == max(0, MIN_DAYS - summary.days)
    in_window = in_range(checkins, start, end)
    assert sum(s.days for s in summaries) == len(in_window)
    for diff in differences:
        if diff.ci_low is not None:
            assert diff.ci_low <= diff.difference <= diff.ci_high
        assert_modest(describe_difference(diff))


@settings(max_examples=40, deadline=None)
@given(logs())
def test_daily_matches_the_log(log):
    sessions, checkins, _, _ = log
    frame = daily(sessions, checkins)
    assert frame["day"].is_unique and frame["day"].is_monotonic_increasing
    assert frame["sessions"].sum() == len(sessions)
    assert frame["massage_minutes"].sum() == pytest.approx(sessions["minutes"].sum())
    assert frame["group"].notna().sum() == len(checkins)
    assert (frame["massage"] == (frame["massage_minutes"] > 0)).all()


def test_an_average_rating_interval_stays_within_0_to_10():
    few_low = days_of({"Massage only": [0, 0, 0, 3], "Neither": [10, 10, 9]})
    summaries, _ = compare(few_low)
    by_group = {s.group: s for s in summaries}
    assert by_group["Massage only"].ci_low == 0.0  # a plain t-interval would go below 0
    assert by_group["Neither"].ci_high == 10.0
    assert 0 < by_group["Massage only"].ci_high < 10


def test_an_unrated_swelling_is_left_out_of_its_average_not_counted_as_zero():
    # Two massage days rated 6 and one left unrated (a stress-only check-in): the swelling
    # average is 6 over two days, while the stress comparison still counts all three.
    rows = [{"day": day(0), "swelling": 6}, {"day": day(1), "swelling": 6},
            {"day": day(2), "swelling": None}]
    frame = daily(make_sessions([(day(i), 18, 20, None, None) for i in range(3)]),
                  make_checkins(rows))
    massage = compare(frame, "swelling")[0][0]
    assert (massage.group, massage.days, massage.mean) == ("Massage only", 2, 6.0)
    assert compare(frame, "stress")[0][0].days == 3
