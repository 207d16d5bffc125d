"""Sample data on the Log page: offered to a new person, clearly marked while it is loaded."""

from __future__ import annotations

import streamlit as st

from planner.catalog.model import Catalog
from planner.journal.repo import SampleRepo
from planner.journal.sample import load_sample
from planner.ui.kit import guard, localtime, messages

SCOPE = "log-sample"  # messages
LOAD, REMOVE = "load-sample", "remove-sample"


@guard.action(SCOPE, field="sample")
def _load(sample: SampleRepo, catalog: Catalog) -> None:
    sessions, checkins = load_sample(sample, catalog, years=1, zone=localtime.zone())
    messages.notice(SCOPE, f"Loaded a year of sample data ({sessions} sessions, "
                           f"{checkins} check-ins).")


@guard.action(SCOPE, field="sample")
def _remove(sample: SampleRepo) -> None:
    sample.remove()
    messages.notice(SCOPE, "Sample data removed. Everything you logged yourself is kept.")


def _controls(sample: SampleRepo, catalog: Catalog, offer: str | None) -> None:
    messages.show_notice(SCOPE)
    messages.show_problem(SCOPE, "sample")
    if sample.present():
        with st.container(border=True):
            st.markdown(":orange-badge[Sample data] Some of what you see is made-up sample "
                        "data, so you can try the charts. Remove it whenever you like; what "
                        "you logged yourself stays.")
            st.button("Remove sample data", key=REMOVE, on_click=_remove, args=(sample,),
                      icon=":material/delete_sweep:")
    elif offer:
        with st.container(border=True):
            st.markdown(offer)
            st.button("Load sample data", key=LOAD, on_click=_load, args=(sample, catalog),
                      icon=":material/science:")


def sample_controls(sample: SampleRepo, catalog: Catalog, empty: bool) -> None:
    """On the Log page: offer sample data to a new person; mark it while it is loaded."""
    _controls(sample, catalog, "**New here?** Load a year of clearly marked sample data to "
              "see what the log and charts look like. You can remove it in one click."
              if empty else None)


def sample_section(sample: SampleRepo, catalog: Catalog) -> None:
    """In Settings: sample data can be loaded or removed at any time."""
    st.subheader("Sample data", anchor=False)
    _controls(sample, catalog, "Load a year of made-up, clearly marked records to see what "
              "the log and the charts can show. Your own records are never changed, and the "
              "sample can be removed in one click.")
