"""Showing the person's own words safely: as text, never as markup or HTML."""

import re

# Markdown punctuation plus ':' (Streamlit's emoji/icon/colour directives) and '$' (LaTeX).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&])")


def plain(text: str) -> str:
    """Escape ``text`` so ``st.markdown`` and friends show it exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
