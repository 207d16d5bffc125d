"""Who is using the app: the one local person, or, when the secrets hold an ``[auth]`` section,
whoever signed in with OpenID Connect (Streamlit's ``st.login``).

Without ``[auth]`` nothing here shows: Solace is the single-person app it always was. With it,
nobody sees a page before signing in, each person's records are their own (keyed on the
token's issuer and subject, see planner/kernel/db.py), and the sidebar says who is signed in,
with a way out.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from planner.kernel.db import Identity
from planner.ui.kit.text import plain


def sign_in_enabled() -> bool:
    """Whether this deployment asks people to sign in (an ``[auth]`` section in the secrets)."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:  # no secrets file at all: the local app
        return False


def signed_in() -> Identity | None:
    """The person signed in, or None (not signed in, or sign-in is off)."""
    if not sign_in_enabled() or not st.user.is_logged_in:
        return None
    issuer, subject = st.user.get("iss"), st.user.get("sub")
    if not issuer or not subject:  # a provider that left them out can't key anyone's data
        return None
    return Identity(str(issuer), str(subject))


def display_name() -> str:
    """How to greet the person signed in: their name, else their email, else nothing."""
    for claim in ("name", "email", "preferred_username"):
        value = st.user.get(claim)
        if value:
            return str(value)
    return ""


def sign_in_page() -> None:
    """All that someone not signed in sees."""
    st.set_page_config(page_title="Sign in · Solace")
    st.title("Solace")
    st.write("Plan foot-massage routines, follow them with a timer, and see what helps you. "
             "Sign in to keep your routines and your log; they are yours alone.")
    if st.user.get("is_logged_in") and not signed_in():
        st.error("Your sign-in provider didn't say who you are (no issuer or subject), so "
                 "Solace can't keep your records apart from anyone else's. Ask whoever runs "
                 "this Solace to check its sign-in settings.")
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign-in"):
        st.login()


_CLOSED = "account-closed"


def closed() -> None:
    """The person deleted their account: sign them out before anything else is drawn."""
    st.session_state[_CLOSED] = True


def _sign_out() -> None:
    st.logout()  # the browser goes by the provider's sign-out and back to a new session
    st.stop()  # nothing more of this person's is drawn meanwhile


def sidebar() -> None:
    """Who is signed in, and signing out (at once, after their account was deleted)."""
    if st.session_state.pop(_CLOSED, False):
        _sign_out()
    with st.sidebar, st.container(key="account"):
        name = display_name()
        st.caption(f"Signed in as {plain(name)}" if name else "Signed in")
        if st.button("Sign out", icon=":material/logout:", key="sign-out"):
            _sign_out()
