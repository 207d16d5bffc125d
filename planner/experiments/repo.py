"""Experiments, one owner's: the designs, and the log read back as each day's observation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

import sqlalchemy as sa

from planner.experiments.model import Design, actual_condition
from planner.experiments.stats import Observation
from planner.insights.frames import Frames
from planner.kernel import clock
from planner.kernel.db import OwnedRepository
from planner.kernel.errors import Conflict
from planner.kernel.schema import experiments


@dataclass(frozen=True)
class Experiment:
    id: int
    design: Design
    ended_at: datetime | None  # set when stopped before its last day

    def running_on(self, day: date) -> bool:
        return self.ended_at is None and self.design.start <= day <= self.design.end

    def over_by(self, day: date) -> bool:
        return self.ended_at is not None or day > self.design.end


def _design(row: sa.Row) -> Design:
    return Design(conditions=tuple(row.conditions), days_per_condition=row.days_per_condition,
                  wash_out=row.wash_out, blocks=row.blocks, outcome=row.outcome,
                  start=row.start, seed=row.seed)


def _experiment(row: sa.Row) -> Experiment:
    ended = row.ended_at
    if ended is not None and ended.tzinfo is None:  # SQLite keeps no zone; we store UTC
        ended = ended.replace(tzinfo=UTC)
    return Experiment(row.id, _design(row), ended)


class ExperimentRepo(OwnedRepository):
    def _newest(self) -> sa.Select:
        return (sa.select(experiments).where(experiments.c.owner_id == self.owner_id)
                .order_by(experiments.c.created_at.desc(), experiments.c.id.desc()).limit(1))

    def latest(self) -> Experiment | None:
        """The newest experiment: planned, running or over."""
        with self.db.read() as connection:
            row = connection.execute(self._newest()).first()
        return _experiment(row) if row else None

    def start(self, design: Design, today: date) -> Experiment:
        """Save a new experiment; ``Conflict`` while another is planned or running."""
        with self.db.write() as connection:
            row = connection.execute(self._newest()).first()
            if row is not None and not _experiment(row).over_by(today):
                raise Conflict("experiment", "An experiment is already planned or running. "
                                             "End it before starting another.")
            new_id = connection.execute(experiments.insert().values(
                owner_id=self.owner_id, created_at=clock.now(),
                **design.model_dump())).inserted_primary_key[0]
        return Experiment(new_id, design, None)

    def end(self, experiment_id: int) -> None:
        """Stop it before its last day; what was logged so far is kept and analysed."""
        with self.db.write() as connection:
            connection.execute(experiments.update().where(
                experiments.c.owner_id == self.owner_id, experiments.c.id == experiment_id,
                experiments.c.ended_at.is_(None)).values(ended_at=clock.now()))


def observations(frames: Frames, design: Design, zone: tzinfo) -> dict[date, Observation]:
    """Each experiment day as logged: the outcome rating and what the day actually was."""
    import pandas as pd  # imported when first needed: pages without charts start quicker

    from planner.insights.stats import daily

    sessions = frames.sessions(zone)
    day_table = daily(sessions, frames.checkins())
    if day_table.empty:
        return {}
    days = pd.to_datetime(day_table["day"]).dt.date
    keep = (days >= design.start) & (days <= design.end)
    found = {}
    for day, value, massage, socks in zip(days[keep], day_table.loc[keep, design.outcome],
                                          day_table.loc[keep, "massage"],
                                          day_table.loc[keep, "socks"], strict=True):
        checked_in = not pd.isna(socks)
        found[day] = Observation(
            None if pd.isna(value) else float(value),
            actual_condition(bool(massage), bool(socks)) if checked_in else None)
    return found
