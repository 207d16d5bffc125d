"""Sessions the server can end: signing out, or closing the account, in one tab ends every
other tab and server of that person (their next write is refused in words, nothing is
written), and a sign-in issued before it (a copied cookie) no longer opens a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.journal.model import make_checkin
from planner.kernel import clock, schema
from planner.kernel.db import SessionEnded
from planner.store import Store
from tests.helpers import ROUTINE

ALICE = ("https://id.example.org", "alice-1")
BOB = ("https://id.example.org", "bob-2")
OWNED = [table for table in schema.metadata.sorted_tables if "owner_id" in table.c]


def tab(url: str, catalog, person=ALICE, signed_in_minutes_ago: float = 1) -> Store:
    """One browser tab of someone who signed in a while ago."""
    from planner.kernel.db import Identity

    return Store(url, catalog, owner=Identity(*person),
                 signed_in_at=clock.now() - timedelta(minutes=signed_in_minutes_ago))


def checkin(stress: int = 5):
    today = clock.today(clock.server_zone())
    return make_checkin(day=today, today=today, stress=stress, swelling=1, pain=1)


def rows_of(store: Store, owner_id: int) -> int:
    with store.engine.connect() as connection:
        return sum(connection.scalar(sa.select(sa.func.count()).select_from(table)
                                     .where(table.c.owner_id == owner_id)) for table in OWNED)


def test_signing_out_in_one_tab_ends_the_other_and_refuses_its_writes(url, catalog,
                                                                       frozen_clock):
    first, second = tab(url, catalog), tab(url, catalog)
    bob = tab(url, catalog, BOB)
    second.checkins.save(checkin(3))
    first.end_sessions()
    assert not second.session_is_current() and not first.session_is_current()
    with pytest.raises(SessionEnded, match="You were signed out"):
        second.checkins.save(checkin(9))
    with pytest.raises(SessionEnded):
        second.routines.save(ROUTINE)
    assert [c.stress for c in second.checkins.list()] == [3]  # nothing after signing out
    assert bob.session_is_current()  # another person's sessions go on
    bob.checkins.save(checkin(2))


def test_a_sign_in_from_before_signing_out_opens_nothing_and_a_new_one_does(url, catalog,
                                                                          frozen_clock):
    tab(url, catalog).end_sessions()
    with pytest.raises(SessionEnded):  # a cookie copied before signing out
        tab(url, catalog, signed_in_minutes_ago=1)
    frozen_clock.advance(30)
    again = tab(url, catalog, signed_in_minutes_ago=0.25)  # signed in since
    again.checkins.save(checkin())
    assert again.session_is_current()


def test_after_closing_the_account_another_tab_writes_nothing(url, catalog):
    closing, other = tab(url, catalog), tab(url, catalog)
    other.checkins.save(checkin())
    owner_id = other.owner_id
    closing.backup.delete_everything(account=True)
    assert not other.session_is_current()
    for write in (lambda: other.checkins.save(checkin()), lambda: other.routines.save(ROUTINE),
                  lambda: other.settings.save_preferences(other.settings.preferences())):
        with pytest.raises(SessionEnded):
            write()
    assert rows_of(other, owner_id) == 0


def test_a_cookie_from_before_closing_the_account_opens_no_new_one(url, catalog, frozen_clock):
    closing = tab(url, catalog)
    closing.checkins.save(checkin())
    owner_id = closing.owner_id
    closing.backup.delete_everything(account=True)
    for _ in range(2):  # a cookie copied before, in a fresh browser (twice: still refused)
        with pytest.raises(SessionEnded):
            tab(url, catalog, signed_in_minutes_ago=1)
    with closing.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(schema.owners)
                                 .where(schema.owners.c.subject == ALICE[1])) == 0
        kept = connection.execute(sa.select(schema.closed_identities)).all()
    assert rows_of(closing, owner_id) == 0
    assert len(kept) == 1 and ALICE[1] not in str(kept[0])  # a digest, not the identity
    frozen_clock.advance(30)
    fresh = tab(url, catalog, signed_in_minutes_ago=0.25)  # signing in again starts afresh
    assert fresh.owner_id != owner_id and fresh.checkins.list() == []
    fresh.checkins.save(checkin())
    with pytest.raises(SessionEnded):  # the old cookie doesn't open the new account either
        tab(url, catalog, signed_in_minutes_ago=1)
    assert tab(url, catalog, BOB).session_is_current()  # nor does it touch anyone else


def test_the_local_app_has_no_sessions_to_end(url, catalog):
    local = Store(url, catalog)
    assert local.session_is_current()
    local.checkins.save(checkin())
