"""What a report needs, read from one person's records (see planner/report/model.py)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

import sqlalchemy as sa

from planner.experiments.repo import ExperimentRepo
from planner.insights.frames import Frames
from planner.journal.repo import SampleRepo
from planner.kernel import clock
from planner.kernel.checks import validated
from planner.kernel.db import Database, OwnedRepository
from planner.kernel.schema import checkins, sessions
from planner.report.document import report_pdf
from planner.report.model import Period, Report, make_report
from planner.schedule.repo import ScheduleRepo
from planner.settings.repo import SettingsRepo


class ReportRepo(OwnedRepository):
    def __init__(self, db: Database, owner_id: int):
        super().__init__(db, owner_id)
        mine = (db, owner_id)
        self.frames, self.settings = Frames(*mine), SettingsRepo(*mine)
        self.schedule, self.experiments = ScheduleRepo(*mine), ExperimentRepo(*mine)
        self.sample = SampleRepo(*mine)

    def notes(self, period: Period) -> dict[date, str]:
        """The check-ins' notes in ``period``, by day (days without notes left out)."""
        query = sa.select(checkins.c.day, checkins.c.notes).where(
            checkins.c.owner_id == self.owner_id, checkins.c.day.between(period.start,
                                                                         period.end),
            checkins.c.notes != "")
        with self.db.read() as connection:
            return {row.day: row.notes for row in connection.execute(query)}

    def report(self, period: Period, zone: tzinfo) -> Report:
        experiment = self.experiments.latest()
        return make_report(
            period=period, sessions=self.frames.sessions(zone), checkins=self.frames.checkins(),
            notes=self.notes(period), profile=self.settings.profile(),
            slots=self.schedule.slots(), experiment=experiment,
            answers=self.experiments.answers(experiment.design) if experiment else {},
            now=clock.now(), zone=zone, sample=self.sample.present(),
            measures=self.frames.measures())

    def first_day(self) -> date | None:
        """The first day with a check-in or a session (a session's UTC day: the start of
        "all time" needn't be exact to the hour)."""
        mine = checkins.c.owner_id == self.owner_id
        with self.db.read() as connection:
            checked = connection.scalar(sa.select(sa.func.min(checkins.c.day)).where(mine))
            started = connection.scalar(sa.select(sa.func.min(sessions.c.started_at)).where(
                sessions.c.owner_id == self.owner_id))
        found = [checked, started.date() if isinstance(started, datetime) else None]
        return min((day for day in found if day is not None), default=None)

    def pdf(self, start: date, end: date, zone: tzinfo) -> bytes:
        """The report for ``start`` to ``end`` as PDF bytes (``Problem`` for a bad period)."""
        period = validated(Period, {"today": clock.today(zone)}, start=start, end=end)
        return report_pdf(self.report(period, zone))
