"""Small helpers shared by the tests of several features."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from planner.routines.model import Routine, RoutineStep
from planner.store import Store
from planner.ui.apptest import (  # what a person sees: shared with the benchmark's checks
    figures,  # noqa: F401
    html_text,  # noqa: F401
    page_text,
    unescape,
)

STEPS = (RoutineStep(technique="breathing", seconds=60),
         RoutineStep(technique="ball_roll", seconds=120))
ROUTINE = Routine(name="Evening", steps=(RoutineStep(technique="oil", seconds=60),))


def make_routine(name: str = "Evening calm", steps: tuple[RoutineStep, ...] = STEPS,
                 pause: int = 5) -> Routine:
    return Routine(name=name, steps=steps, switch_pause_seconds=pause)


_opened: list[Store] = []


def app_store() -> Store:
    """The records the pages under test read and write (the database PLANNER_DATABASE_URL
    names: the ``database_url`` fixture's), opened afresh as another window would open them.
    Closed when the test ends (``close_app_stores``)."""
    from planner.kernel.config import database_url

    opened = Store(database_url())
    _opened.append(opened)
    return opened


def close_app_stores() -> None:
    while _opened:
        _opened.pop().dispose()


def count_routines(store: Store) -> int:
    from planner.kernel.schema import routines

    with store.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(routines))


def shown(elements) -> list[str]:
    """The texts of AppTest elements (alerts, markdown, captions) as the person reads them."""
    return [unescape(element.value) for element in elements]


def everything(app) -> str:
    """All the text a person could read on an AppTest page."""
    return page_text(app)


class Downloads:
    """The files an AppTest page's download buttons hand over, made on the press or at once.

    ``Downloads(monkeypatch)`` before the page runs; then ``downloads.content(button)``.
    """

    def __init__(self, monkeypatch):
        import streamlit.testing.v1.app_test as app_test
        from streamlit.runtime.media_file_manager import MediaFileManager

        self.managers: list[MediaFileManager] = []
        managers = self.managers

        class Recording(MediaFileManager):
            def __init__(self, storage):
                super().__init__(storage)
                managers.append(self)

        monkeypatch.setattr(app_test, "MediaFileManager", Recording)

    def content(self, button) -> bytes:
        from streamlit.runtime.media_file_storage import MediaFileStorageError

        proto = button.proto
        for manager in reversed(self.managers):  # the latest run's first
            try:
                url = (manager.execute_deferred(proto.deferred_file_id)
                       if proto.deferred_file_id else proto.url)
                return manager._storage.get_file(url.rsplit("/", 1)[-1]).content
            except MediaFileStorageError:
                continue
        raise AssertionError(f"no file behind the button {proto.label!r}")


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coroutine`` to its end on a thread of its own: once a browser test has run,
    Playwright keeps an event loop running on the main thread, where asyncio.run refuses."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


class FakeApp:
    """A stand-in for Streamlit's ASGI app: answers every request with ``status``, ``headers``
    and ``body`` (in two parts, as a streamed file comes), and keeps count of what it was
    asked and the last request it saw."""

    def __init__(self, headers: list[tuple[bytes, bytes]], body: bytes, status: int = 200):
        self.headers, self.body, self.status = headers, body, status
        self.asked = 0
        self.scope: dict | None = None

    async def __call__(self, scope, receive, send):
        self.asked += 1
        self.scope = scope
        await send({"type": "http.response.start", "status": self.status,
                    "headers": self.headers})
        half = len(self.body) // 2
        await send({"type": "http.response.body", "body": self.body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": self.body[half:]})


def asgi_request(app, path: str, method: str = "GET", headers=()
                 ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """One HTTP request through the ASGI ``app``: its status, headers and whole body."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "headers": list(headers)}
    run_async(app(scope, receive, send))
    return (sent[0]["status"], sent[0]["headers"],
            b"".join(message.get("body", b"") for message in sent[1:]))
