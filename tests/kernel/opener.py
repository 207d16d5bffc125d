"""Run in a child process by tests/kernel/test_db.py: open a store when told, report back.

A module of its own, so a spawned child imports only this and planner, not the test module.
"""

from planner.store import Store


def open_store(url: str, ready, results) -> None:
    ready.wait()
    try:
        store = Store(url)
        results.put(("ok", store.owner_id))
        store.dispose()
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        results.put(("error", repr(error)))
