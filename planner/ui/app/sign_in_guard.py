"""What a hosted Solace (sign-in on) adds to Streamlit's sign-in at the door of the server.

Streamlit 1.67 sets its sign-in cookies (``_streamlit_user``, ``_streamlit_user_tokens`` and
their numbered chunks) HttpOnly and SameSite=Lax for 30 days, and deliberately never Secure
(web/server/starlette/starlette_auth_routes.py ``_set_single_cookie``: "avoided due to Safari
cookie bugs"); no setting changes either. ``SignInCookie`` adds Secure when the
``redirect_uri`` people sign in through is HTTPS, so the cookie never travels unencrypted,
and shortens its life to ``SIGN_IN_DAYS`` (pages refuse an older sign-in too, see
planner/ui/kit/resources.py).

``SignedInFiles`` refuses a file upload (``/_stcore/upload_file``) from a browser without a
valid sign-in cookie, before its body is read: someone who never signed in could otherwise make
the server hold files as big as ``server.maxUploadSize`` from the sign-in page. It refuses a
download (``/media/``: a backup made by its button, kept by Streamlit for the page's session)
the same way: Streamlit serves those to anyone who has the address, cookie or not, so a
backup's address seen in a history or a log would have handed over someone's health data.
A cookie whose sign-in was ended (signed out everywhere, account closed, older than
``SIGN_IN_DAYS``) is refused too: a tab left open after signing out elsewhere still holds a
validly signed cookie. Its upload is read and dropped, never stored, and answered so that the
page reruns and says the person was signed out (Streamlit's uploader would show only
"Request failed with status code 403"); a download gets 403 and the same words.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool

from planner.kernel import clock
from planner.kernel.db import Database, Identity, sign_in_ended
from planner.kernel.limits import SIGN_IN_DAYS

USER_COOKIE = b"_streamlit_user"
_MAX_AGE = re.compile(rb"max-age=\d+", re.IGNORECASE)
UPLOADS = "/_stcore/upload_file/"
SIGNED_IN_ONLY = (UPLOADS, "/media/")  # uploads, and files to download
REFUSED = b"Sign in to upload or download files."
ENDED = (b"You were signed out, here, in another tab or on another device, so this file "
         b"wasn't uploaded or downloaded. Reload the page and sign in again to carry on."
         )
UNREADABLE = (b"Solace can't reach its database right now, so this file wasn't uploaded or "
              b"downloaded. Try again in a moment.")


def _auth_section() -> Any:
    from streamlit.auth_util import get_secrets_auth_section

    try:
        return get_secrets_auth_section()
    except Exception:  # no secrets file, or one that can't be read: sign-in is off
        return {}


def _served_over_https() -> bool:
    from streamlit.auth_util import get_redirect_uri

    section = _auth_section()
    return bool(section) and (get_redirect_uri(section) or "").startswith("https://")


def harden(set_cookie: bytes, secure: bool) -> bytes:
    """A sign-in cookie's Set-Cookie value, Secure (if ``secure``) and lasting SIGN_IN_DAYS;
    a cookie being deleted (Max-Age=0) is left as it is."""
    if b"max-age=0" in set_cookie.lower() or not set_cookie.startswith(USER_COOKIE):
        return set_cookie
    hardened = _MAX_AGE.sub(b"Max-Age=%d" % (SIGN_IN_DAYS * 24 * 3600), set_cookie)
    if secure and b"; secure" not in hardened.lower():
        hardened += b"; Secure"
    return hardened


class SignInCookie:
    """ASGI middleware: Streamlit's sign-in cookies made Secure over HTTPS, and shorter-lived."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def edit(message: dict) -> None:
            if message["type"] == "http.response.start" and any(
                    name == b"set-cookie" and value.startswith(USER_COOKIE)
                    for name, value in message.get("headers", [])):
                secure = _served_over_https()
                message = {**message, "headers": [
                    (name, harden(value, secure) if name == b"set-cookie" else value)
                    for name, value in message["headers"]]}
            await send(message)

        await self.app(scope, receive, edit)


def _signed_in_user(scope: dict) -> dict | None:
    """What the request's sign-in cookie says of the person (Streamlit's user info: issuer,
    subject, time of issue...), if it is signed with this server's secret; else None."""
    from starlette.requests import HTTPConnection
    from streamlit.web.server.starlette.starlette_websocket import (
        _get_signed_cookie_with_chunks,
    )

    cookies = HTTPConnection(scope).cookies
    try:
        signed = _get_signed_cookie_with_chunks(cookies, USER_COOKIE.decode())
        user = json.loads(signed) if signed else None
    except Exception:  # a cookie that can't be read is no sign-in
        return None
    return user if isinstance(user, dict) and user.get("is_logged_in") else None


@functools.cache
def _database(url: str) -> Database:
    return Database(url)


def _ended(user: dict) -> bool:
    """Whether this sign-in is over (as the pages decide, planner/ui/kit/account.py): it
    names nobody or no time of issue, is older than SIGN_IN_DAYS, or its person signed out
    everywhere or closed their account since it was issued (a read of the database)."""
    from planner.kernel.config import database_url

    issuer, subject, issued = user.get("iss"), user.get("sub"), user.get("iat")
    if not issuer or not subject or isinstance(issued, bool) or not isinstance(
            issued, int | float):
        return True
    issued_at = datetime.fromtimestamp(issued, UTC)
    if clock.now() - issued_at > timedelta(days=SIGN_IN_DAYS):
        return True
    return sign_in_ended(_database(database_url()), Identity(str(issuer), str(subject)),
                         issued_at)


async def _refuse(send: Any, body: bytes, status: int = 403) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SignedInFiles:
    """ASGI middleware: with sign-in on, uploads and downloads only for a browser signed in,
    whose sign-in hasn't been ended since."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (scope["type"] == "http" and any(part in scope["path"] for part in SIGNED_IN_ONLY)
                and _auth_section()):
            user = _signed_in_user(scope)
            if user is None:
                await _refuse(send, REFUSED)
                return
            try:
                ended = await run_in_threadpool(_ended, user)  # the database, off the loop
            except Exception:  # the database can't be read now: no file, and a retry may do
                await _refuse(send, UNREADABLE, status=503)
                return
            if ended and UPLOADS in scope["path"] and await _drained(receive):
                await _discarded(send)  # the page reruns, and says the person was signed out
                return
            if ended:
                await _refuse(send, ENDED)
                return
        await self.app(scope, receive, send)


async def _drained(receive: Any) -> bool:
    """The upload's body read and let go, a piece at a time, unless it grows past any upload
    Solace takes (then False)."""
    from planner.kernel.limits import IMPORT_BYTES_MAX, WATCH_UPLOAD_MB

    largest = max(IMPORT_BYTES_MAX, WATCH_UPLOAD_MB * 1024 * 1024)  # a watch's export
    read = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return False  # the browser went away
        read += len(message.get("body", b""))
        if read > largest + 1024 * 1024:
            return False
        if not message.get("more_body", False):
            return True


async def _discarded(send: Any) -> None:
    """An upload from a tab whose sign-in was ended, answered as taken although nothing was
    kept: Streamlit's uploader shows only "Request failed with status code 403" for a
    refusal, while after an upload it reruns the page, which then says in words that the
    person was signed out (and the file, never stored, reaches nothing)."""
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(ENDED)).encode())]})
    await send({"type": "http.response.body", "body": ENDED})
