"""Experiments, one owner's: the designs, and the check-ins' answers and spread (SQL in,
models out)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa

from planner.experiments.model import (
    OUTCOME_KINDS,
    SPREAD_DAYS,
    Answer,
    Day,
    DaySpread,
    Design,
    Experiment,
    Outcome,
    day_spread,
)
from planner.kernel import clock
from planner.kernel.db import OwnedRepository
from planner.kernel.errors import Conflict
from planner.kernel.schema import checkins, daily_measures, experiments, sessions


def _design(row: sa.Row) -> Design:
    return Design(conditions=tuple(row.conditions), days_per_condition=row.days_per_condition,
                  wash_out=row.wash_out, blocks=row.blocks, outcome=row.outcome,
                  start=row.start, seed=row.seed, question=row.question)


def _experiment(row: sa.Row) -> Experiment:
    return Experiment(row.id, _design(row), row.ended_at)  # in UTC (kernel.schema.UTCDateTime)


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

    def assigned(self, day: date, zone: tzinfo) -> Day | None:
        """The newest experiment's assignment for ``day`` (None if it asks nothing then)."""
        found = self.latest()
        return found.assigned_on(day, zone) if found else None

    def done_on(self, day: date, zone: tzinfo) -> frozenset[str]:
        """What is already logged for ``day`` (the person's calendar day in ``zone``):
        "massage" if a session started then, "socks" if its check-in says socks were worn."""
        start = datetime.combine(day, time(), zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
        massage = sa.select(sessions.c.id).where(
            sessions.c.owner_id == self.owner_id, sessions.c.started_at >= start,
            sessions.c.started_at < end).limit(1)
        socks = sa.select(checkins.c.socks).where(
            checkins.c.owner_id == self.owner_id, checkins.c.day == day)
        with self.db.read() as connection:
            had_massage = connection.scalar(massage) is not None
            wore_socks = bool(connection.scalar(socks))
        return frozenset({"massage"} if had_massage else set()) | (
            {"socks"} if wore_socks else set())

    def answers(self, design: Design) -> dict[date, Answer]:
        """Each day of ``design`` on which the check-in says whether the plan was followed."""
        query = sa.select(checkins.c.day, checkins.c.plan_followed, checkins.c.done_instead
                          ).where(checkins.c.owner_id == self.owner_id,
                                  checkins.c.day.between(design.start, design.end),
                                  checkins.c.plan_followed.is_not(None))
        with self.db.read() as connection:
            return {row.day: (row.plan_followed, row.done_instead)
                    for row in connection.execute(query)}

    def spread(self, outcome: Outcome, before: date) -> DaySpread:
        """How much the person's own ``outcome`` varied over the check-ins (or the watch's
        days) of the ``SPREAD_DAYS`` before ``before`` (sample data left out), or the
        typical figure."""
        kind = OUTCOME_KINDS[outcome]
        if not kind.rated:
            return self._measure_spread(kind.measure, before, kind.typical)
        column = checkins.c[outcome]
        query = sa.select(checkins.c.day, column).where(
            checkins.c.owner_id == self.owner_id, sa.not_(checkins.c.is_sample),
            checkins.c.day < before, checkins.c.day >= before - timedelta(days=SPREAD_DAYS),
            column.is_not(None))
        with self.db.read() as connection:
            rows = connection.execute(query).all()
        return day_spread([float(row[1]) for row in rows], [row[0] for row in rows])

    def _measure_spread(self, measure: str, before: date, typical: DaySpread) -> DaySpread:
        """As ``spread``, from a watch's values: one a day, picked among devices as
        everywhere else (planner.watch.model.day_values)."""
        from planner.watch.model import DailyMeasure, day_values

        query = sa.select(daily_measures.c.day, daily_measures.c.value,
                          daily_measures.c.source).where(
            daily_measures.c.owner_id == self.owner_id, daily_measures.c.measure == measure,
            daily_measures.c.day < before,
            daily_measures.c.day >= before - timedelta(days=SPREAD_DAYS))
        with self.db.read() as connection:
            records = [DailyMeasure.model_construct(day=row.day, measure=measure,
                                                    value=row.value, source=row.source)
                       for row in connection.execute(query)]
        by_day = day_values(records)[measure]
        return day_spread(list(by_day.values()), list(by_day), typical)

    def end(self, experiment_id: int) -> None:
        """Stop it before its last day; what was logged so far is kept and analysed."""
        with self.db.write() as connection:
            connection.execute(experiments.update().where(
                experiments.c.owner_id == self.owner_id, experiments.c.id == experiment_id,
                experiments.c.ended_at.is_(None)).values(ended_at=clock.now()))
