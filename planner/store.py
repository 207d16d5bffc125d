"""One person's records: every repository, over one database, for one owner.

Where each kind of record is kept: ``routines`` (planner/routines/repo.py), ``runs``
(planner/runs/repo.py), ``sessions``, ``checkins`` and ``sample`` (planner/journal/repo.py),
``settings`` (planner/settings/repo.py), ``frames`` for the charts
(planner/insights/frames.py), ``experiments`` (planner/experiments/repo.py), the weekly
plan in ``schedule`` (planner/schedule/repo.py), the clinician's report in ``reports``
(planner/report/repo.py), a watch's daily values in ``measures`` (planner/watch/repo.py)
and export, import and "delete
everything" in ``backup`` (planner/backup/repo.py). The database
itself is planner/kernel/db.py.
"""

from __future__ import annotations

from datetime import datetime

from planner.backup.repo import BackupRepo
from planner.catalog.model import Catalog, load_catalog
from planner.experiments.repo import ExperimentRepo
from planner.insights.frames import Frames
from planner.journal.repo import CheckInRepo, SampleRepo, SessionRepo
from planner.kernel.db import (
    LOCAL_OWNER,
    Database,
    Identity,
    SessionEnded,
    end_sessions,
    ensure_owner,
    identity_closed,
    session_generation,
)
from planner.report.repo import ReportRepo
from planner.routines.repo import RoutineRepo
from planner.runs.repo import RunRepo
from planner.schedule.repo import ScheduleRepo
from planner.settings.repo import SettingsRepo
from planner.watch.repo import MeasureRepo


class Store:
    """``url`` opens the database; a ``Database`` already open is shared (app servers open one
    per process and give each signed-in person a Store over it). ``owner`` is the local person
    by default, or someone signed in.

    ``signed_in_at``: the store of one browser session of someone signed in, whose sign-in
    was issued then. ``SessionEnded`` if that sign-in was ended since (signed out
    everywhere, or the account closed: then no new account is opened); otherwise every
    write checks that it still isn't (``session_is_current``).
    """

    def __init__(self, url: str | Database, catalog: Catalog | None = None,
                 owner: str | Identity = LOCAL_OWNER, signed_in_at: datetime | None = None):
        self.catalog = catalog or load_catalog()
        self.db = self._shared = url if isinstance(url, Database) else Database(url)
        if signed_in_at is not None and isinstance(owner, Identity) and identity_closed(
                self.db, owner, signed_in_at):  # a cookie from before the account was closed
            raise SessionEnded()
        self.owner_id = ensure_owner(self.db, owner)
        if signed_in_at is not None:
            generation = session_generation(self.db, self.owner_id, issued_at=signed_in_at)
            if generation is None:
                raise SessionEnded()
            self.db = self.db.for_session(self.owner_id, generation)
        mine = (self.db, self.owner_id)
        self.routines = RoutineRepo(*mine, self.catalog)
        self.runs = RunRepo(*mine, self.catalog)
        self.sessions = SessionRepo(*mine)
        self.checkins = CheckInRepo(*mine)
        self.sample = SampleRepo(*mine)
        self.settings = SettingsRepo(*mine)
        self.frames = Frames(*mine)
        self.experiments = ExperimentRepo(*mine)
        self.schedule = ScheduleRepo(*mine)
        self.backup = BackupRepo(*mine, self.catalog)
        self.reports = ReportRepo(*mine)
        self.measures = MeasureRepo(*mine)

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def engine(self):
        return self.db.engine

    def session_is_current(self) -> bool:
        """Whether this browser session's sign-in still holds (always, for a local store):
        one read by primary key, made on every rerun."""
        if self.db.session is None:
            return True
        return session_generation(self._shared, self.owner_id) == self.db.session[1]

    def end_sessions(self) -> None:
        """Sign this person out everywhere (every tab, every server, copied cookies)."""
        end_sessions(self._shared, self.owner_id)

    def is_empty(self) -> bool:
        """No session and no check-in logged yet (sample data counts as logged)."""
        return not (self.sessions.any() or self.checkins.any())

    def dispose(self) -> None:
        self.db.dispose()
