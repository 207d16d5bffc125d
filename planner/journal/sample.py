"""Realistic sample data: daily check-ins, sock days and sessions from the presets.

    python -m planner.journal.sample --years 2   # into the database at PLANNER_DATABASE_URL
    python -m planner.journal.sample --remove    # take the sample out again

Every sample record is marked, so it can be removed without touching what a person logged.
The numbers are made up: stress is a little lower on massage days and swelling lower on sock
days, with plenty of noise, so the charts have something honest to show.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np

from planner.catalog.model import Catalog, load_catalog
from planner.journal.model import CheckIn, Session
from planner.journal.repo import SampleRepo
from planner.kernel import clock
from planner.kernel.config import database_url
from planner.kernel.db import LOCAL_OWNER, Database, ensure_owner
from planner.routines.model import routine_from_preset, total_seconds


def generate(catalog: Catalog, years: float, now: datetime, zone: tzinfo, seed: int = 7
             ) -> tuple[list[Session], list[CheckIn]]:
    """Sample check-ins for every day before the one it is now in ``zone`` (today's is the
    person's to fill in), and sessions that all ended before ``now``."""
    rng = np.random.default_rng(seed)
    today = now.astimezone(zone).date()
    count = max(1, round(365 * years))
    days = [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]
    weekday = np.array([d.weekday() for d in days])
    season = 0.7 * np.sin(np.arange(count) * 2 * np.pi / 365)

    sessions_per_day = rng.choice([0, 1, 2, 3, 4], size=count, p=[0.12, 0.2, 0.33, 0.25, 0.1])
    massage = sessions_per_day > 0
    socks = rng.random(count) < 0.45
    checked_in = rng.random(count) < 0.985

    stress = (5 + 0.8 * (weekday < 3) + season - 0.9 * massage - 0.2 * socks
              + rng.normal(0, 1.3, count))
    swelling = 4 - 1.5 * socks - 0.4 * massage + rng.normal(0, 1.2, count)
    pain = 3 - 0.3 * massage + rng.normal(0, 1.1, count)
    sleep = 6 + 0.5 * massage + rng.normal(0, 1.3, count)

    def rating(values: np.ndarray) -> np.ndarray:
        return np.clip(np.rint(values), 0, 10).astype(int)

    stress_r, swelling_r, pain_r, sleep_r = map(rating, (stress, swelling, pain, sleep))
    pulse = rng.integers(58, 82, count)
    systolic = rng.integers(108, 136, count)
    diastolic = rng.integers(68, 86, count)
    with_pulse = rng.random(count) < 0.3
    with_pressure = rng.random(count) < 0.2
    sock_hours = np.round(rng.uniform(5, 12, count) * 2) / 2

    checkins = [
        CheckIn(
            day=day, stress=int(stress_r[i]), socks=bool(socks[i]),
            sock_hours=float(sock_hours[i]) if socks[i] else None,
            swelling=int(swelling_r[i]), pain=int(pain_r[i]), sleep=int(sleep_r[i]),
            pulse=int(pulse[i]) if with_pulse[i] else None,
            systolic=int(systolic[i]) if with_pressure[i] else None,
            diastolic=int(diastolic[i]) if with_pressure[i] else None,
            notes="",
        )
        # Today's check-in is left for the person: the form opens empty, not on made-up values.
        for i, day in enumerate(days) if checked_in[i] and day < today
    ]

    presets = [routine_from_preset(p) for p in catalog.presets]
    lengths = [total_seconds(r, catalog) for r in presets]
    sessions: list[Session] = []
    for i, day in enumerate(days):
        for n in range(int(sessions_per_day[i])):
            which = int(rng.integers(len(presets)))
            planned = lengths[which]
            # Most sessions are followed to the end; now and then one is stopped early.
            actual = planned if rng.random() < 0.85 else int(planned * rng.uniform(0.4, 0.95))
            hour = 7 + 4 * n + int(rng.integers(0, 3)) if n < 3 else 21
            start = datetime(day.year, day.month, day.day, hour, int(rng.integers(0, 60)),
                             tzinfo=zone).astimezone(UTC)
            if start + timedelta(seconds=actual) > now:
                continue  # later today: it hasn't happened yet
            before = int(np.clip(round(stress[i] + rng.normal(0.5, 1)), 0, 10))
            after = int(np.clip(round(before - rng.normal(1.8, 1.0)), 0, 10))
            sessions.append(Session(
                routine_name=presets[which].name, started_at=start,
                ended_at=start + timedelta(seconds=actual), planned_seconds=planned,
                actual_seconds=actual, completed=actual == planned,
                stress_before=before, stress_after=after, notes="", source="timer",
            ))
    return sessions, checkins


def load_sample(repo: SampleRepo, catalog: Catalog, years: float = 1,
                zone: tzinfo | None = None, seed: int = 7) -> tuple[int, int]:
    """Add sample data ending now in ``zone`` (the server's by default)."""
    sessions, checkins = generate(catalog, years, clock.now(), zone or clock.server_zone(),
                                  seed)
    repo.add(sessions, checkins)
    return len(sessions), len(checkins)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fill the database with sample data.")
    parser.add_argument("--years", type=float, default=1, help="how many years, ending today")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--remove", action="store_true", help="remove the sample data instead")
    args = parser.parse_args(argv)
    db = Database(database_url())
    repo = SampleRepo(db, ensure_owner(db, LOCAL_OWNER))
    if args.remove:
        repo.remove()
        print("Sample data removed.")
        return
    sessions, checkins = load_sample(repo, load_catalog(), args.years, seed=args.seed)
    print(f"Added {sessions} sample sessions and {checkins} sample check-ins to the "
          f"{db.kind} database at PLANNER_DATABASE_URL.")


if __name__ == "__main__":
    main()
