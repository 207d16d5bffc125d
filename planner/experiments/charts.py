"""Charts for an experiment (pure Altair): the outcome day by day, coloured by what was planned,
and each comparison's difference with its 95% interval beside a line at zero."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from planner.experiments.analysis import Contrast
from planner.experiments.model import (
    CONDITION_LABELS,
    MAIN_EFFECTS,
    OUTCOME_KINDS,
    WASH_OUT,
    OutcomeKind,
)

# Okabe-Ito, as on the Insights page: blue is massage, purple socks, green both, orange neither.
COLOURS = {"Massage": "#0072B2", "Compression socks": "#CC79A7",
           "Massage and socks": "#009E73", "Neither": "#E69F00", "Wash-out": "#999999"}
LABELS = {**CONDITION_LABELS, WASH_OUT: "Wash-out"}
SHORT = {"massage": "Massage", "socks": "Socks", "both": "Both", "neither": "Neither"}
SHORT_EFFECTS = {"massage-effect": "Massage or not", "socks-effect": "Socks or not"}


def _row_label(found: Contrast) -> str:
    if found.question in MAIN_EFFECTS:
        label = SHORT_EFFECTS[found.question]
    else:
        label = f"{SHORT[found.first]} vs {SHORT[found.second].lower()}"
    if found.view == "followed":
        return label + " (as done)"
    return label + ("" if found.primary else " (extra)")


def outcome_by_day(frame: pd.DataFrame, kind: OutcomeKind) -> alt.Chart:
    """``frame``: day, value, planned (a condition or wash-out), followed (bool or None).
    A rating sits on its 0-10 scale; a watch's value on an axis in its unit, fitted to the
    values (a pulse between 52 and 60 would be a flat line on an axis from 0), and shown at
    the experiment day it judges (the value itself is dated the day after)."""
    data = pd.DataFrame({
        "day": frame["day"], "value": frame["value"],
        "planned": [LABELS[p] for p in frame["planned"]],
        "kept": ["Followed" if f else "Not followed" if f is False else "Not checked in"
                 for f in frame["followed"]],
    })
    shown = [label for label in COLOURS if label in set(data["planned"])]
    return alt.Chart(
        data=data, mark={"type": "point", "size": 80, "opacity": 0.9, "filled": True},
        encoding=alt.FacetedEncoding(
            x={"field": "day", "type": "temporal", "title": "Day",
               "axis": {"format": "%d %b"}},
            y={"field": "value", "type": "quantitative",
               "scale": {"domain": [0, 10]} if kind.rated else {"zero": False, "nice": True},
               "title": kind.axis},
            color={"field": "planned", "type": "nominal", "title": "Planned",
                   "legend": {"orient": "top"},
                   "scale": {"domain": shown, "range": [COLOURS[s] for s in shown]}},
            # No shape legend: on a phone it would squeeze the chart; the caption explains.
            shape={"field": "kept", "type": "nominal", "legend": None,
                   "scale": {"domain": ["Followed", "Not followed", "Not checked in"],
                             "range": ["circle", "cross", "triangle-up"]}},
            tooltip=[{"field": "day", "type": "temporal", "title": "Day",
                      "format": "%a %d %b"},
                     {"field": "planned", "type": "nominal", "title": "Planned"},
                     {"field": "kept", "type": "nominal", "title": "Done"},
                     {"field": "value", "type": "quantitative",
                      "title": "Rating" if kind.rated else kind.unit[1].capitalize(),
                      "format": ".0f" if kind.rated else f".{kind.digits}f"}],
        ),
        # Streamlit fits the whole chart, legend and axes included, into this height.
        height=360, title=f"{kind.label[:1].upper()}{kind.label[1:]}, day by day",
        description=("Each dot is a day of the experiment, coloured by what the schedule "
                     "planned" + ("" if kind.rated else
                                  f", at the height of the {kind.label} from your watch")
                     + ". A cross marks a day that went otherwise, a triangle a day "
                       "without a check-in."),
    )


def differences(found: Sequence[Contrast], outcome_label: str,
                kind: OutcomeKind = OUTCOME_KINDS["stress"]) -> alt.LayerChart:
    """Each comparison (with an estimate) as a dot and its 95% interval as a bar; the main
    question is the first row, extra ones say so. The axis in points, or the watch
    measure's unit."""
    rows = [{"pair": _row_label(c), "difference": round(c.difference, 2), "low": round(c.ci_low, 2),
             "high": round(c.ci_high, 2), "blocks": c.blocks}
            for c in found if c.difference is not None and c.ci_low is not None]
    number = "+.1f" if kind.rated or kind.digits else "+.0f"
    x = {"type": "quantitative", "title": f"Difference ({kind.unit[1]})",
         "axis": {"format": number, "tickCount": 5}}
    y = {"field": "pair", "type": "nominal", "title": None, "sort": None,
         "axis": {"labelLimit": 160}}
    tooltip = [{"field": "pair", "type": "nominal", "title": "Compared"},
               {"field": "difference", "type": "quantitative", "format": number},
               {"field": "low", "type": "quantitative", "title": "95% interval from",
                "format": number},
               {"field": "high", "type": "quantitative", "title": "95% interval to",
                "format": number},
               {"field": "blocks", "type": "quantitative", "title": "Blocks"}]
    zero = alt.Chart(data={"values": [{}]}, mark={"type": "rule", "color": "#999999",
                                                  "strokeDash": [4, 4], "aria": False},
                     encoding=alt.FacetedEncoding(x={"datum": 0}))
    bars = alt.Chart(mark={"type": "rule", "strokeWidth": 3, "color": "#0072B2"},
                     encoding=alt.FacetedEncoding(x={**x, "field": "low"}, x2={"field": "high"},
                                                  y=y, tooltip=tooltip))
    dots = alt.Chart(mark={"type": "point", "filled": True, "size": 120, "color": "#D55E00",
                           "opacity": 1},
                     encoding=alt.FacetedEncoding(x={**x, "field": "difference"}, y=y,
                                                  tooltip=tooltip))
    return alt.LayerChart(data={"values": rows}, layer=[zero, bars, dots],
                          height=50 * max(1, len(rows)) + 110,
                          title=f"Differences in {outcome_label}"
                                + ("" if kind.rated else f" ({kind.unit[1]})"),
                          description="Each row: the first kind of day minus the second, "
                                      "averaged over blocks, with its 95% interval. When the "
                                      "bar crosses the dashed line, the difference could be "
                                      "zero. The first row is the question you named; rows "
                                      "marked extra are leads, not findings.")
