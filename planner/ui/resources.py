"""The catalog, the store and the health profile, opened once per process and shared by pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.catalog.model import Catalog, CatalogError, load_catalog
from planner.kernel.config import data_dir, database_url
from planner.kernel.errors import StoreError
from planner.settings.model import HealthProfile
from planner.store import Store


@st.cache_resource(show_spinner=False)
def _load_catalog(folder: Path | None) -> Catalog:
    return load_catalog(folder)


@st.cache_resource(show_spinner=False)
def _open_store(url: str, folder: Path | None) -> Store:
    return Store(url, catalog=_load_catalog(folder))


def catalog() -> Catalog:
    try:
        return _load_catalog(data_dir())
    except CatalogError as error:
        st.error(f"The technique library that ships with Solace is broken, so the app can't "
                 f"start. {error}")
        st.stop()


def store() -> Store:
    catalog()
    try:
        return _open_store(database_url(), data_dir())
    except StoreError as error:
        st.error(f"Solace can't open its database. {error}")
        st.stop()


def profile() -> HealthProfile:
    try:
        return store().settings.profile()
    except StoreError as error:
        st.warning(f"Your health profile couldn't be read, so no safety notes are shown. {error}")
        return HealthProfile()
