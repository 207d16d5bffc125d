"""Sign-in, as people see it (AppTest; a real provider is in tests/browser/test_sign_in_browser.py):
with an ``[auth]`` section nobody sees a page before signing in, each person sees only their
own records, signing out works, and deleting an account takes only that person's data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from planner.kernel import clock, schema
from planner.kernel.db import Identity
from planner.store import Store
from planner.tools.devserver import ROOT
from planner.ui import handoff, pages
from tests.conftest import run_app
from tests.helpers import everything, shown
from tests.journal.test_page import fill_checkin, form_key
from tests.routines.test_page import add_step
from tests.ui.test_pages import PAGES

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "solace", "client_secret": "not-a-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
ISSUER = "https://id.example.org"
ALICE = {"is_logged_in": True, "iss": ISSUER, "sub": "alice-1", "name": "Alice",
         "email": "shared@example.org"}
BOB = {"is_logged_in": True, "iss": ISSUER, "sub": "bob-2", "name": "Bob",
       "email": "shared@example.org"}  # the same email: people are told apart by issuer + id


@pytest.fixture
def visit(database_url, monkeypatch):
    """The app with sign-in on, as ``user`` (a dict of claims, or logged out), on ``page``."""
    monkeypatch.chdir(ROOT)

    def _visit(user: dict, page: str = "library") -> AppTest:
        def signed_in_as(app: AppTest) -> None:
            app.secrets["auth"] = AUTH
            app.user = {"iat": signed_in_seconds_ago(1), **user}

        return run_app(page, signed_in_as)

    return _visit


def signed_in_seconds_ago(seconds: float) -> int:
    """An ID token's ``iat``: when the provider issued the sign-in."""
    return int(clock.now().timestamp() - seconds)


def person_store(database_url: str, claims: dict) -> Store:
    return Store(database_url, owner=Identity(claims["iss"], claims["sub"]))


def test_someone_not_signed_in_sees_only_the_sign_in_page(visit):
    app = visit({"is_logged_in": False})
    assert [b.label for b in app.button] == ["Sign in"]
    assert "Sign in to keep your routines and your log" in everything(app)
    assert "Technique library" not in everything(app)


def test_without_an_auth_section_the_app_is_the_local_one(open_page):
    app = open_page("library")
    assert "Sign in" not in [b.label for b in app.button]
    assert "Technique library" in [t.value for t in app.title]


def test_two_people_each_see_only_their_own_check_ins(visit, database_url, today):
    alice = fill_checkin(visit(ALICE, "log"), today, stress=9, notes="Alice's day")
    assert any("Saved your check-in" in s for s in shown(alice.success))
    assert "Signed in as Alice" in shown(alice.sidebar.caption)

    bob = visit(BOB, "log")
    assert "Alice's day" not in everything(bob)
    assert person_store(database_url, BOB).checkins.list() == []
    fill_checkin(bob, today, stress=2, notes="Bob's day")
    assert [c.stress for c in person_store(database_url, ALICE).checkins.list()] == [9]
    assert [c.stress for c in person_store(database_url, BOB).checkins.list()] == [2]
    assert Store(database_url).checkins.list() == []  # nor the local owner's


def test_a_provider_that_names_nobody_gets_no_data(visit):
    app = visit({"is_logged_in": True, "name": "Nobody", "email": "x@example.org"})
    assert "didn't say who you are" in " ".join(shown(app.error))
    assert [b.label for b in app.button] == ["Sign in"]


def test_signing_out_leads_back_to_the_sign_in_page(visit):
    app = visit(ALICE)
    app.sidebar.button(key="sign-out").click().run()
    assert "Technique library" not in everything(app)  # nothing more is drawn
    app.run()  # the browser comes back from the provider's sign-out
    assert [b.label for b in app.button] == ["Sign in"]


def signed_out_page(app: AppTest) -> bool:
    return ([b.label for b in app.button] == ["Sign in"] and "Check-in" not in everything(app)
            and "Technique library" not in everything(app))


def test_signing_out_in_one_tab_signs_out_every_other_and_an_old_cookie(visit, database_url,
                                                                         today):
    other_tab = fill_checkin(visit(ALICE, "log"), today, stress=4)
    visit(ALICE).sidebar.button(key="sign-out").click().run()
    other_tab.run()
    assert signed_out_page(other_tab)
    assert "You were signed out" in " ".join(shown(other_tab.info))
    copied = visit({**ALICE, "iat": signed_in_seconds_ago(60)})  # a cookie copied before
    assert signed_out_page(copied)
    assert "You were signed out" in " ".join(shown(copied.info))
    signed_in_again = visit({**ALICE, "iat": signed_in_seconds_ago(-1)})
    assert "Technique library" in everything(signed_in_again)


def test_a_save_from_a_tab_signed_out_elsewhere_is_refused_in_words(visit, database_url, today):
    other_tab = visit(ALICE, "log")
    key = form_key(today)
    for field in ("stress", "swelling", "pain"):  # filled in while still signed in
        other_tab.pills(key=f"ci-{field}-{key}").set_value(8).run()
    visit(ALICE).sidebar.button(key="sign-out").click().run()
    other_tab.button(key=f"checkin-save-{key}").click().run()
    assert signed_out_page(other_tab)
    assert "your last change wasn't saved" in " ".join(shown(other_tab.info))
    assert person_store(database_url, ALICE).checkins.list() == []


def test_a_tab_left_open_saves_nothing_after_the_account_is_deleted(visit, database_url,
                                                                    today):
    other_tab = visit(ALICE, "log")
    key = form_key(today)
    for field in ("stress", "swelling", "pain"):
        other_tab.pills(key=f"ci-{field}-{key}").set_value(8).run()
    app = visit(ALICE, "settings")
    for button in ("data-delete", "data-delete-continue", "data-delete-now"):
        app.button(key=button).click().run()
    other_tab.button(key=f"checkin-save-{key}").click().run()
    assert signed_out_page(other_tab)
    with Store(database_url).engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(schema.checkins)) == 0


def test_a_sign_in_older_than_a_week_is_asked_again(visit):
    app = visit({**ALICE, "iat": signed_in_seconds_ago(8 * 24 * 3600)})
    assert signed_out_page(app)
    assert "more than 7 days ago" in " ".join(shown(app.info))


def test_deleting_an_account_removes_that_person_and_signs_them_out(visit, database_url,
                                                                    today):
    fill_checkin(visit(BOB, "log"), today, stress=2)
    fill_checkin(visit(ALICE, "log"), today, stress=9)
    app = visit(ALICE, "settings")
    assert "under your sign-in" in everything(app)
    app.button(key="data-delete").click().run()
    assert "and your account" in " ".join(shown(app.warning))
    app.button(key="data-delete-continue").click().run()
    app.button(key="data-delete-now").click().run()
    assert [b.label for b in app.run().button] == ["Sign in"]  # signed out
    with Store(database_url).engine.connect() as connection:
        subjects = connection.execute(sa.select(schema.owners.c.subject)).scalars().all()
    assert "alice-1" not in subjects and "bob-2" in subjects
    assert [c.stress for c in person_store(database_url, BOB).checkins.list()] == [2]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_someone_signed_in(visit, page):
    app = visit(ALICE, page)
    assert app.title[0].value == PAGES[page]
    assert "Signed in as Alice" in shown(app.sidebar.caption)


def test_a_routine_planned_and_run_by_one_person_is_nowhere_for_another(visit, database_url):
    alice = visit(ALICE, "plan")
    add_step(alice, "breathing")
    alice.text_input(key="draft-name").set_value("Alice's evening").run()
    alice.button(key="save").click().run()
    (routine,) = person_store(database_url, ALICE).routines.list()
    alice.switch_page(pages.RUN.script).run()
    assert any("Alice's evening" in o for o in alice.selectbox(key="run-choice").options)
    alice.selectbox(key="run-choice").set_value(handoff.saved_choice(routine.id)).run()
    alice.button(key="run-start").click().run()
    assert person_store(database_url, ALICE).runs.active() is not None

    bob = visit(BOB, "plan")
    assert "Alice's evening" not in everything(bob)
    assert "Routines you save appear here." in shown(bob.caption)
    bob.switch_page(pages.RUN.script).run()
    assert not any("Alice's evening" in o for o in bob.selectbox(key="run-choice").options)
    assert "is still running" not in everything(bob)  # no offer to resume her run
    assert person_store(database_url, BOB).runs.active() is None
    bob.switch_page(pages.INSIGHTS.script).run()
    assert "Nothing to chart yet" in everything(bob)
