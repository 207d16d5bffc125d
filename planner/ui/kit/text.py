"""Showing the person's own words safely: as text, never as markup or HTML."""

import re

# Markdown punctuation plus ':' (Streamlit's colour directives) and '$' (LaTeX).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&])")
# Streamlit turns ":smile:" and ":material/home:" into an emoji or an icon even when the colons
# are escaped, so a word joiner (invisible, never a line break) follows each such colon.
_SHORTCODE_COLON = re.compile(r"\\:(?=\S)")
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Escape ``text`` so ``st.markdown`` and friends show it exactly as typed."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _SHORTCODE_COLON.sub(r"\\:" + WORD_JOINER, escaped)
