"""Simulated people for whom the truth is known, to check what Solace concludes from a log.

A person's daily rating is 5 plus AR(1) noise (neighbouring days alike, ``alike``), an
optional slow drift, and the true effect of what they did that day; rounded to whole points
within 0-10, as the check-in records it. Massage and socks are habits that come in streaks:
each day keeps yesterday's state with chance ``stay``. Some days have no check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

START = date(2025, 1, 6)


def ar1(rng: np.random.Generator, days: int, alike: float, spread: float) -> np.ndarray:
    """Noise with standard deviation ``spread`` whose neighbouring days correlate ``alike``."""
    shocks = rng.normal(scale=spread * np.sqrt(1 - alike ** 2), size=days)
    noise = np.empty(days)
    noise[0] = rng.normal(scale=spread)
    for t in range(1, days):
        noise[t] = alike * noise[t - 1] + shocks[t]
    return noise


def streaky(rng: np.random.Generator, days: int, stay: float) -> np.ndarray:
    flips = rng.random(days) > stay
    flips[0] = rng.random() < 0.5
    return (np.cumsum(flips) % 2).astype(bool)


def whole_points(latent: np.ndarray) -> np.ndarray:
    return np.clip(np.round(latent), 0, 10)


@dataclass(frozen=True)
class Year:
    sessions: pd.DataFrame
    checkins: pd.DataFrame


def year_of_log(rng: np.random.Generator, days: int = 365, alike: float = 0.5,
                stay: float = 0.9, missing: float = 0.15, massage_effect: float = 0.0,
                socks_effect: float = 0.0, spread: float = 1.5, drift: float = 0.0) -> Year:
    """A person's log: a 20-minute session on massage days, a check-in on most days."""
    massage, socks = streaky(rng, days, stay), streaky(rng, days, stay)
    latent = 5 + ar1(rng, days, alike, spread) + massage_effect * massage + socks_effect * socks
    if drift:
        latent += drift * np.cumsum(rng.normal(size=days)) / np.sqrt(days)
    stress = whole_points(latent)
    day = pd.Timestamp(START) + pd.to_timedelta(np.arange(days), unit="D")
    checked = rng.random(days) >= missing
    sessions = pd.DataFrame({
        "started_at": (day[massage] + pd.Timedelta(hours=20)).tz_localize("UTC"),
        "day": day[massage].astype("datetime64[ns]"),
        "minutes": np.full(int(massage.sum()), 20.0),
        "stress_before": pd.array([None] * int(massage.sum()), dtype="Int64"),
        "stress_after": pd.array([None] * int(massage.sum()), dtype="Int64"),
        "routine_name": pd.array(["Evening"] * int(massage.sum()), dtype="str"),
        "completed": np.ones(int(massage.sum()), dtype=bool),
    })
    n = int(checked.sum())
    checkins = pd.DataFrame({
        "day": day[checked].astype("datetime64[ns]"),
        "stress": pd.array(stress[checked].astype(int), dtype="Int64"),
        "socks": socks[checked],
        "sock_hours": np.where(socks[checked], 8.0, np.nan),
        "swelling": pd.array([None] * n, dtype="Int64"),
        "pain": pd.array([None] * n, dtype="Int64"),
        "sleep": pd.array([None] * n, dtype="Int64"),
        "pulse": pd.array([None] * n, dtype="Int64"),
        "systolic": pd.array([None] * n, dtype="Int64"),
        "diastolic": pd.array([None] * n, dtype="Int64"),
    })
    return Year(sessions, checkins)


# --- a person following an experiment ------------------------------------------------------------


def experiment_person(design, rng: np.random.Generator, effects: dict[str, float],
                      alike: float = 0.5, spread: float = 1.5, drift: float = 0.0,
                      unrated: float = 0.15, unrated_when_worse: float = 0.0,
                      history_days: int = 60, adherence_when_worse: float = 0.0):
    """``history_days`` of check-ins before the experiment (for the person's own spread), then
    each experiment day as logged. ``effects`` maps a condition to how much it moves the
    rating. ``unrated_when_worse`` makes a check-in likelier to be skipped on a worse day (a
    logistic tilt per point above 5); ``adherence_when_worse`` makes skipping the planned
    condition likelier then (the day then counts as "neither" when followed is asked).

    Returns (history ratings, history days, observed days for planner.experiments.analysis).
    """
    from datetime import timedelta

    from planner.experiments.analysis import Observation
    from planner.experiments.model import WASH_OUT, schedule

    days = schedule(design)
    total = history_days + len(days)
    noise = ar1(rng, total, alike, spread)
    if drift:
        noise += drift * np.cumsum(rng.normal(size=total)) / np.sqrt(total) * spread
    history = whole_points(5 + noise[:history_days])
    start = design.start - timedelta(days=history_days)
    history_dates = [start + timedelta(days=i) for i in range(history_days)]
    kept = rng.random(history_days) >= unrated
    observed = {}
    for index, day in enumerate(days):
        base = 5 + noise[history_days + index]
        planned = "neither" if day.condition == WASH_OUT else day.condition
        did = planned
        if adherence_when_worse and planned != "neither":
            skip = 1 / (1 + np.exp(-(base - 5 - 1.5) * adherence_when_worse))
            if rng.random() < skip:
                did = "neither"
        value = whole_points(np.array([base + effects.get(did, 0.0)]))[0]
        chance = unrated
        if unrated_when_worse:
            chance = unrated * 2 / (1 + np.exp(-(value - 5) * unrated_when_worse))
        if rng.random() < min(chance, 0.95):
            continue
        observed[day.day] = Observation(float(value), did)
    return ([float(v) for v, k in zip(history, kept, strict=True) if k],
            [d for d, k in zip(history_dates, kept, strict=True) if k], observed)


# --- a person whose watch measures the outcome -------------------------------------------------


def watch_gaps(rng: np.random.Generator, days: int, missing: float,
               mean_gap: float = 2.0) -> np.ndarray:
    """Days the watch wasn't worn (True), in runs of 1-3 days (``mean_gap`` on average), about
    ``missing`` of all days."""
    unworn = np.zeros(days, dtype=bool)
    start_chance = missing / mean_gap / (1 - missing)  # a gap begins on a worn day
    day = 0
    while day < days:
        if rng.random() < start_chance:
            length = int(rng.integers(1, 4))
            unworn[day:day + length] = True
            day += length + 1  # a worn day between two gaps
        else:
            day += 1
    return unworn


def watch_person(design, rng: np.random.Generator, effects: dict[str, float],
                 level: float = 58.0, spread: float = 2.5, alike: float = 0.5,
                 missing: float = 0.15, lapse: float = 0.0, stay: float = 0.85,
                 history_days: int = 60):
    """A watch's daily values (resting heart rate, say): ``level`` plus AR(1) noise in the
    unit, plus the true effect of what the person did the day before (a massage or a day in
    socks shows in the next morning's value). Before the experiment massage and socks are
    habits in streaks (each day keeps yesterday's with chance ``stay``); during it the person
    follows the schedule, except that with chance ``lapse`` a day repeats the day before
    (the habit carries on). Days the watch wasn't worn come in runs (``watch_gaps``).

    Returns (history values, their days, values by the day they were measured, what each
    experiment day really was)."""
    from datetime import timedelta

    from planner.experiments.model import WASH_OUT, actual_condition, schedule

    days = schedule(design)
    total = history_days + len(days) + 1  # and the morning after the last day
    noise = ar1(rng, total, alike, spread)
    massage, socks = streaky(rng, history_days, stay), streaky(rng, history_days, stay)
    did = [actual_condition(bool(m), bool(s)) for m, s in zip(massage, socks, strict=True)]
    for day in days:
        planned = "neither" if day.condition == WASH_OUT else day.condition
        did.append(did[-1] if did and rng.random() < lapse else planned)
    values = level + noise
    values[1:] += [effects.get(condition, 0.0) for condition in did]  # the next morning
    unworn = watch_gaps(rng, total, missing)
    first = design.start - timedelta(days=history_days)
    measured = {first + timedelta(days=i): round(float(v), 1)
                for i, v in enumerate(values) if not unworn[i]}
    history = [(d, v) for d, v in measured.items() if d < design.start]
    return ([v for _, v in history], [d for d, _ in history],
            {d: v for d, v in measured.items() if d > design.start}, did[history_days:])
