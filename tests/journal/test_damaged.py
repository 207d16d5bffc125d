"""Refusing to write where reads fail: a check-in or session the table can't give back is not
called saved (the write is undone, with the message of a damaged database), and a Log page
whose check-ins can't be read offers no form that could overwrite one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.journal.model import make_checkin
from planner.kernel import clock
from planner.kernel.db import DAMAGED
from planner.kernel.errors import StoreError
from tests.helpers import app_store, everything, shown

SPOIL_SQLITE = ("CREATE TRIGGER spoil AFTER INSERT ON checkins BEGIN "
                "UPDATE checkins SET stress = 99 WHERE id = NEW.id; END")
SPOIL_POSTGRESQL = (
    "CREATE FUNCTION spoil() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE checkins SET stress = 99 WHERE id = NEW.id; RETURN NULL; END $$; "
    "CREATE TRIGGER spoil AFTER INSERT ON checkins FOR EACH ROW EXECUTE FUNCTION spoil()")


def checkin():
    today = clock.today(clock.server_zone())
    return make_checkin(day=today, today=today, stress=5, swelling=1, pain=1)


def test_a_check_in_the_table_cannot_give_back_is_refused_and_undone(store):
    postgresql = store.db.kind == "PostgreSQL"
    with store.engine.begin() as connection:
        connection.exec_driver_sql(SPOIL_POSTGRESQL if postgresql else SPOIL_SQLITE)
    try:
        with pytest.raises(StoreError, match="damaged") as refused:
            store.checkins.save(checkin())
        assert str(refused.value) == DAMAGED and "Nothing was changed" in DAMAGED
        with store.engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM checkins")) == 0
    finally:  # PostgreSQL's test database is emptied for the next test, not made anew
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER spoil ON checkins; DROP FUNCTION spoil()"
                                       if postgresql else "DROP TRIGGER spoil")


def test_a_log_page_that_cannot_read_the_days_check_in_offers_no_save(open_page, today):
    store = app_store()
    store.checkins.save(checkin())
    with store.engine.begin() as connection:  # damaged: a value no save could have written
        connection.execute(sa.text("UPDATE checkins SET stress = 99"))
    app = open_page("log")
    assert "Your check-ins can't be read, so none can be saved now" in " ".join(
        shown(app.error))
    assert "damaged" in everything(app)
    assert not [b for b in app.button if (b.key or "").startswith("checkin-save")]
