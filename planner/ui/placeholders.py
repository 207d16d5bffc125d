"""What a page that isn't built yet shows instead."""

import streamlit as st


def coming_soon(description: str) -> None:
    st.info(f"**Coming soon.** {description}", icon=":material/construction:")
    st.page_link("pages/plan.py", label="Meanwhile, plan a routine", icon=":material/edit_note:")
