"""A chart drawn on the server as an SVG picture, from the same Vega-Lite dict the live chart
gets, and its text alternative: the chart's description and its key numbers.

Pure: no Streamlit. vl-convert draws Vega-Lite offline (its own Vega, in Deno, no browser),
and escapes every text it draws (axis labels, legends), so a routine called ``<script>`` is
drawn as those characters.

The picture's text and gridlines are drawn in two placeholder colours (``TEXT``, ``GRID``),
then given the page's own text colour (``currentColor``; the gridlines faint), so one picture
reads on light and dark pages alike and follows the theme switch without being drawn again,
with no style sheet needed: it shows right as soon as it arrives. The rest of the look
copies Streamlit's chart theme (its frontend's ``CustomTheme``), so the live chart that later
takes the picture's place looks the same and has the same size.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

TEXT = "#fe0101"  # axis and legend text, drawn so and then given the page's text colour
GRID = "#fe0202"  # gridlines: the page's text colour, faint
_IN_TEXT_COLOUR = {f'fill="{TEXT}"': 'fill="currentColor"',
                   f'stroke="{TEXT}"': 'stroke="currentColor"',
                   f'stroke="{GRID}"': 'stroke="currentColor" stroke-opacity="0.15"'}

# Streamlit's chart theme (fonts in px: Streamlit's twoSm 12, sm 14; spacing lg 16, sm 8).
_CONFIG: dict[str, Any] = {
    "aria": False,  # no label per mark: the picture has one, and per-mark labels tripled it
    "font": '"Source Sans", sans-serif',
    "background": None,
    "fieldTitle": "verbal",
    "autosize": {"type": "fit", "contains": "padding"},
    "axis": {"labelFontSize": 12, "labelFontWeight": "normal", "labelColor": TEXT,
             "titleFontWeight": "normal", "titleFontSize": 14, "titleColor": TEXT,
             "ticks": False, "gridColor": GRID, "domain": False, "domainWidth": 1,
             "domainColor": GRID, "labelFlush": True, "labelFlushOffset": 1,
             "labelBound": False, "labelLimit": 100, "titlePadding": 16, "labelPadding": 16,
             "labelSeparation": 4, "labelOverlap": True},
    "legend": {"labelFontSize": 14, "labelFontWeight": "normal", "labelColor": TEXT,
               "titleFontSize": 14, "titleFontWeight": "normal", "titleColor": TEXT,
               "titlePadding": 8, "labelPadding": 16, "columnPadding": 8, "rowPadding": 4,
               "padding": 8, "symbolStrokeWidth": 4},
    "title": {"color": TEXT},
    "header": {"labelColor": TEXT, "titleColor": TEXT},
    "view": {"columns": 1, "strokeWidth": 0, "stroke": "transparent",
             "continuousHeight": 350, "continuousWidth": 400},
    "axisDiscrete": {"grid": False}, "axisXPoint": {"grid": False},
    "axisTemporal": {"grid": False}, "axisXBand": {"grid": False},
}


# Shapes and positions, whose numbers come with up to 16 decimals: a tenth of a pixel is
# invisible, and the calendar's picture is then a third of the size. (Text is left alone.)
_GEOMETRY = re.compile(r'( (?:d|transform|x|y|x2|y2|width|height)=")([^"]*)(")')
_LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


def _rounded(found: re.Match) -> str:
    return found.group(1) + _LONG_DECIMAL.sub(r"\1", found.group(2)) + found.group(3)


@dataclass(frozen=True)
class Picture:
    """``svg``: the drawing, ``width`` x ``height`` px; ``label``: its text alternative."""

    svg: str
    width: int
    height: int
    label: str


def digest(spec: dict) -> str:
    """What a picture is drawn from, in 32 hex digits. It costs about 10 ms for a chart of ten
    years, so a spec built once (planner/ui/kit/vega.py) carries it in ``usermeta``, which
    Vega-Lite leaves alone, and a rerun reads it from there."""
    carried = spec.get("usermeta", {}).get("digest")
    if carried:
        return carried
    return hashlib.blake2b(json.dumps(spec, sort_keys=True, default=str).encode(),
                           digest_size=16).hexdigest()


def draw(spec: dict, width: int) -> Picture:
    """``spec`` drawn ``width`` px wide, as Streamlit draws it with ``width="stretch"``."""
    import vl_convert  # only when a picture is drawn: its engine takes a second to start

    # As JSON text, dates (the Experiment's) written as their ISO text, as Streamlit does.
    sized = json.dumps({**spec, "width": width}, default=str)
    svg = vl_convert.vegalite_to_svg(sized, config=_CONFIG)
    # The picture is one image to a screen reader: the label below says what it shows.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    svg = _GEOMETRY.sub(_rounded, svg)
    for placeholder, colour in _IN_TEXT_COLOUR.items():
        svg = svg.replace(placeholder, colour)
    height = re.search(r'height="([0-9.]+)"', svg)
    return Picture(svg, width, round(float(height.group(1))) if height else 350, describe(spec))


def warm_up() -> None:
    """Start vl-convert's engine (about 2 s, once per process) by drawing a one-point chart."""
    draw({"data": {"values": [{"x": 0}]}, "mark": "point",
          "encoding": {"x": {"field": "x", "type": "quantitative"}}}, 100)


def describe(spec: dict) -> str:
    """The chart's description, then for each measure it plots: how many values, their
    range and the latest one. ("Stress: 30 values from 2 to 8, the latest 4.")"""
    words = [spec.get("description", "").strip()]
    datasets = spec.get("datasets", {})
    seen: set[str] = set()
    for data, encoding in _layers(spec, spec.get("data")):
        rows = _rows(data, datasets)
        for channel in ("y", "x"):
            field = encoding.get(channel, {})
            name = field.get("field")
            if field.get("type") != "quantitative" or not name or name in seen:
                continue
            values = [row[name] for row in rows if _number(row.get(name))]
            if not values:
                continue
            seen.add(name)
            title = _title(encoding, name)
            words.append(f"{title}: {_count(len(values))} from {_format(min(values))} to "
                         f"{_format(max(values))}, the latest {_format(values[-1])}.")
            break  # a layer's one measure: the other axis is what it is plotted against
    return " ".join(word for word in words if word)


def _layers(spec: dict, data: Any):
    """(data, encoding) of every layer with a mark, inheriting its parent's data."""
    data = spec.get("data", data)
    if "mark" in spec:
        yield data, spec.get("encoding", {})
    for layer in spec.get("layer", []):
        yield from _layers(layer, data)


def _rows(data: Any, datasets: dict) -> list[dict]:
    if not isinstance(data, dict):
        return []
    if "values" in data:
        return data["values"]
    return datasets.get(data.get("name"), [])


def _title(encoding: dict, name: str) -> str:
    """The tooltip's title for the field (the words a person reads when pointing at it)."""
    for tip in encoding.get("tooltip", []) if isinstance(encoding.get("tooltip"), list) else []:
        if tip.get("field") == name and tip.get("title"):
            return tip["title"]
    for field in encoding.values():
        if isinstance(field, dict) and field.get("field") == name and field.get("title"):
            return field["title"]
    return name


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and math.isfinite(value)


def _count(count: int) -> str:
    return "1 value" if count == 1 else f"{count} values"


def _format(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"

