"""The foot diagram is a safe, well-formed SVG with every point marked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from planner.catalog.diagram import GAP, PANEL_H, PANEL_W, foot_diagram_svg
from planner.catalog.model import PressurePoint, load_catalog

# No database, no clock and no time zone (held by the guard in tests/conftest.py): the rerun
# on PostgreSQL at UTC+14 would repeat it exactly.
pytestmark = pytest.mark.same_everywhere

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def points() -> tuple[PressurePoint, ...]:
    return load_catalog().pressure_points


def _point_circles(root: ET.Element) -> dict[str, ET.Element]:
    return {
        c.get("data-point"): c
        for c in root.iter(f"{SVG}circle")
        if c.get("class") == "point"
    }


def test_svg_parses_and_is_self_contained(points) -> None:
    svg = foot_diagram_svg(points, "ki1")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")
    assert root.get("aria-label")
    assert root.find(f"{SVG}title") is not None
    lowered = svg.lower()
    assert "<script" not in lowered
    assert "href" not in lowered
    assert "url(" not in lowered
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib), element.tag


def test_contains_all_codes(points) -> None:
    svg = foot_diagram_svg(points)
    for code in ("KI1", "LR3", "SP6"):
        assert code in svg
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"KI1", "LR3", "SP6"} <= texts


@pytest.mark.parametrize("highlight", ["ki1", "lr3", "sp6"])
def test_highlighted_point_is_bigger(points, highlight: str) -> None:
    circles = _point_circles(ET.fromstring(foot_diagram_svg(points, highlight)))
    assert set(circles) == {"ki1", "lr3", "sp6"}
    big = float(circles[highlight].get("r"))
    for point_id, circle in circles.items():
        if point_id != highlight:
            assert big > float(circle.get("r"))


def test_no_highlight_means_equal_markers(points) -> None:
    circles = _point_circles(ET.fromstring(foot_diagram_svg(points)))
    assert len({c.get("r") for c in circles.values()}) == 1


def test_points_are_placed_inside_their_panel(points) -> None:
    circles = _point_circles(ET.fromstring(foot_diagram_svg(points)))
    panels = ["sole", "top", "inner_ankle"]
    for point in points:
        circle = circles[point.id]
        left = panels.index(point.view) * (PANEL_W + GAP)
        assert float(circle.get("cx")) == pytest.approx(left + point.x * PANEL_W, abs=0.1)
        assert float(circle.get("cy")) == pytest.approx(point.y * PANEL_H, abs=0.1)


def test_text_is_escaped() -> None:
    odd = PressurePoint(id="xx1", code="KI9", name='Odd <b>"name"</b> & co', view="sole",
                        x=0.5, y=0.5, where="Somewhere.")
    svg = foot_diagram_svg([odd], "xx1")
    ET.fromstring(svg)
    assert "<b>" not in svg
