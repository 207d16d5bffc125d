"""The HTML shell Streamlit sends on every visit, told where its server is, and carrying the
app's own look.

Streamlit's frontend finds its server by trying the page's own path first
(``/insights/_stcore/health`` and ``/insights/_stcore/host-config``), and only after those 404
and a back-off of 100 ms, the parent path. So every page at a path cost the server two wasted
requests and the visitor a round trip plus the back-off before the websocket opened.

The shell's own scripts are found at ``./static/``, resolved against the page's address, so
``./`` is the server's base address wherever the app is mounted (at the root, under
``server.baseUrlPath``, or behind a proxy's prefix). The shell now says so, through the
frontend's ``window.__streamlit.BACKEND_BASE_URL`` (the setting Streamlit reads for hosts that
embed it), and the first probe goes to the right place.

It is a hint: were the setting gone from a later Streamlit, the page would probe as before
(tests/browser/test_shell_browser.py would say so).

The app's own CSS (planner/ui/assets/solace.css) comes in the shell too, so it is in effect
from the first paint. Given by each page's script (``st.html``), it came with Streamlit's HTML
element, which the frontend loads only when a page first has one, 80-190 ms after the
heading: until then a page showed without it (on a desktop, the phone's Run and Log links
under the heading), then was laid out again. It goes at the end of the body, after every style
Streamlit adds to the head as it draws, so where a rule of each is as specific, the app's wins
(as it did from the page's body).

The theme switch's script and the phone menu's follow the CSS. In the switch's own element they
ran as the element was drawn, in the middle of the page's first drawing, which they held back
(planner/ui/app/theme.py); here they run once, before Streamlit's own code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.ui import pages

# A host's own settings, if any, win.
HINT = (b"<script>window.__streamlit = {BACKEND_BASE_URL: new URL('./', location.href).href, "
        b"...window.__streamlit}</script>")
_ASSETS = Path(__file__).resolve().parents[1] / "assets"
STYLE = b"<style>" + (_ASSETS / "solace.css").read_bytes() + b"</style>"
# The theme switch's script (which also marks the page's theme for the CSS before the first
# paint, planner/ui/app/theme.py) and the one that closes the menu on a phone once a page is
# chosen: each runs once per page load, before Streamlit's own code. Nothing in them comes
# from a visitor: the page paths are the app's own.
SCRIPTS = ("<script>" + (_ASSETS / "theme.js").read_text(encoding="utf-8").replace(
    "const pages = SOLACE_PAGES;", f"const pages = {json.dumps(pages.url_paths())};", 1)
    + "</script><script>"
    + (_ASSETS / "nav.js").read_text(encoding="utf-8") + "</script>").encode()


class ShellAdditions:
    """ASGI middleware: adds ``HINT`` at the start of the head of the shell served for a page
    visit and ``STYLE`` and ``SCRIPTS`` at the end of its body, and passes every other request
    and response through untouched.

    The shell is asked for uncompressed, so that it can be edited: it is about 24 kB with the
    CSS and scripts, and a proxy in front of a hosted Solace compresses it anyway.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not _asks_for_html(scope):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(name, value) for name, value in scope["headers"]
                                      if name != b"accept-encoding"]}
        start: dict | None = None
        body = b""

        async def edit(message: dict) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if (b"text/html" in headers.get(b"content-type", b"")
                        and b"content-encoding" not in headers):
                    start = message  # held back until the body is whole
                    return
            elif start is not None and message["type"] == "http.response.body":
                body += message.get("body", b"")
                if message.get("more_body"):
                    return
                body = body.replace(b"<head>", b"<head>" + HINT, 1)
                at = body.rfind(b"</body>")
                added = STYLE + SCRIPTS
                body = body[:at] + added + body[at:] if at >= 0 else body + added
                headers = [(name, value) for name, value in start.get("headers", [])
                           if name != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, edit)


def _asks_for_html(scope: dict) -> bool:
    accept = next((value for name, value in scope["headers"] if name == b"accept"), b"")
    return b"text/html" in accept
