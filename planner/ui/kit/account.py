"""Who is using the app: the one local person, or, when the secrets hold an ``[auth]`` section,
whoever signed in with OpenID Connect (Streamlit's ``st.login``).

Without ``[auth]`` nothing here shows: Solace is the single-person app it always was. With it,
nobody sees a page before signing in, each person's records are their own (keyed on the
token's issuer and subject, see planner/kernel/db.py), and the sidebar says who is signed in,
with a way out. Signing out ends the person's sessions everywhere (planner.store
``end_sessions``): another tab, another server, a cookie copied before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from planner.kernel import clock
from planner.kernel.db import Identity
from planner.kernel.errors import StoreError
from planner.kernel.limits import SIGN_IN_DAYS
from planner.ui.kit import messages
from planner.ui.kit.text import plain

if TYPE_CHECKING:
    from planner.store import Store

SIGNED_OUT = ("You were signed out, here, in another tab or on another device, so nothing of "
              "yours is shown. Sign in again to carry on.")
NOT_SAVED = ("You were signed out, here, in another tab or on another device, so your last "
             "change wasn't saved. Sign in again to carry on.")
TOO_OLD = (f"You signed in more than {SIGN_IN_DAYS} days ago, so you were signed out. Sign in "
           "again to carry on.")


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
    if not issuer or not subject or issued_at() is None:
        return None  # a provider that left them out can't key anyone's data or be signed out
    return Identity(str(issuer), str(subject))


def issued_at() -> datetime | None:
    """When the provider issued this sign-in (the ID token's ``iat``), or None."""
    issued = st.user.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return None
    return datetime.fromtimestamp(issued, UTC)


def too_old(issued: datetime) -> bool:
    return clock.now() - issued > timedelta(days=SIGN_IN_DAYS)


_ENDED = "account-session-ended"


def session_ended(reason: str = SIGNED_OUT) -> None:
    """This browser session's sign-in is over (signed out elsewhere, account closed, too old):
    until the person signs in again (a new browser session), it shows only the sign-in page."""
    st.session_state[_ENDED] = reason


def has_ended() -> bool:
    return _ENDED in st.session_state


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
    ended = st.session_state.get(_ENDED)
    if ended:
        messages.show(ended, "info")
    elif st.user.get("is_logged_in") and not signed_in():
        st.error("Your sign-in provider didn't say who you are or when you signed in (no "
                 "issuer, subject or time of issue), so Solace can't keep your records apart "
                 "from anyone else's. Ask whoever runs this Solace to check its sign-in "
                 "settings.")
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign-in"):
        st.login()


_CLOSED = "account-closed"


def closed() -> None:
    """The person deleted their account: sign them out before anything else is drawn."""
    st.session_state[_CLOSED] = True


def sign_out_if_closed() -> None:
    """After the account was deleted (in this tab): out at once, nothing more drawn."""
    if st.session_state.pop(_CLOSED, False):
        st.logout()
        st.stop()


def _sign_out(store: Store) -> None:
    try:
        store.end_sessions()  # every other tab and server, and copied cookies, too
    except StoreError as error:  # still out of this browser: say what may remain open
        messages.show(f"You are signed out here, but other tabs or devices may still be "
                      f"signed in. {error}", "warning")
    session_ended()
    st.logout()  # the browser goes by the provider's sign-out and back to a new session
    st.stop()  # nothing more of this person's is drawn meanwhile


def sidebar(store: Store) -> None:
    """Who is signed in, and signing out (everywhere)."""
    with st.sidebar, st.container(key="account"):
        name = display_name()
        st.caption(f"Signed in as {plain(name)}" if name else "Signed in")
        if st.button("Sign out", icon=":material/logout:", key="sign-out",
                     help="Signs you out in every tab and on every device."):
            _sign_out(store)
