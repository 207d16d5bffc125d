"""What wraps every page: the theme, the sign-in gate of a hosted Solace, and the one guard
that turns a database failure anywhere into a plain message."""

from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st

from planner.ui import pages as registry
from planner.ui.app import theme
from planner.ui.kit import account, guard, held, messages, resources

# The tab's icon as a data URL, read once per process. Given a file instead, Streamlit opens it
# with Pillow on every page view and serves it as a separate download: a first visit then
# also imports Pillow (about 0.3 s), and every visit costs the server one more request.
PAGE_ICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).parents[1] / "assets" / "solace-icon.png").read_bytes()).decode()


def run(pages: list[st.Page]) -> None:
    """Run the page the visitor asked for (or the sign-in page, where sign-in is on and
    they haven't, or their session was ended)."""
    signing_in = False
    if account.sign_in_enabled():
        account.sign_out_if_closed()
        store = resources.signed_in_store()
        signing_in = store is None
        if signing_in:
            # At every page's address too: a link to /log opens the sign-in page, not "Page
            # not found" above it.
            pages = [st.Page(account.sign_in_page, title="Sign in", icon=":material/login:",
                             default=True),
                     *(st.Page(account.sign_in_page, title="Sign in", url_path=page.url_path)
                       for page in pages if page.url_path)]
        else:
            account.sidebar(store)
    theme.theme_switch()
    with guard.page():
        chosen = st.navigation(pages, position="hidden" if signing_in else "sidebar")
        if not signing_in:
            _daily_links()
        chosen.run()
        held.end_of_run()  # reached only when the page ran to its end
        messages.end_of_run()


def _daily_links() -> None:
    """Run and Log, one tap away on a phone (solace.css shows them only on narrow screens,
    where the page list is behind the menu button)."""
    with st.container(horizontal=True, key="daily-links", gap="small"):
        for page in registry.DAILY:
            page.link(page.title)
