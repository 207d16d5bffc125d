"""Runs in progress, one owner's: the plan as started, the actions, and logging the session."""

from __future__ import annotations

import sqlalchemy as sa

from planner.catalog.model import Catalog, load_catalog
from planner.journal.model import Session
from planner.journal.repo import insert_session
from planner.kernel import clock
from planner.kernel.db import Database, OwnedRepository, bump_data_version
from planner.kernel.errors import Conflict, Problem
from planner.kernel.schema import run_actions, runs
from planner.routines.model import TimedStep
from planner.runs.model import Run, loggable, session_from_run, startable, user_action
from planner.runs.timer import Action
from planner.settings.model import check_start
from planner.settings.repo import read_profile

ALREADY_LOGGED = "This session is already in your log."
ALREADY_RUNNING = ("A routine is already running in another window. Resume it, log the part "
                   "done, or discard it before starting another.")


class _Raced(Exception):
    """Another window changed the run inside our transaction."""


class RunRepo(OwnedRepository):
    def __init__(self, db: Database, owner_id: int, catalog: Catalog | None = None):
        super().__init__(db, owner_id)
        self.catalog = catalog or load_catalog()

    def _mine(self) -> sa.ColumnElement:
        return runs.c.owner_id == self.owner_id

    def start(self, routine_name: str, plan: tuple[TimedStep, ...], at: float,
              routine_id: int | None = None, stress_before: int | None = None,
              confirmed: frozenset[str] = frozenset()) -> Run:
        """Start a run at ``at``. ``Conflict`` while another run is active: that one is
        resumed, logged or discarded first, never dropped silently. ``Problem`` if the plan
        has a step the health profile (as stored now) advises against and ``confirmed`` (the
        technique ids the person confirmed) does not name it; the confirmation is kept with
        the run."""
        stress_before = startable(plan, stress_before)
        stamp = clock.now()
        used = {step.technique for step in plan if not step.is_switch}
        try:
            with self.db.write() as connection:
                check_start([s.technique for s in plan if not s.is_switch], self.catalog,
                            read_profile(connection, self.owner_id), confirmed)
                active = sa.select(runs.c.id).where(self._mine(), runs.c.status == "active")
                if connection.scalar(active) is not None:
                    raise Conflict("run", ALREADY_RUNNING)
                run_id = connection.execute(runs.insert().values(
                    owner_id=self.owner_id, routine_id=routine_id, routine_name=routine_name,
                    plan=[step.model_dump(mode="json") for step in plan],
                    stress_before=stress_before, status="active", created_at=stamp,
                    updated_at=stamp, confirmed_steps=sorted(used & set(confirmed)),
                    seen_at=at,
                )).inserted_primary_key[0]
                connection.execute(run_actions.insert().values(run_id=run_id, kind="start",
                                                               at=at))
        except sa.exc.IntegrityError:  # two windows started at the same moment
            raise Conflict("run", ALREADY_RUNNING) from None
        return self.get(run_id)

    def get(self, run_id: int) -> Run | None:
        with self.db.read() as connection:
            return self._get(connection, run_id)

    def _get(self, connection: sa.Connection, run_id: int) -> Run | None:
        row = connection.execute(
            sa.select(runs).where(self._mine(), runs.c.id == run_id)).first()
        if row is None:
            return None
        actions = connection.execute(
            sa.select(run_actions.c.kind, run_actions.c.at)
            .where(run_actions.c.run_id == run_id).order_by(run_actions.c.id)).all()
        return Run(
            id=row.id, routine_id=row.routine_id, routine_name=row.routine_name,
            plan=tuple(TimedStep.model_validate(step) for step in row.plan),
            stress_before=row.stress_before, status=row.status,
            confirmed=frozenset(row.confirmed_steps or ()),
            seen_at=row.seen_at,
            actions=tuple(Action(kind=a.kind, at=a.at) for a in actions),
        )

    def active(self) -> Run | None:
        query = (sa.select(runs.c.id).where(self._mine(), runs.c.status == "active")
                 .order_by(runs.c.id.desc()))
        with self.db.read() as connection:
            run_id = connection.scalar(query)
        return self.get(run_id) if run_id is not None else None

    def act(self, run_id: int, kind: str, at: float) -> Run:
        """Record pause, resume, skip, back or stop. Refused once the run is no longer active."""
        kind = user_action(kind)
        with self.db.write() as connection:
            status = connection.scalar(
                sa.select(runs.c.status).where(self._mine(), runs.c.id == run_id))
            if status != "active":
                raise Problem("run", "This run has already ended (perhaps in another window).")
            connection.execute(run_actions.insert().values(run_id=run_id, kind=kind, at=at))
            connection.execute(runs.update().where(self._mine(), runs.c.id == run_id)
                               .values(updated_at=clock.now(),
                                       seen_at=at))  # the person is there
        return self.get(run_id)

    def follow(self, run_id: int, at: float, confirmed: frozenset[str] = frozenset()) -> Run:
        """A page takes up a run met again (after a reload, an import, another window): a
        paused one resumes at ``at``. ``Problem`` if a step still to come is one the health
        profile (as stored now) advises against and neither the run nor ``confirmed`` has
        the person's confirmation of it; ``confirmed`` is kept with the run."""
        with self.db.write() as connection:
            run = self._get(connection, run_id)
            if run is None or run.status != "active":
                raise Problem("run", "This run has already ended (perhaps in another window).")
            check_start(run.techniques_ahead(at), self.catalog,
                        read_profile(connection, self.owner_id), run.confirmed | confirmed)
            values = {"updated_at": clock.now(), "seen_at": at}
            if confirmed - run.confirmed:
                values["confirmed_steps"] = sorted(run.confirmed | confirmed)
            if run.state(at).paused:
                connection.execute(run_actions.insert().values(run_id=run_id, kind="resume",
                                                               at=at))
            connection.execute(runs.update().where(self._mine(), runs.c.id == run_id)
                               .values(**values))
        return self.get(run_id)

    def seen(self, run_id: int, at: float) -> None:
        """A page showed the run running at ``at`` (the person is there)."""
        with self.db.write() as connection:
            connection.execute(
                runs.update().where(self._mine(), runs.c.id == run_id,
                                    runs.c.status == "active",
                                    sa.or_(runs.c.seen_at.is_(None), runs.c.seen_at < at))
                .values(seen_at=at))

    def back_from_away(self, run_id: int, now: float, resume: bool,
                       confirmed: frozenset[str] = frozenset()) -> Run:
        """The person left the run at its ``seen_at`` and came back at ``now``: hold it from
        that moment (nothing after it counts), and resume it now (as ``follow`` does, with
        the same health check), or end it there."""
        with self.db.write() as connection:
            run = self._get(connection, run_id)
            if run is None or run.status != "active":
                raise Problem("run", "This run has already ended (perhaps in another window).")
            left = run.left_at(now)
            if left is None:  # handled in another window meanwhile: nothing to do
                return run
            connection.execute(run_actions.insert(), [
                {"run_id": run_id, "kind": kind, "at": at}
                for kind, at in ([("pause", left)] if resume else [("stop", left)])])
        return self.follow(run_id, now, confirmed) if resume else self.get(run_id)

    def discard(self, run_id: int) -> None:
        with self.db.write() as connection:
            connection.execute(
                runs.update().where(self._mine(), runs.c.id == run_id,
                                    runs.c.status == "active")
                .values(status="discarded", updated_at=clock.now()))

    def log(self, run_id: int, at: float, stress_after: int | None = None,
            notes: str = "") -> Session:
        """Turn a run into a session: finished, or stopped at ``at`` and kept. Logged once."""
        run = loggable(self.get(run_id))
        ended = run.ended_by(at)
        session = session_from_run(ended, ended.state(at), stress_after, notes)
        try:
            with self.db.write() as connection:
                if ended is not run:
                    connection.execute(run_actions.insert().values(run_id=run_id, kind="stop",
                                                                   at=at))
                logged = insert_session(connection, self.owner_id, session)
                marked = connection.execute(  # still this owner's: ids can be reused
                    runs.update().where(self._mine(), runs.c.id == run_id,
                                        runs.c.status == "active")
                    .values(status="logged", updated_at=clock.now()))
                if marked.rowcount != 1:
                    raise _Raced
                bump_data_version(connection, self.owner_id)
        except (sa.exc.IntegrityError, _Raced):
            raise Problem("run", ALREADY_LOGGED) from None
        return logged
