"""The Settings page: the health profile saves; where the data lives stays private."""

from __future__ import annotations

import sqlalchemy as sa

from planner.kernel.config import database_url
from planner.store import Store
from tests.conftest import on_postgresql
from tests.helpers import everything, shown


def test_settings_saves_the_health_profile(open_page):
    app = open_page("settings")
    app.checkbox(key="condition-pregnancy").check()
    app.button[0].click().run()  # the form's submit button, with the box ticked
    assert any("saved" in s for s in shown(app.success))
    assert {c.value for c in Store(database_url()).settings.profile().conditions} == {"pregnancy"}

    app = open_page("settings")
    assert app.checkbox(key="condition-pregnancy").value is True


def test_the_settings_page_does_not_show_where_the_database_is(open_page, database_url):
    app = open_page("settings")
    text = everything(app)
    kind = "PostgreSQL" if on_postgresql() else "SQLite"
    assert f"kept in a {kind} database" in text and "not in this browser" in text
    where = sa.make_url(database_url)
    assert str(where.database) not in text and where.drivername not in text
