"""The health profile and the preferences, one row each per owner."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import ValidationError

from planner.catalog.model import Condition
from planner.kernel import clock
from planner.kernel.db import OwnedRepository, upsert_insert
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


class SettingsRepo(OwnedRepository):
    def _one(self, table: sa.Table, column: sa.Column):
        with self.db.read() as connection:
            return connection.scalar(sa.select(column).where(table.c.owner_id == self.owner_id))

    def _upsert(self, table: sa.Table, values: dict) -> None:
        """Insert or update the owner's one row in a single statement (two windows saving at
        once can't both insert it)."""
        values = {**values, "updated_at": clock.now()}
        with self.db.write() as connection:
            connection.execute(
                upsert_insert(connection, table).values(owner_id=self.owner_id, **values)
                .on_conflict_do_update(index_elements=["owner_id"], set_=values))

    def profile(self) -> HealthProfile:
        stored = self._one(profiles, profiles.c.conditions) or []
        known = {c.value for c in Condition}
        return HealthProfile(conditions=frozenset(Condition(c) for c in stored if c in known))

    def save_profile(self, profile: HealthProfile) -> None:
        self._upsert(profiles, {"conditions": sorted(c.value for c in profile.conditions)})

    def preferences(self) -> Preferences:
        try:
            return Preferences.model_validate(self._one(preferences, preferences.c.data) or {})
        except ValidationError:
            return Preferences()  # a damaged row falls back to the defaults

    def save_preferences(self, prefs: Preferences) -> None:
        self._upsert(preferences, {"data": prefs.model_dump()})
