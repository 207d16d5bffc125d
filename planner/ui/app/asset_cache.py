"""Streamlit's frontend files, answered from memory after the first time.

A fresh visit downloads 60 to 100 of Streamlit's own script, style and font files. Each cost
the server 2.7 CPU-ms (a 124-byte script) to 6–7 CPU-ms (the 775 kB chart library) through
Streamlit's file handler, which opens, reads and streams the file on worker threads every
time. That was most of the server's CPU per visit (planner/tools/visits.py).

These files never change while the server runs: their names carry a hash of their contents,
and Streamlit serves them as ``immutable``. So the first answer Streamlit gives for each is
kept, headers and body, and given again to the next visitor who asks for it. Nothing is
made up here: what is replayed is exactly Streamlit's own response. Anything that is not a
plain GET of such a file (a range, a conditional request, the shell page, a file that is not
there) goes to Streamlit as before. Answered from memory, a file costs 0.8-0.9 CPU-ms, about
what the health check costs, and a fresh visit's server CPU fell by half. The memory it takes
is bounded by the files Streamlit ships (26 MB in all; a visit to every page asks for about
4 MB).
"""

from __future__ import annotations

import posixpath
from typing import Any

PREFIX = "/static/"
# A guard, never reached by Streamlit's own files (26 MB in all): past it, nothing more is kept.
MAX_BYTES = 64 * 1024 * 1024
# Requests Streamlit answers differently from a plain download.
_SPECIAL = (b"range", b"if-none-match", b"if-modified-since", b"if-range")


class AssetCache:
    """ASGI middleware: replays Streamlit's first ``immutable`` answer for each frontend file."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.kept: dict[str, tuple[list, bytes]] = {}
        self.kept_bytes = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if not _plain_asset_request(scope):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if (kept := self.kept.get(path)) is not None:
            headers, body = kept
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict = {}
        parts: list[bytes] = []

        async def keep(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body") and _immutable(start):
                    self._keep(path, list(start.get("headers", [])), b"".join(parts))
            await send(message)

        await self.app(scope, receive, keep)

    def _keep(self, path: str, headers: list, body: bytes) -> None:
        # One entry per file: a path written another way (``/static//js/a.js``) may reach the
        # same file, and is answered by Streamlit each time rather than kept again.
        if posixpath.normpath(path) != path or self.kept_bytes + len(body) > MAX_BYTES:
            return
        self.kept[path] = (headers, body)
        self.kept_bytes += len(body)


def _plain_asset_request(scope: dict) -> bool:
    return (scope["type"] == "http" and scope["method"] == "GET"
            and PREFIX in scope["path"]
            and not any(name in _SPECIAL for name, _ in scope["headers"]))


def _immutable(start: dict) -> bool:
    headers = dict(start.get("headers", []))
    return (start.get("status") == 200 and b"immutable" in headers.get(b"cache-control", b"")
            and b"content-encoding" not in headers and b"set-cookie" not in headers)
