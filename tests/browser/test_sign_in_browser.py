"""In a real Chromium, against a real local OpenID Connect provider (oidc-provider-mock): two
people sign in, each logs a check-in, neither sees the other's, and signing out works."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.kernel import clock
from planner.tools.devserver import free_port, running_app
from tests.browser.conftest import FIRST_RENDER_MS, wait_for_app

pytestmark = pytest.mark.browser
PEOPLE = {"alice": "Alice Example", "bob": "Bob Example"}


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the OIDC provider did not start in time")


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[str]:
    """oidc-provider-mock on a free local port, offering Alice and Bob; yields its URL."""
    port = free_port()
    claims = [option for sub, name in PEOPLE.items()
              for option in ("--user-claims", f'{{"sub": "{sub}", "name": "{name}"}}')]
    log = open(tmp_path_factory.mktemp("oidc") / "provider.log", "w")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host",
                                "127.0.0.1", "--port", str(port), *claims],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/.well-known/openid-configuration", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def hosted_app(tmp_path_factory, provider, catalog_dir) -> Iterator[str]:
    """Solace with sign-in on (an [auth] section in its secrets), its own database."""
    folder = tmp_path_factory.mktemp("hosted")
    port = free_port()
    secrets_file = Path(folder / "secrets.toml")
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "solace"\n'
        'client_secret = "solace-test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    env = {"PLANNER_DATABASE_URL": f"sqlite:///{folder / 'hosted.db'}",
           "PLANNER_DATA_DIR": str(catalog_dir)}
    with open(folder / "streamlit.log", "w") as log, running_app(
            env, log, port=port, options=("--secrets.files", str(secrets_file))) as url:
        yield url


def sign_in(page: Page, app: str, person: str) -> None:
    page.goto(app)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=person, exact=True).click()  # the provider's own page
    expect(page.get_by_text(f"Signed in as {PEOPLE[person]}")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)


def save_check_in(page: Page, stress: str, note: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Log").click()
    wait_for_app(page)
    for field, rating in (("stress", stress), ("swelling", "1"), ("pain", "0")):
        choice = page.locator(f"[class*='st-key-ci-{field}-']").get_by_role(
            "radio", name=rating, exact=True)
        if not choice.is_checked():
            choice.click()
        wait_for_app(page)
    notes = page.locator("[class*='st-key-ci-notes-'] textarea")
    if not notes.is_visible():  # the box opens by itself only on a check-in with notes
        page.get_by_text("Notes (optional)").click()
        wait_for_app(page)  # the run that draws the box
    notes.fill(note)
    # Left with Tab, as the Log's own tests do: the box keeps what is typed by a run of its
    # own, and a press on Save in the same moment as that run was lost once under heavy load.
    notes.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name=re.compile("^(Save|Update) check-in$")).click()
    expect(page.get_by_text(re.compile("(Saved|Updated) your check-in"))).to_be_visible(
        timeout=FIRST_RENDER_MS)


def logged(page: Page, note: str):
    """The note as the Log's history shows it (not the form's own text box)."""
    return page.get_by_test_id("stText").get_by_text(note)


def test_two_people_sign_in_and_neither_sees_the_others_log(browser: Browser, hosted_app):
    alice = browser.new_context().new_page()  # two browsers, as two people would have
    bob = browser.new_context().new_page()

    alice.goto(f"{hosted_app}/log")  # a link to a page, before signing in
    wait_for_app(alice)
    expect(alice.get_by_role("button", name="Sign in")).to_be_visible()
    expect(alice.get_by_text("Technique library")).to_have_count(0)  # nothing before sign-in
    expect(alice.get_by_text("Daily check-in")).to_have_count(0)
    expect(alice.get_by_text("Page not found")).to_have_count(0)

    sign_in(alice, hosted_app, "alice")
    save_check_in(alice, "8", "Alice walked all day")
    expect(logged(alice, "Alice walked all day")).to_be_visible(timeout=FIRST_RENDER_MS)

    sign_in(bob, hosted_app, "bob")
    save_check_in(bob, "3", "Bob rested")
    expect(logged(bob, "Bob rested")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(bob.get_by_text("Alice walked all day")).to_have_count(0)

    alice.reload()
    wait_for_app(alice)
    expect(logged(alice, "Alice walked all day")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(alice.get_by_text("Bob rested")).to_have_count(0)

    alice.get_by_role("button", name="Sign out").click()
    alice.get_by_role("button", name="End session").click()  # the provider's own page
    expect(alice.get_by_role("button", name="Sign in")).to_be_visible(timeout=FIRST_RENDER_MS)
    alice.reload()  # the sign-in cookie is gone too
    wait_for_app(alice)
    expect(alice.get_by_role("button", name="Sign in")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(alice.get_by_text("Alice walked all day")).to_have_count(0)
    expect(bob.get_by_text("Signed in as Bob Example")).to_be_visible()  # Bob stays in


def test_signing_out_in_one_tab_ends_the_other_and_a_copied_cookie(browser: Browser,
                                                                    hosted_app):
    context = browser.new_context()
    first = context.new_page()
    sign_in(first, hosted_app, "alice")
    second = context.new_page()  # another tab of the same browser, signed in too
    second.goto(hosted_app)
    wait_for_app(second)
    expect(second.get_by_text("Signed in as Alice Example")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    copied = [cookie for cookie in context.cookies() if cookie["name"].startswith(
        "_streamlit_user")]
    now = clock.now().timestamp()
    assert copied and all(cookie["expires"] - now < 8 * 24 * 3600 for cookie in copied)
    elsewhere = browser.new_context()  # a copy of the cookie, in a tab open before signing out
    elsewhere.add_cookies(copied)
    stolen = elsewhere.new_page()
    stolen.goto(f"{hosted_app}/settings")
    wait_for_app(stolen)
    stolen.get_by_text("Import a backup, or a CSV of check-ins").click()
    wait_for_app(stolen)

    first.get_by_role("button", name="Sign out").click()
    first.get_by_role("button", name="End session").click()  # the provider's own page
    expect(first.get_by_role("button", name="Sign in")).to_be_visible(timeout=FIRST_RENDER_MS)

    second.get_by_test_id("stSidebarNav").get_by_role("link", name="Log").click()
    expect(second.get_by_text("You were signed out")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(second.get_by_role("button", name="Sign in")).to_be_visible()
    expect(second.get_by_text("Check-in")).to_have_count(0)

    # That tab can't hand the server a file either: it is dropped, and the page says why.
    stolen.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
        "name": "checkins.csv", "mimeType": "text/csv", "buffer": b"day,stress\n2026-01-01,4\n"}])
    expect(stolen.get_by_text("You were signed out")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(stolen.get_by_text(re.compile("check-ins? to import|status code"))).to_have_count(0)
    stolen.goto(hosted_app)  # and opened afresh, the copied cookie opens nothing
    wait_for_app(stolen)
    expect(stolen.get_by_text("You were signed out")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(stolen.get_by_text("Signed in as Alice Example")).to_have_count(0)
