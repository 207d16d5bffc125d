"""The adherence chart: sessions planned and sessions done, week by week. Pure Altair."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

from planner.insights.charts import BLUE, GREY
from planner.schedule.model import Week

KINDS = {"Planned": GREY, "Done": BLUE}


def _label(week: Week) -> str:
    return f"{week.starts.day} {week.starts:%b}"


def adherence_chart(weeks: Sequence[Week]) -> alt.Chart:
    """Two bars a week, side by side: planned (grey) and done (blue). No title: the page's
    subheader names it; the description says it in words for screen readers."""
    rows = [{"week": _label(week), "week_of": f"{week.starts:%a %d %b %Y}",
             "kind": kind, "sessions": count, "planned": week.planned, "done": week.done}
            for week in weeks
            for kind, count in (("Planned", week.planned), ("Done", week.done))]
    order = [_label(week) for week in weeks]
    kind = {"field": "kind", "type": "nominal", "title": None, "sort": list(KINDS)}
    return alt.Chart(
        data=alt.Data(values=rows),
        mark={"type": "bar", "cornerRadiusEnd": 2},
        encoding=alt.FacetedEncoding(
            x={"field": "week", "type": "ordinal", "title": "Week starting", "sort": order,
               "axis": {"labelAngle": 0, "labelOverlap": "greedy"}},
            xOffset={**kind, "scale": {"paddingInner": 0.1}},
            y={"field": "sessions", "type": "quantitative", "title": "Sessions",
               "axis": {"tickMinStep": 1, "format": "d"}},
            color={**kind, "legend": {"orient": "top"},
                   "scale": {"domain": list(KINDS), "range": list(KINDS.values())}},
            tooltip=[{"field": "week_of", "type": "nominal", "title": "Week of"},
                     {"field": "planned", "type": "quantitative", "title": "Planned"},
                     {"field": "done", "type": "quantitative", "title": "Done"}],
        ),
        height=320,  # legend and axes included: Streamlit fits the whole chart in it
        description="For each week, a grey bar for the sessions your weekly plan had up to now "
                    "and a blue bar for the sessions you did (any routine).",
    )
