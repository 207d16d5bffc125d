"""Run in a child process by tests/kernel/test_db.py: open a store when told, report back.

A module of its own, so a spawned child imports only this and planner, not the test module.
"""

import traceback

from planner.store import Store


def open_store(url: str, ready, results) -> None:
    ready.wait()
    try:
        store = Store(url)
        results.put(("ok", store.owner_id))
        store.dispose()
    except BaseException:  # noqa: BLE001 - reported to the parent
        # The whole traceback, with the cause: which step met a lock (once in a fresh-clone
        # run under load, "database is locked", not reproduced since) is what to look at.
        results.put(("error", traceback.format_exc()))
