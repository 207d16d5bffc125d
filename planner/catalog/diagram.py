"""A simple foot diagram (inline SVG) showing where the acupressure points are.

Pure Python, no Streamlit: ``foot_diagram_svg`` returns a self-contained SVG string. Three panels
sit side by side: the sole of a right foot, the top of a right foot and the inner side of the right
ankle and lower leg. A point with ``x``/``y`` (0..1) is drawn at ``panel left + x * PANEL_W`` and
``y * PANEL_H``, so the coordinates in ``data/pressure_points.toml`` refer to these drawings.

The panels carry their own light fill and dark strokes, so the drawing reads the same on a light or
a dark page. Markers use the Okabe-Ito colour-blind-safe palette, and the highlighted point also
differs in size and outline, never in colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from planner.catalog.model import PressurePoint

PANEL_W = 240
PANEL_H = 360
GAP = 16
VIEWS: tuple[tuple[str, str], ...] = (
    ("sole", "Sole of the right foot"),
    ("top", "Top of the right foot"),
    ("inner_ankle", "Inner ankle, right leg"),
)

_PANEL_FILL = "#f8f4ee"
_PANEL_STROKE = "#8c8177"
_SKIN = "#efd2b6"
_SKIN_SHADE = "#e2bc9a"
_OUTLINE = "#5b4636"
_DETAIL = "#a8876c"
_INK = "#222222"
_POINT = "#0072B2"  # Okabe-Ito blue
_HIGHLIGHT = "#D55E00"  # Okabe-Ito vermillion
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

_SHAPE = f'fill="{_SKIN}" stroke="{_OUTLINE}" stroke-width="2" stroke-linejoin="round"'
_LINE = f'fill="none" stroke="{_DETAIL}" stroke-width="1.5" stroke-linecap="round"'

# Toes of a right foot seen from above with the toes pointing up: the big toe is on the left.
# The sole view draws the same shapes mirrored. (cx, cy, rx, ry)
_TOES: tuple[tuple[float, float, float, float], ...] = (
    (84, 86, 17, 23),
    (114, 72, 11, 16),
    (137, 76, 10, 14),
    (157, 86, 9, 12),
    (173, 101, 8, 10),
)


def _sole() -> str:
    toes = "".join(
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" {_SHAPE}/>' for cx, cy, rx, ry in _TOES
    )
    outline = (
        "M 66 120 C 66 96 100 94 122 96 C 150 98 178 104 183 132 "
        "C 186 172 172 222 168 270 C 165 318 150 343 124 343 "
        "C 96 343 80 322 82 290 C 84 260 94 238 90 212 "
        "C 86 188 62 176 62 148 C 62 136 63 127 66 120 Z"
    )
    return (
        toes
        + f'<path d="{outline}" {_SHAPE}/>'
        # the ball of the foot and the heel pad, shaded
        + f'<path d="M 70 132 C 90 114 150 112 176 130 C 150 150 100 150 70 132 Z" '
        f'fill="{_SKIN_SHADE}" opacity="0.7"/>'
        + f'<ellipse cx="125" cy="312" rx="30" ry="22" fill="{_SKIN_SHADE}" opacity="0.7"/>'
        # creases under the toes
        + f'<path d="M 72 117 C 100 106 150 106 178 122" {_LINE}/>'
    )


def _top() -> str:
    toes = "".join(
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" {_SHAPE}/>' for cx, cy, rx, ry in _TOES
    )
    # toenails: a small rounded shape near the tip of each toe
    nails = "".join(
        f'<ellipse cx="{cx}" cy="{cy - ry * 0.42:.1f}" rx="{rx * 0.58:.1f}" ry="{ry * 0.4:.1f}" '
        f'fill="#f7e6d8" stroke="{_DETAIL}" stroke-width="1"/>'
        for cx, cy, rx, ry in _TOES
    )
    outline = (
        "M 66 122 C 62 166 80 214 92 252 C 86 264 86 282 95 290 C 98 310 98 330 98 346 "
        "L 158 346 C 158 330 158 316 160 302 C 168 294 170 274 162 264 "
        "C 176 220 186 168 184 136 C 181 114 168 104 150 100 C 122 96 84 100 66 122 Z"
    )
    # long foot bones fanning out from the instep toward each toe
    bones = "".join(
        f'<path d="M {x0} 226 C {x0} 190 {x1} 150 {x1} 116" {_LINE} opacity="0.55"/>'
        for x0, x1 in ((112, 86), (119, 113), (126, 136), (133, 156), (140, 172))
    )
    return (
        f'<path d="{outline}" {_SHAPE}/>'
        + toes
        + nails
        + bones
        # the ankle bones on each side
        + f'<path d="M 96 264 C 90 270 90 280 96 284" {_LINE}/>'
        + f'<path d="M 158 274 C 164 280 164 290 158 296" {_LINE}/>'
    )


def _inner_ankle() -> str:
    # Right leg seen from the inside: toes point left, heel on the right.
    leg = (
        "M 94 44 C 94 120 96 196 98 246 C 99 262 92 272 72 284 "
        "C 52 294 30 304 20 316 C 12 326 16 338 30 340 "
        "L 168 340 C 190 340 200 326 196 304 C 192 284 176 270 166 250 "
        "C 160 214 178 140 184 100 C 188 76 186 60 184 44 Z"
    )
    return (
        f'<path d="{leg}" {_SHAPE}/>'
        # big toe tip and a hint of the arch
        + f'<path d="M 30 340 C 24 332 24 322 34 316" {_LINE}/>'
        + f'<path d="M 60 338 C 90 322 130 322 156 338" {_LINE} opacity="0.8"/>'
        # inner edge of the shin bone, running down to the ankle bone
        + f'<path d="M 108 48 C 108 120 110 190 114 246" {_LINE} stroke-dasharray="6 4"/>'
        + f'<text x="102" y="96" font-size="11" fill="{_OUTLINE}" text-anchor="end" '
        f'font-family="{_FONT}">shin</text>'
        # the inner ankle bone
        + f'<ellipse cx="122" cy="262" rx="13" ry="11" fill="{_SKIN_SHADE}" '
        f'stroke="{_OUTLINE}" stroke-width="1.5"/>'
        + f'<text x="122" y="298" font-size="11" fill="{_OUTLINE}" text-anchor="middle" '
        f'font-family="{_FONT}">ankle bone</text>'
        + _finger_ruler()
    )


def _finger_ruler() -> str:
    """Four finger-widths from the top of the ankle bone up to SP6, as a small bracket."""
    x, bottom, top = 158, 252, 192
    step = (bottom - top) / 4
    ticks = "".join(
        f'<line x1="{x - 4}" y1="{bottom - i * step:.1f}" x2="{x + 4}" '
        f'y2="{bottom - i * step:.1f}" stroke="{_OUTLINE}" stroke-width="1.2"/>'
        for i in range(5)
    )
    return (
        f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{_OUTLINE}" '
        f'stroke-width="1.2"/>'
        + ticks
        + f'<text x="{x + 8}" y="{(top + bottom) / 2 - 2:.0f}" font-size="10" fill="{_OUTLINE}" '
        f'font-family="{_FONT}">4 finger</text>'
        + f'<text x="{x + 8}" y="{(top + bottom) / 2 + 10:.0f}" font-size="10" '
        f'fill="{_OUTLINE}" font-family="{_FONT}">widths</text>'
    )


_DRAWINGS = {"sole": _sole, "top": _top, "inner_ankle": _inner_ankle}


def _marker(point: PressurePoint, left: float, highlighted: bool) -> str:
    cx = left + point.x * PANEL_W
    cy = point.y * PANEL_H
    radius = 10 if highlighted else 6
    colour = _HIGHLIGHT if highlighted else _POINT
    ring = (
        f'<circle class="point-ring" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius + 6}" fill="none" '
        f'stroke="{_HIGHLIGHT}" stroke-width="2.5" stroke-dasharray="4 3"/>'
        if highlighted
        else ""
    )
    # label to the right of the dot, or to the left near the right edge of the panel (and in the
    # ankle view, where the finger-width ruler sits to the right of the point)
    to_left = point.x > 0.7 or point.view == "inner_ankle"
    tx = cx - (radius + 8) if to_left else cx + radius + 8
    anchor = "end" if to_left else "start"
    weight = "700" if highlighted else "600"
    size = 16 if highlighted else 14
    label = escape(point.code)
    name = escape(f"{point.name} ({point.code})")
    return (
        f'<g class="marker" data-point="{escape(point.id)}">'
        f"<title>{name}</title>"
        + ring
        + f'<circle class="point" data-point="{escape(point.id)}" cx="{cx:.1f}" cy="{cy:.1f}" '
        f'r="{radius}" fill="{colour}" stroke="#ffffff" stroke-width="2"/>'
        f'<text x="{tx:.1f}" y="{cy + 5:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{_INK}" stroke="#ffffff" stroke-width="3.5" '
        f'paint-order="stroke" stroke-linejoin="round" font-family="{_FONT}">{label}</text>'
        "</g>"
    )


def _placement(view: str, left: float) -> str:
    # Seen from below, a right foot has its big toe on the right: mirror the drawing of the toes.
    if view == "sole":
        return f"translate({left + PANEL_W} 0) scale(-1 1)"
    return f"translate({left} 0)"


def diagram_title(points: Sequence[PressurePoint], highlight: str | None = None) -> str:
    """What the diagram shows, in words: its title, and its text for a screen reader."""
    codes = ", ".join(p.code for p in points)
    title = "Where the pressure points are" + (f": {codes}" if codes else "")
    emphasised = next((p for p in points if p.id == highlight), None)
    if emphasised is not None:
        title += f". Highlighted: {emphasised.name} ({emphasised.code})"
    return title


def foot_diagram_svg(points: Sequence[PressurePoint], highlight: str | None = None) -> str:
    """Return an SVG of the three foot views with each point marked; ``highlight`` is a point id."""
    width = len(VIEWS) * PANEL_W + (len(VIEWS) - 1) * GAP
    title = diagram_title(points, highlight)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {PANEL_H}" '
        f'width="{width}" height="{PANEL_H}" role="img" aria-label="{escape(title)}" '
        f'style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (view, caption) in enumerate(VIEWS):
        left = index * (PANEL_W + GAP)
        parts.append(
            f'<g class="panel" data-view="{view}">'
            f'<rect x="{left + 1}" y="1" width="{PANEL_W - 2}" height="{PANEL_H - 2}" rx="14" '
            f'fill="{_PANEL_FILL}" stroke="{_PANEL_STROKE}" stroke-width="1.5"/>'
            f'<text x="{left + PANEL_W / 2}" y="26" text-anchor="middle" font-size="14" '
            f'font-weight="600" fill="{_INK}" font-family="{_FONT}">{escape(caption)}</text>'
            f'<g transform="{_placement(view, left)}">{_DRAWINGS[view]()}</g>'
            "</g>"
        )
    # the highlighted marker goes last so it sits on top
    ordered = sorted(points, key=lambda p: p.id == highlight)
    for point in ordered:
        index = next((i for i, (view, _) in enumerate(VIEWS) if view == point.view), None)
        if index is None:
            continue
        parts.append(_marker(point, index * (PANEL_W + GAP), point.id == highlight))
    parts.append("</svg>")
    return "".join(parts)
