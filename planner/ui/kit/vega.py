"""Altair charts as plain Vega-Lite dicts, to cache and hand to ``st.vega_lite_chart``: a rerun
that changes nothing about the data then builds and converts no Altair object. The builders are
validated against the Vega-Lite schema in the unit tests rather than on every page view."""

from __future__ import annotations

import threading

from planner.kernel import pictures

_THEME_LOCK = threading.Lock()  # Altair's theme is process-wide; sessions convert at once


def spec(chart) -> dict:
    import altair as alt  # only when a chart is built: a page without charts starts faster

    # Streamlit's own Altair path drops Altair's default theme the same way.
    with _THEME_LOCK, alt.theme.enable("none"):
        converted = chart.to_dict(validate=False)
    converted.pop("title", None)  # the page's subheader already names the chart
    # Worked out here, where the spec is built (and cached), not on every rerun that shows it.
    converted["usermeta"] = {"digest": pictures.digest(converted)}
    return converted
