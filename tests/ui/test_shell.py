"""The shell's additions (planner/ui/app/shell.py): the HTML page of a visit says where its
server is and carries the app's CSS and scripts, and every other request and response passes
through untouched."""

from __future__ import annotations

import pytest

from planner.ui.app import shell
from tests.helpers import FakeApp, asgi_request

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

SHELL = (b'<!DOCTYPE html><html><head><script type="module" src="./static/js/index.A.js">'
         b'</script></head><body><div id="root"></div></body></html>')


def answering(body: bytes, content_type: bytes, encoding: bytes | None = None) -> FakeApp:
    """Streamlit answering with ``body`` as ``content_type`` (compressed with ``encoding``)."""
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if encoding:
        headers.append((b"content-encoding", encoding))
    return FakeApp(headers, body)


def _get(app, path: str, accept: bytes = b"text/html,*/*", method: str = "GET"):
    _, headers, body = asgi_request(app, path, method, [(b"accept", accept),
                                                        (b"accept-encoding", b"gzip, br")])
    return dict(headers), body


def test_every_page_is_told_where_its_server_is_and_given_the_apps_css():
    for path in ("/", "/log", "/insights"):
        inner = answering(SHELL, b"text/html; charset=utf-8")
        headers, body = _get(shell.ShellAdditions(inner), path)
        head, end = b"<!DOCTYPE html><html><head>", b"</body></html>"
        # The hint before the app's own scripts; the CSS after everything (Streamlit's styles
        # go to the head as it draws: on rules as specific, the later wins).
        assert body == (head + shell.HINT + SHELL[len(head):-len(end)] + shell.STYLE
                        + shell.SCRIPTS + end)
        assert b"BACKEND_BASE_URL: new URL('./', location.href).href" in shell.HINT
        assert shell.STYLE.startswith(b"<style>") and shell.STYLE.endswith(b"</style>")
        assert b".st-key-daily-links" in shell.STYLE and shell.STYLE.count(b"</style>") == 1
        # The theme switch's script, told every page's path; the phone menu's.
        assert b'const pages = ["", "plan", "run", "log", "insights", "experiment", "settings", ' \
               b'"library"];' in shell.SCRIPTS
        assert b"solaceNavWatch" in shell.SCRIPTS and shell.SCRIPTS.count(b"</script>") == 2
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
    inner = answering(SHELL, content_type, encoding)
    headers, body = _get(shell.ShellAdditions(inner), path, accept)
    assert body == SHELL and int(headers[b"content-length"]) == len(SHELL)


def test_a_post_passes_through_untouched():
    inner = answering(SHELL, b"text/html")
    assert _get(shell.ShellAdditions(inner), "/log", method="POST")[1] == SHELL
    assert b"accept-encoding" in dict(inner.scope["headers"])
