"""The health profile and the preferences: one row each per owner, safe from two windows."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from planner.catalog.model import Condition
from planner.kernel.errors import Conflict
from planner.kernel.schema import profiles
from planner.settings.model import HealthProfile, Preferences
from planner.store import Store


def test_profile_round_trip(store: Store) -> None:
    assert store.settings.profile() == HealthProfile()
    chosen = HealthProfile(conditions=frozenset({Condition.PREGNANCY, Condition.CLOTTING}))
    store.settings.save_profile(chosen)
    assert store.settings.profile() == chosen
    store.settings.save_profile(HealthProfile(conditions=frozenset({Condition.FOOT_INJURY})))
    assert store.settings.profile().conditions == {Condition.FOOT_INJURY}
    store.settings.save_profile(HealthProfile())
    assert store.settings.profile() == HealthProfile()
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(profiles)) == 1


def test_unknown_stored_condition_is_ignored(store: Store) -> None:
    store.settings.save_profile(HealthProfile())
    with store.engine.begin() as connection:
        connection.execute(profiles.update().values(conditions=["pregnancy", "telepathy"]))
    assert store.settings.profile().conditions == {Condition.PREGNANCY}


def test_preferences_saved_from_many_windows_at_once_leave_one_row(store):
    errors: list[BaseException] = []

    def save(volume: int) -> None:
        try:
            store.settings.save_preferences(Preferences(volume=volume))
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=save, args=(v,)) for v in range(0, 100, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM preferences")) == 1
    assert store.settings.preferences().volume in range(0, 100, 10)


def test_a_stale_profile_save_is_refused(store: Store) -> None:
    """Two windows read the profile; the later save of the earlier read is refused."""
    first, second = store.settings.profile(), store.settings.profile()
    assert first.version == 0  # nothing stored yet
    pregnant = HealthProfile(conditions=frozenset({Condition.PREGNANCY}), version=second.version)
    saved = store.settings.save_profile(pregnant)
    with pytest.raises(Conflict, match="changed in another window"):
        store.settings.save_profile(HealthProfile(version=first.version))
    assert store.settings.profile().conditions == {Condition.PREGNANCY}
    with pytest.raises(Conflict, match="changed in another window"):
        store.settings.save_profile(HealthProfile(version=0))  # a first save, now stale too
    store.settings.save_profile(HealthProfile(version=saved.version))  # the current one: saved
    assert store.settings.profile().conditions == frozenset()


def test_a_stale_preferences_save_is_refused(store: Store) -> None:
    first = store.settings.preferences()
    store.settings.save_preferences(Preferences(volume=20, version=first.version))
    with pytest.raises(Conflict, match="changed in another window"):
        store.settings.save_preferences(Preferences(muted=True, version=first.version))
    assert store.settings.preferences() == Preferences(volume=20)


def test_an_import_moves_the_version_on(store: Store) -> None:
    """A window open before an import can't undo what the import brought."""
    before = store.settings.profile()
    backup = store.backup.export().model_copy(update={"profile": (Condition.CLOTTING,)})
    store.backup.restore(backup)
    with pytest.raises(Conflict):
        store.settings.save_profile(HealthProfile(version=before.version))
