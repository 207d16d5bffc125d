"""The server's door with sign-in on (planner/ui/app/sign_in_guard.py): uploads and downloads
only for a browser signed in, and the sign-in cookie Secure over HTTPS and lasting a week, not
30 days."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

from planner.kernel import clock
from planner.kernel.config import DATABASE_URL_VARIABLE
from planner.kernel.db import Identity
from planner.store import Store
from planner.ui.app import sign_in_guard
from tests.helpers import FakeApp, asgi_request

SECRET = "s" * 32
UPLOAD = "/_stcore/upload_file/session-1/file-1"
STREAMLIT_COOKIE = (b"_streamlit_user=abc; HttpOnly; Max-Age=2592000; Path=/; "
                    b"SameSite=lax")


ALICE = Identity("https://id.example.org", "alice-1")


@pytest.fixture
def sign_in_on(monkeypatch, url):
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)

    def configure(redirect_uri: str = "https://solace.example.org/oauth2callback") -> None:
        section = {"redirect_uri": redirect_uri, "cookie_secret": SECRET}
        monkeypatch.setattr(sign_in_guard, "_auth_section", lambda: section)
        monkeypatch.setattr("streamlit.web.server.starlette.starlette_websocket."
                            "get_cookie_secret", lambda: SECRET)

    return configure


def upload(cookie: bytes | None = None, path: str = UPLOAD, method: str = "PUT"
           ) -> tuple[int, bytes, FakeApp]:
    """A request for a file (an upload unless told otherwise) through the guard."""
    inner = FakeApp([(b"content-type", b"text/plain")], b"stored")
    headers = [(b"cookie", cookie)] if cookie else []
    status, _, body = asgi_request(sign_in_guard.SignedInFiles(inner), path, method, headers)
    return status, body, inner


def user_cookie(secret: str = SECRET, minutes_ago: float = 1, person: Identity = ALICE
                ) -> bytes:
    """Streamlit's sign-in cookie of someone who signed in ``minutes_ago``."""
    issued = (clock.now() - timedelta(minutes=minutes_ago)).timestamp()
    user = {"is_logged_in": True, "iss": person.issuer, "sub": person.subject, "iat": issued}
    signed = create_signed_value(secret, "_streamlit_user", json.dumps(user))
    return b"_streamlit_user=" + signed


def test_an_upload_from_someone_not_signed_in_is_refused_unread(sign_in_on):
    sign_in_on()
    for cookie in (None, b"_streamlit_user=forged", user_cookie("another-secret")):
        status, body, inner = upload(cookie)
        assert (status, body, inner.asked) == (403, b"Sign in to upload or download files.", 0)
    status, body, inner = upload(user_cookie())
    assert (status, body, inner.asked) == (200, b"stored", 1)


def test_a_tab_whose_sign_in_was_ended_can_upload_nothing(sign_in_on, url, catalog,
                                                          frozen_clock):
    sign_in_on()
    copied = user_cookie()  # an open tab's cookie, still validly signed
    store = Store(url, catalog, owner=ALICE, signed_in_at=clock.now() - timedelta(minutes=1))
    store.end_sessions()  # signed out in another tab
    # The upload is dropped unstored, answered so that the page reruns and says why in words
    # (Streamlit's uploader shows only "status code 403" for a refusal); a download is 403.
    for path, method, answer in ((UPLOAD, "PUT", 200),
                                 ("/media/0123456789abcdef.json", "GET", 403)):
        status, body, inner = upload(copied, path, method)
        assert (status, inner.asked) == (answer, 0)
        assert body.decode().startswith("You were signed out, here, in another tab")
    frozen_clock.advance(60)
    assert upload(user_cookie(minutes_ago=0.5))[1] == b"stored"  # signed in again since
    Store(url, catalog, owner=ALICE, signed_in_at=clock.now() - timedelta(minutes=0.5)
          ).backup.delete_everything(account=True)
    assert upload(user_cookie(minutes_ago=0.5))[2].asked == 0  # the account was closed since
    bob = Identity("https://id.example.org", "bob-2")
    assert upload(user_cookie(person=bob))[1] == b"stored"  # someone else's uploads go on
    assert upload(user_cookie(minutes_ago=8 * 24 * 60, person=bob))[2].asked == 0  # too old


def test_while_the_database_cant_be_read_a_signed_in_upload_is_refused_for_a_retry(
        sign_in_on, monkeypatch):
    """Not taken for an ended sign-in (the file read, dropped and answered as taken): the
    person, still signed in, is told to try again."""
    sign_in_on()

    def unreachable(_user):
        raise OSError("connection refused")

    monkeypatch.setattr(sign_in_guard, "_ended", unreachable)
    status, body, inner = upload(user_cookie())
    assert (status, inner.asked) == (503, 0)
    assert body.decode().endswith("Try again in a moment.")


def test_a_download_without_a_sign_in_cookie_is_refused(sign_in_on):
    sign_in_on()
    backup = "/media/0123456789abcdef.json"  # a backup's address, seen in a history
    assert upload(path=backup, method="GET")[0] == 403
    assert upload(user_cookie(), path=backup, method="GET")[0] == 200


def test_other_requests_and_the_local_app_pass_through(sign_in_on):
    assert upload()[0] == 200  # sign-in off: the local app takes uploads as before
    sign_in_on()
    assert upload(path="/_stcore/health")[0] == 200


def cookie_set(set_cookie: bytes) -> bytes:
    inner = FakeApp([(b"location", b"/"), (b"set-cookie", set_cookie)], b"")
    _, headers, _ = asgi_request(sign_in_guard.SignInCookie(inner), "/oauth2callback")
    return dict(headers)[b"set-cookie"]


def test_the_sign_in_cookie_is_secure_over_https_and_lasts_a_week(sign_in_on):
    sign_in_on()
    hardened = cookie_set(STREAMLIT_COOKIE)
    assert b"; Secure" in hardened and b"Max-Age=604800" in hardened
    assert b"HttpOnly" in hardened and b"SameSite=lax" in hardened
    deleted = b'_streamlit_user=""; Max-Age=0; Path=/'
    assert cookie_set(deleted) == deleted  # signing out still clears it
    other = b"_streamlit_xsrf=x; Path=/"
    assert cookie_set(other) == other


def test_over_plain_http_on_this_computer_the_cookie_is_not_secure(sign_in_on):
    sign_in_on("http://localhost:8501/oauth2callback")
    hardened = cookie_set(STREAMLIT_COOKIE)
    assert b"Secure" not in hardened and b"Max-Age=604800" in hardened
