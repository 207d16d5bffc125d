"""The one list of Solace's pages. The entry script builds the navigation from it, and every
link from one page to another goes through it: no page's path is written anywhere else."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Page:
    script: str  # the page's script, relative to streamlit_app.py
    title: str
    icon: str
    default: bool = False

    def link(self, label: str, icon: str | None = None) -> None:
        """A link to this page (with the page's own icon unless told another)."""
        st.page_link(self.script, label=label, icon=icon or self.icon)

    def open(self) -> None:
        """Go to this page now."""
        st.switch_page(self.script)


LIBRARY = Page("pages/library.py", "Library", ":material/menu_book:", default=True)
PLAN = Page("pages/plan.py", "Plan", ":material/edit_note:")
RUN = Page("pages/run.py", "Run", ":material/timer:")
LOG = Page("pages/log.py", "Log", ":material/edit_calendar:")
INSIGHTS = Page("pages/insights.py", "Insights", ":material/insights:")
EXPERIMENT = Page("pages/experiment.py", "Experiment", ":material/science:")
SETTINGS = Page("pages/settings.py", "Settings", ":material/settings:")
ALL = (LIBRARY, PLAN, RUN, LOG, INSIGHTS, EXPERIMENT, SETTINGS)


DAILY = (RUN, LOG)  # one tap away on a phone, above every page

# The default page is served at the app's root, so Streamlit gives it no address of its own:
# a hidden page at /library brings an old link or a bookmark there (its own path, given
# explicitly, is what keeps the two apart).
_DEFAULT_PATH, _ALIAS_PATH = "home", "library"


def _to_default() -> None:
    st.switch_page(next(page for page in ALL if page.default).script)


def navigation() -> list[st.Page]:
    """Every page, in the order the navigation lists them, and the hidden /library."""
    listed = [st.Page(page.script, title=page.title, icon=page.icon, default=page.default,
                      url_path=_DEFAULT_PATH if page.default else None)
              for page in ALL]
    return [*listed, st.Page(_to_default, title=LIBRARY.title, icon=LIBRARY.icon,
                             url_path=_ALIAS_PATH, visibility="hidden")]


def url_paths() -> list[str]:
    """Every page's path, as ``navigation`` gives them to Streamlit ("" for the default page,
    which is served at the app's root), and the hidden /library."""
    return ["" if page.default else page.script.removeprefix("pages/").removesuffix(".py")
            for page in ALL] + [_ALIAS_PATH]


def named(name: str) -> Page:
    """The page whose script is ``pages/<name>.py``."""
    return next(page for page in ALL if page.script == f"pages/{name}.py")
