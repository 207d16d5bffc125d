"""The shell's hint (planner/ui/shell.py): the HTML page of a visit says where its server is,
and every other request and response passes through untouched."""

from __future__ import annotations

import pytest

from planner.ui import shell
from tests.helpers import run_async

SHELL = (b'<!DOCTYPE html><html><head><script type="module" src="./static/js/index.A.js">'
         b'</script></head><body><div id="root"></div></body></html>')


class Recorder:
    """A stand-in for Streamlit's app: answers with ``body`` and keeps the request it saw."""

    def __init__(self, body: bytes, content_type: bytes, encoding: bytes | None = None):
        self.body, self.content_type, self.encoding = body, content_type, encoding
        self.scope: dict | None = None

    async def __call__(self, scope, receive, send):
        self.scope = scope
        headers = [(b"content-type", self.content_type),
                   (b"content-length", str(len(self.body)).encode())]
        if self.encoding:
            headers.append((b"content-encoding", self.encoding))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        half = len(self.body) // 2  # in two parts, as a streamed file may come
        await send({"type": "http.response.body", "body": self.body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": self.body[half:]})


def _get(app, path: str, accept: bytes = b"text/html,*/*", method: str = "GET"):
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "headers": [(b"accept", accept), (b"accept-encoding", b"gzip, br")]}
    run_async(app(scope, receive, send))
    headers = dict(sent[0]["headers"])
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return headers, body


def test_every_page_is_told_where_its_server_is():
    for path in ("/", "/log", "/insights"):
        inner = Recorder(SHELL, b"text/html; charset=utf-8")
        headers, body = _get(shell.ShellHint(inner), path)
        head = b"<!DOCTYPE html><html><head>"
        assert body == head + shell.HINT + SHELL[len(head):]  # before the app's own scripts
        assert b"BACKEND_BASE_URL: new URL('./', location.href).href" in shell.HINT
        assert int(headers[b"content-length"]) == len(body)
        # asked for plainly, so that it can be read and edited
        assert b"accept-encoding" not in dict(inner.scope["headers"])


@pytest.mark.parametrize(("path", "accept", "content_type", "encoding"), [
    ("/static/js/index.A.js", b"*/*", b"text/javascript", None),    # a script
    ("/_stcore/health", b"application/json", b"text/plain", None),  # the health check
    ("/log", b"text/html", b"text/html", b"gzip"),                  # already compressed
    ("/log", b"text/html", b"application/json", None),              # not a page after all
])
def test_anything_else_passes_through_untouched(path, accept, content_type, encoding):
    inner = Recorder(SHELL, content_type, encoding)
    headers, body = _get(shell.ShellHint(inner), path, accept)
    assert body == SHELL and int(headers[b"content-length"]) == len(SHELL)


def test_a_post_passes_through_untouched():
    inner = Recorder(SHELL, b"text/html")
    assert _get(shell.ShellHint(inner), "/log", method="POST")[1] == SHELL
    assert b"accept-encoding" in dict(inner.scope["headers"])
