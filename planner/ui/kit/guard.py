"""The one guard between the database and the page: a ``StoreError`` becomes a plain message.

``page()`` wraps every page (the entry script runs the navigation inside it), so a read that
fails anywhere shows what happened instead of a traceback. ``action()`` wraps every callback
that writes, so a failed write says why beside the control that made it, and nothing else on
the page is lost.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec

from planner.kernel.db import SessionEnded
from planner.kernel.errors import Conflict, Problem, StoreError
from planner.ui.kit import account, messages

P = ParamSpec("P")


@contextmanager
def page() -> Iterator[None]:
    try:
        yield
    except StoreError as error:
        messages.show(f"{error}", "error")


def action(scope: str, field: str = "save", refused: str = "Not saved. ",
           field_for: Callable[[str], str] | None = None
           ) -> Callable[[Callable[P, object]], Callable[P, None]]:
    """Turn the callback's ``StoreError`` and ``Problem`` into a problem message.

    ``field`` is where a database failure is shown; a ``Problem`` is shown by its own field
    (through ``field_for`` if given), after ``refused``. A clean run clears the scope's
    problem.
    """

    def wrap(callback: Callable[P, object]) -> Callable[P, None]:
        @functools.wraps(callback)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                callback(*args, **kwargs)
            except Conflict as conflict:
                messages.problem(scope, field_for(conflict.field) if field_for
                                 else conflict.field, conflict.message)
            except Problem as problem:
                where = field_for(problem.field) if field_for else problem.field
                messages.problem(scope, where, refused + problem.message)
            except SessionEnded:  # the sign-in page follows, and says it wasn't saved
                account.session_ended(account.NOT_SAVED)
            except StoreError as error:
                messages.problem(scope, field, str(error))
            else:
                messages.clear_problem(scope)

        return guarded

    return wrap
