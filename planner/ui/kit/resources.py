"""The catalog, the database and the health profile, opened once per process and shared by
pages; and the store of whoever is using the app: the local person's (one per process), or,
with sign-in on, the signed-in person's (one per browser session, over the shared database)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.catalog.model import Catalog, CatalogError, load_catalog
from planner.kernel.config import data_dir, database_url
from planner.kernel.db import Database, SessionEnded
from planner.kernel.errors import StoreError
from planner.settings.model import HealthProfile
from planner.store import Store
from planner.ui.kit import account, messages

_PERSON_STORE = "signed-in-store"


@st.cache_resource(show_spinner=False)
def _load_catalog(folder: Path | None) -> Catalog:
    return load_catalog(folder)


@st.cache_resource(show_spinner=False)
def _open_database(url: str) -> Database:
    return Database(url)


@st.cache_resource(show_spinner=False)
def _open_store(url: str, folder: Path | None) -> Store:
    return Store(_open_database(url), catalog=_load_catalog(folder))


def _signed_in_store(url: str, folder: Path | None) -> Store:
    """The signed-in person's store, kept for their browser session (``SessionEnded`` if
    their sign-in was ended before this session began: a cookie copied before signing out)."""
    person = account.signed_in()
    if person is None or account.has_ended():  # the entry script shows the sign-in page then
        st.stop()
    kept = st.session_state.get(_PERSON_STORE)
    if kept is None or kept[0] != (url, person):
        store = Store(_open_database(url), catalog=_load_catalog(folder), owner=person,
                      signed_in_at=account.issued_at())
        kept = st.session_state[_PERSON_STORE] = ((url, person), store)
    return kept[1]


def signed_in_store() -> Store | None:
    """The store of the person signed in, checked on every rerun (one read by primary key);
    None when nobody is signed in, or their session is over: they signed out in another tab
    or on another device, closed their account, or signed in too long ago. The sign-in page
    then says which."""
    if account.signed_in() is None or account.has_ended():
        return None
    issued = account.issued_at()
    if issued is not None and account.too_old(issued):
        account.session_ended(account.TOO_OLD)
        return None
    try:
        store = _signed_in_store(database_url(), data_dir())
        if store.session_is_current():
            return store
    except SessionEnded:
        pass
    except StoreError as error:
        messages.show(f"Solace can't open its database. {error}", "error")
        st.stop()
    st.session_state.pop(_PERSON_STORE, None)
    account.session_ended()
    return None


def catalog() -> Catalog:
    try:
        return _load_catalog(data_dir())
    except CatalogError as error:
        messages.show(f"The technique library that ships with Solace is broken, so the app "
                      f"can't start. {error}", "error")
        st.stop()


def store() -> Store:
    catalog()
    try:
        if account.sign_in_enabled():
            return _signed_in_store(database_url(), data_dir())
        return _open_store(database_url(), data_dir())
    except StoreError as error:
        messages.show(f"Solace can't open its database. {error}", "error")
        st.stop()


def profile() -> HealthProfile:
    try:
        return store().settings.profile()
    except StoreError as error:
        messages.show(f"Your health profile couldn't be read, so no safety notes are shown. "
                      f"{error}", "warning")
        return HealthProfile()
