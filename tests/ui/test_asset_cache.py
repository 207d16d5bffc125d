"""The asset cache (planner/ui/app/asset_cache.py): Streamlit's first ``immutable`` answer for a
frontend file is given again, byte for byte, and nothing else is ever kept."""

from __future__ import annotations

import pytest

from planner.ui.app.asset_cache import AssetCache
from tests.helpers import FakeApp, asgi_request

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

IMMUTABLE = [(b"content-type", b"application/javascript"), (b"content-length", b"11"),
             (b"etag", b'"abc"'), (b"cache-control", b"public, immutable, max-age=31536000")]


def fake_streamlit(headers=IMMUTABLE, status: int = 200, body: bytes = b"hello world") -> FakeApp:
    return FakeApp(headers, body, status)


def _ask(app, path="/static/js/embed.X1.js", method="GET", headers=()):
    return asgi_request(app, path, method, [(b"accept", b"*/*"), *headers])


def test_a_frontend_file_is_asked_of_streamlit_once_and_given_again_the_same():
    streamlit = fake_streamlit()
    cache = AssetCache(streamlit)
    first = _ask(cache)
    again = [_ask(cache) for _ in range(3)]
    assert streamlit.asked == 1
    assert first == (200, IMMUTABLE, b"hello world")
    assert again == [first] * 3


def test_under_a_base_path_too():
    streamlit = fake_streamlit()
    cache = AssetCache(streamlit)
    _ask(cache, "/solace/static/css/index.Y.css")
    _ask(cache, "/solace/static/css/index.Y.css")
    assert streamlit.asked == 1


def test_each_file_is_kept_apart():
    cache = AssetCache(fake_streamlit())
    _ask(cache, "/static/js/a.1.js")
    cache.app = fake_streamlit(body=b"other bytes")
    assert _ask(cache, "/static/js/b.2.js")[2] == b"other bytes"
    assert _ask(cache, "/static/js/a.1.js")[2] == b"hello world"


@pytest.mark.parametrize(("headers", "status"), [
    ([(b"content-type", b"text/html"), (b"cache-control", b"no-cache")], 200),  # the shell
    (IMMUTABLE, 404),
    ([*IMMUTABLE, (b"set-cookie", b"session=1")], 200),  # somebody's own
    ([*IMMUTABLE, (b"content-encoding", b"gzip")], 200),
    ([(b"content-type", b"image/png"), (b"cache-control", b"public")], 200),  # may change
])
def test_an_answer_that_may_change_or_is_somebodys_own_is_never_kept(headers, status):
    streamlit = fake_streamlit(headers, status)
    cache = AssetCache(streamlit)
    _ask(cache)
    assert _ask(cache) == (status, headers, b"hello world")
    assert streamlit.asked == 2


@pytest.mark.parametrize(("path", "method", "headers"), [
    ("/static/js/embed.X1.js", "GET", [(b"range", b"bytes=0-3")]),
    ("/static/js/embed.X1.js", "GET", [(b"if-none-match", b'"abc"')]),
    ("/static/js/embed.X1.js", "HEAD", []),
    ("/insights", "GET", []),
    ("/_stcore/health", "GET", []),
])
def test_any_other_request_goes_to_streamlit_every_time(path, method, headers):
    streamlit = fake_streamlit()
    cache = AssetCache(streamlit)
    for _ in range(2):
        _ask(cache, path, method, headers)
    assert streamlit.asked == 2 and not cache.kept


@pytest.mark.parametrize("path", ["/static//js/embed.X1.js", "/static/js/./embed.X1.js"])
def test_a_file_asked_for_by_another_spelling_of_its_path_is_not_kept_again(path):
    streamlit = fake_streamlit()
    cache = AssetCache(streamlit)
    for _ in range(2):
        assert _ask(cache, path)[2] == b"hello world"
    assert streamlit.asked == 2 and not cache.kept


def test_past_the_guard_on_memory_nothing_more_is_kept(monkeypatch):
    monkeypatch.setattr("planner.ui.app.asset_cache.MAX_BYTES", 15)
    streamlit = fake_streamlit()  # 11 bytes a file
    cache = AssetCache(streamlit)
    for name in ("a", "b", "a", "b"):
        _ask(cache, f"/static/js/{name}.js")
    assert list(cache.kept) == ["/static/js/a.js"] and cache.kept_bytes == 11
    assert streamlit.asked == 3  # b.js each time
