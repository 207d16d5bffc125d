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
