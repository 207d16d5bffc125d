"""The health profile and the preferences, one row each per owner."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import ValidationError

from planner.catalog.model import Condition
from planner.kernel import clock
from planner.kernel.db import OwnedRepository, upsert_insert
from planner.kernel.errors import Conflict
from planner.kernel.schema import preferences, profiles
from planner.settings.model import HealthProfile, Preferences


def _profile(stored) -> HealthProfile:
    known = {c.value for c in Condition}
    return HealthProfile(conditions=frozenset(Condition(c) for c in stored or [] if c in known))


def read_profile(connection: sa.Connection, owner_id: int) -> HealthProfile:
    """The owner's health profile, read inside the caller's transaction (a run's start checks
    the profile as it is stored at that moment)."""
    return _profile(connection.scalar(
        sa.select(profiles.c.conditions).where(profiles.c.owner_id == owner_id)))


def changed_elsewhere(what: str) -> Conflict:
    return Conflict("save", f"{what} was changed in another window, so nothing was saved.")


class SettingsRepo(OwnedRepository):
    def _row(self, table: sa.Table, column: sa.Column) -> tuple[object, int]:
        """The owner's document and its version (0: none stored yet)."""
        with self.db.read() as connection:
            row = connection.execute(sa.select(column, table.c.version)
                                     .where(table.c.owner_id == self.owner_id)).first()
        return (None, 0) if row is None else (row[0], row[1])

    def _save(self, table: sa.Table, values: dict, version: int | None, what: str) -> int:
        """Write the owner's one row if it is still at ``version`` (0: none yet; None: no
        check, as an import does); return its new version. ``Conflict`` if another window
        saved it since. One statement each, so two windows can't both insert it."""
        values = {**values, "updated_at": clock.now()}
        mine = table.c.owner_id == self.owner_id
        with self.db.write() as connection:
            if version is None:
                connection.execute(
                    upsert_insert(connection, table).values(owner_id=self.owner_id, **values)
                    .on_conflict_do_update(index_elements=["owner_id"],
                                           set_={**values, "version": table.c.version + 1}))
                return connection.scalar(sa.select(table.c.version).where(mine))
            if version == 0:
                added = connection.scalar(  # (rowcount isn't told on every driver)
                    upsert_insert(connection, table)
                    .values(owner_id=self.owner_id, version=1, **values)
                    .on_conflict_do_nothing().returning(table.c.version))
                if added is None:
                    raise changed_elsewhere(what)
                return added
            new = connection.scalar(
                table.update().where(mine, table.c.version == version)
                .values(**values, version=table.c.version + 1).returning(table.c.version))
            if new is None:
                raise changed_elsewhere(what)
            return new

    def profile(self) -> HealthProfile:
        stored, version = self._row(profiles, profiles.c.conditions)
        return _profile(stored).model_copy(update={"version": version})

    def save_profile(self, profile: HealthProfile) -> HealthProfile:
        """Save, if no other window saved the profile since ``profile.version`` (None: don't
        check); return it as stored, with its new version."""
        version = self._save(profiles, {"conditions": sorted(c.value for c in profile.conditions)},
                             profile.version, "Your health profile")
        return profile.model_copy(update={"version": version})

    def preferences(self) -> Preferences:
        stored, version = self._row(preferences, preferences.c.data)
        try:
            found = Preferences.model_validate(stored or {})
        except ValidationError:
            found = Preferences()  # a damaged row falls back to the defaults
        return found.model_copy(update={"version": version})

    def save_preferences(self, prefs: Preferences) -> Preferences:
        """As ``save_profile``."""
        version = self._save(preferences, {"data": prefs.model_dump(mode="json")}, prefs.version,
                             "Your sound settings")
        return prefs.model_copy(update={"version": version})
