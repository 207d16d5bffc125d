"""One person's records: every repository, over one database, for one owner.

Where each kind of record is kept: ``routines`` (planner/routines/repo.py), ``runs``
(planner/runs/repo.py), ``sessions``, ``checkins`` and ``sample`` (planner/journal/repo.py),
``settings`` (planner/settings/repo.py), ``frames`` for the charts
(planner/insights/frames.py), ``experiments`` (planner/experiments/repo.py), the weekly
plan in ``schedule`` (planner/schedule/repo.py) and export, import and "delete
everything" in ``backup`` (planner/backup/repo.py). The database
itself is planner/kernel/db.py.
"""

from __future__ import annotations

from planner.backup.repo import BackupRepo
from planner.catalog.model import Catalog, load_catalog
from planner.experiments.repo import ExperimentRepo
from planner.insights.frames import Frames
from planner.journal.repo import CheckInRepo, SampleRepo, SessionRepo
from planner.kernel.db import LOCAL_OWNER, Database, ensure_owner
from planner.routines.repo import RoutineRepo
from planner.runs.repo import RunRepo
from planner.schedule.repo import ScheduleRepo
from planner.settings.repo import SettingsRepo


class Store:
    def __init__(self, url: str, catalog: Catalog | None = None, owner: str = LOCAL_OWNER):
        self.catalog = catalog or load_catalog()
        self.db = Database(url)
        self.owner_id = ensure_owner(self.db, owner)
        mine = (self.db, self.owner_id)
        self.routines = RoutineRepo(*mine, self.catalog)
        self.runs = RunRepo(*mine)
        self.sessions = SessionRepo(*mine)
        self.checkins = CheckInRepo(*mine)
        self.sample = SampleRepo(*mine)
        self.settings = SettingsRepo(*mine)
        self.frames = Frames(*mine)
        self.experiments = ExperimentRepo(*mine)
        self.schedule = ScheduleRepo(*mine)
        self.backup = BackupRepo(*mine, self.catalog)

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def engine(self):
        return self.db.engine

    def is_empty(self) -> bool:
        """No session and no check-in logged yet (sample data counts as logged)."""
        return not (self.sessions.any() or self.checkins.any())

    def dispose(self) -> None:
        self.db.dispose()
