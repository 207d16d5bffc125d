"""What wraps every page: the theme, the sign-in gate of a hosted Solace, and the one guard
that turns a database failure anywhere into a plain message."""

from __future__ import annotations

import streamlit as st

from planner.ui import account, guard, theme


def run(pages: list[st.Page]) -> None:
    """Run the page the visitor asked for (or the sign-in page, where sign-in is on and
    they haven't)."""
    theme.app_style()
    if account.sign_in_enabled() and account.signed_in() is None:
        pages = [st.Page(account.sign_in_page, title="Sign in", icon=":material/login:")]
    elif account.sign_in_enabled():
        account.sidebar()
    theme.theme_switch([page.url_path for page in pages])
    with guard.page():
        st.navigation(pages).run()
