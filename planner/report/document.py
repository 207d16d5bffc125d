"""The report as a PDF: ReportLab lays out the text and tables, vl-convert draws the charts.

ReportLab, not WeasyPrint (tried first): WeasyPrint made a tagged PDF/UA from HTML, but laying
out a year's table of days and ten SVG charts took it 30 s or more here (about 3 ms a table
cell, about a second a chart), against a target of 3 s. ReportLab lays out the same pages in a
fraction of that. Its open-source edition writes no structure tags, so the PDF has real,
selectable text, its title and its language, but no tags for screen readers.

Charts are the app's own Vega-Lite specs (planner.insights.charts), drawn offline by
vl-convert straight to PDF on a light paper theme, whatever theme the app was shown in, and
stamped as vectors into the places ReportLab kept for them (pypdf). Everything a person typed
(routine names, notes) is escaped before it reaches ReportLab's paragraph markup, so markup in
it reads as text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from planner.kernel.formatting import format_long
from planner.report.model import MEASURE_NAMES, NOT_ADVICE, WHOSE, Chart, Report

FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/TTF"))
# Light, for paper: dark text on white, thin grey grid lines.
PAPER = {
    "background": "white",
    "font": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelColor": "#222222", "titleColor": "#222222", "gridColor": "#e3e3e3",
             "domainColor": "#888888", "tickColor": "#888888", "titleFontWeight": "normal"},
    "legend": {"labelColor": "#222222", "titleColor": "#222222", "titleFontWeight": "normal"},
    # Opaque marks: in a PDF each see-through dot becomes a group of its own, hundreds a chart,
    # and they cost more time to place than everything else; on paper solid dots read as well.
    "point": {"opacity": 1},
    "circle": {"opacity": 1},
}
CHART_PIXELS = 640  # the width the charts are drawn at, then scaled to the text width
HEIGHT_ON_PAPER = 0.6  # of the height on a screen
MARGIN = 42  # points (about 15 mm)
GREY, LINE, BLUE, TINT = "#444444", "#bbbbbb", "#0072B2", "#f2f7fb"


def _day(day) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _points(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.1f}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def title(report: Report) -> str:
    return f"Solace report: {_day(report.period.start)} to {_day(report.period.end)}"


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """DejaVu Sans where it is installed (it has the letters of most languages), else
    Helvetica (Latin letters only)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_FOLDERS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("ReportSans", str(regular)))
            pdfmetrics.registerFont(TTFont("ReportSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("ReportSans", normal="ReportSans",
                                          bold="ReportSans-Bold")
            return "ReportSans", "ReportSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@lru_cache(maxsize=64)
def _drawn(spec_json: str) -> bytes:
    import json

    import vl_convert

    return vl_convert.vegalite_to_pdf(json.loads(spec_json), config=PAPER)


def _solid(node):
    """The spec with the marks' own opacity left out (the paper theme's applies)."""
    if isinstance(node, dict):
        return {key: (_solid({k: v for k, v in value.items() if k != "opacity"})
                      if key == "mark" and isinstance(value, dict) else _solid(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_solid(value) for value in node]
    return node


def chart_pdf(chart: Chart) -> bytes:
    """The chart drawn as a one-page PDF on the paper theme (kept: the same chart again, say
    after pressing the button twice, isn't drawn twice)."""
    import json

    spec = {**_solid(chart.spec), "width": CHART_PIXELS, "background": "white"}
    if isinstance(spec.get("height"), int | float):  # lower than on a screen: more to a page
        spec["height"] = round(spec["height"] * HEIGHT_ON_PAPER)
    spec.pop("config", None)  # the paper theme, whatever the app's
    return _drawn(json.dumps(spec, sort_keys=True, default=str))


@dataclass
class _Place:
    page: int
    x: float
    y: float
    width: float
    height: float
    drawing: bytes


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=4)
    return {
        "body": body,
        "lead": ParagraphStyle("lead", body, textColor=GREY),
        "note": ParagraphStyle("note", body, fontSize=8, leading=10.5, textColor=GREY),
        "h1": ParagraphStyle("h1", body, fontName=bold, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle("h2", body, fontName=bold, fontSize=12.5, leading=16,
                             spaceBefore=12, spaceAfter=5, keepWithNext=True),
        "h3": ParagraphStyle("h3", body, fontName=bold, fontSize=10, leading=13,
                             spaceBefore=6, spaceAfter=2, keepWithNext=True),
        "item": ParagraphStyle("item", body, leftIndent=10, bulletIndent=0),
        "cell": ParagraphStyle("cell", body, fontSize=7.5, leading=9, spaceAfter=0),
        "theirs": ParagraphStyle("theirs", body, leftIndent=10, borderPadding=(3, 6, 3, 6),
                                 backColor=TINT, borderColor=BLUE, borderWidth=0,
                                 spaceBefore=2, spaceAfter=2),
        "box": ParagraphStyle("box", body, borderPadding=5, borderColor="#E69F00",
                              borderWidth=0.8, backColor="#fdf5e6", spaceBefore=4,
                              spaceAfter=8),
        "figure": ParagraphStyle("figure", body, fontName=bold, fontSize=12, leading=16),
    }


class _Builder:
    """The story of flowables, and where each chart goes (filled in as pages are laid out)."""

    def __init__(self, report: Report, width: float):
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        self.report, self.width = report, width
        self.style = _styles()
        self.story: list = []
        self.places: list[_Place] = []
        regular, bold = _fonts()
        self.table_style = TableStyle([
            ("FONT", (0, 0), (-1, -1), regular, 7.5, 9),
            ("FONT", (0, 0), (-1, 0), bold, 7.5, 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#888888")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#dddddd")),
            ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ])

    def text(self, words: str, style: str = "body", markup: str | None = None) -> None:
        """``words`` are escaped; ``markup`` (already safe) is used as it is."""
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(markup if markup is not None else escape(words),
                                    self.style[style]))

    def bullets(self, sentences) -> None:
        from reportlab.platypus import Paragraph

        for sentence in sentences:
            self.story.append(Paragraph(escape(sentence), self.style["item"],
                                        bulletText="\u2022"))

    def table(self, header: list[str], rows: list[list], widths: list[float] | None = None,
              text_columns: tuple[int, ...] = (0,)) -> None:
        """Plain strings in cells are drawn as they are (no markup): person text is safe.
        Numbers align right; the ``text_columns`` left."""
        from reportlab.platypus import Table

        table = Table([header, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(self.table_style)
        table.setStyle([("ALIGN", (column, 0), (column, -1), "LEFT")
                        for column in text_columns])
        self.story.append(table)

    def chart(self, chart: Chart, heading: str | None = None) -> None:
        """The chart with its title and description, on one page; ``heading``: a section's
        heading to keep with it (a heading alone at the foot of a page says nothing)."""
        from pypdf import PdfReader
        from reportlab.platypus import Flowable, KeepTogether, Paragraph

        drawing = chart_pdf(chart)
        box = PdfReader(io.BytesIO(drawing)).pages[0].mediabox
        width = min(self.width, float(box.width))
        height = width * float(box.height) / float(box.width)
        places = self.places

        class Slot(Flowable):
            """Room for the chart; notes the page and spot it lands on."""

            def wrap(self, *_):
                return width, height

            def draw(self):
                x, y = self.canv.absolutePosition(0, 0)
                places.append(_Place(self.canv.getPageNumber(), x, y, width, height, drawing))

        above = [Paragraph(escape(heading), self.style["h2"])] if heading else []
        self.story.append(KeepTogether([
            *above, Paragraph(escape(chart.title), self.style["h3"]), Slot(),
            Paragraph(escape(chart.description), self.style["note"])]))


def _overview(b: _Builder) -> None:
    report = b.report
    change = "\u2013" if report.mean_drop is None else f"{-report.mean_drop:+.1f} points"
    figures = [("Sessions", f"{report.sessions:,}"),
               ("Massage time", format_long(round(report.minutes * 60))),
               ("Days checked in", f"{report.checkin_days:,}"),
               ("Stress change per session", change)]
    b.text("", markup="&nbsp;&nbsp;&nbsp;&nbsp;".join(
        f"{escape(label)}: <b>{escape(value)}</b>" for label, value in figures))
    if report.rated_sessions:
        b.text(f"Over the {_plural(report.rated_sessions, 'session')} rated before and after, "
               f"stress averaged {_points(report.mean_before)} before and "
               f"{_points(report.mean_after)} after (0 calm, 10 very stressed). The change per "
               "session is after minus before, averaged.")


def _routines(b: _Builder) -> None:
    b.text("Routines done", "h3")
    if not b.report.routines:
        b.text("No routine was done in this period.")
        return
    b.table(["Routine (as the person named it)", "Sessions", "Time"],
            [[r.name, f"{r.sessions:,}", format_long(round(r.minutes * 60))]
             for r in b.report.routines], [b.width * 0.6, 60, 90])


def _comparisons(b: _Builder) -> None:
    b.text("Massage days and compression-sock days", "h2")
    b.text("Each check-in day falls in one group: massage only, socks only, both, or neither. "
           "The average for each kind of day, with its 95% interval:")
    for found in b.report.comparisons:
        b.text(f"{found.measure} (0 to 10)", "h3")
        b.table(["Kind of day", "Days", "Average", "95% interval"],
                [[g.group, f"{g.days:,}", _points(g.mean),
                  "\u2013" if g.ci_low is None else f"{_points(g.ci_low)} to {_points(g.ci_high)}"]
                 for g in found.groups], [120, 50, 60, 90])
        b.bullets(found.sentences)
        if found.chart is not None:
            b.chart(found.chart)
    b.text(b.report.interval_note, "note")
    b.text("", markup=f"<b>What this cannot show:</b> {escape(b.report.observation_note)}")


def _days(b: _Builder) -> None:
    from reportlab.platypus import PageBreak, Paragraph

    b.story.append(PageBreak())
    b.text("Day by day", "h2")
    b.text("Ratings from 0 to 10 (stress, swelling and pain: 0 is none; sleep: 10 is very "
           "good). Socks: compression socks worn, with the hours where given. Pulse and blood "
           "pressure where the person noted them. Notes are in the person's own words. A "
           "blank means not logged.", "note")
    short = {"stress": "Stress", "swelling": "Swelling", "pain": "Pain", "sleep": "Sleep"}
    rows = []
    for d in b.report.days:
        socks = ("" if d.socks is None else "no" if not d.socks else
                 "yes" if d.sock_hours is None else f"{d.sock_hours:g} h")
        notes = Paragraph(escape(d.notes), b.style["cell"]) if d.notes else ""
        rows.append([_day(d.day), str(d.sessions or ""), str(round(d.minutes) or "")
                     if d.minutes else "",
                     *("" if r is None else str(r) for r in d.ratings), socks,
                     "" if d.pulse is None else str(d.pulse), d.pressure or "", notes])
    fixed = [70, 36, 36, 30, 40, 26, 26, 30, 28, 44]
    b.table(["Day", "Sessions", "Minutes", *(short[m] for m in MEASURE_NAMES), "Socks",
             "Pulse", "Pressure", "Notes"], rows, [*fixed, b.width - sum(fixed)], (0, 10))


def _story(b: _Builder) -> None:
    report = b.report
    b.text(title(report), "h1")
    b.text(f"{_plural(report.period.days, 'day')}. Made on {_day(report.made)}. {WHOSE}",
           "lead")
    b.text("", "box", markup=f"<b>{escape(NOT_ADVICE)}</b>")
    if report.sample:
        b.text("", "box", markup="<b>Some of these records are made-up sample data</b>, not "
                                 "the person's own log.")
    b.text("Health profile", "h2")
    if report.conditions:
        b.text("What the person ticked in their health profile in Solace (their own "
               "statements, not a diagnosis):")
        for condition in report.conditions:
            b.text(f"\u201c{condition}\u201d", "theirs")
    else:
        b.text("Nothing is ticked in the person's health profile in Solace.")
    if report.empty:
        b.text("This period", "h2")
        b.text("", markup="<b>Nothing was logged in this period</b>: no session and no "
                          "check-in.")
    else:
        b.text("Sessions in this period", "h2")
        _overview(b)
        _routines(b)
        b.text("The weekly plan", "h3")
        b.text(report.adherence or "No weekly plan was set up in Solace.")
        if report.adherence_chart is not None:
            b.chart(report.adherence_chart)
        for number, chart in enumerate(report.charts):
            b.chart(chart, "Over time" if number == 0 else None)
        _comparisons(b)
    if report.experiment is not None:
        b.text("An experiment", "h2")
        b.text(report.experiment.heading, "h3")
        for sentence in report.experiment.sentences:
            b.text(sentence)
    if report.days:
        _days(b)
    b.text("", "box", markup=f"<b>{escape(NOT_ADVICE)}</b>")


def _stamp(writer, page, place: _Place, name: str) -> None:
    """Draw the chart's page on ``page`` at its place, as a form XObject: its drawing is
    copied as it is, not parsed and rewritten (pypdf's page merge takes seconds a chart)."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    chart = PdfReader(io.BytesIO(place.drawing)).pages[0]
    box = chart.mediabox
    form = DecodedStreamObject()
    contents = chart.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (box.left, box.bottom,
                                                                   box.right, box.top)),
        NameObject("/Resources"): chart["/Resources"].clone(writer),
    })
    resources = page["/Resources"]
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"][NameObject(name)] = writer._add_object(form)
    scale = place.width / float(box.width)
    call = DecodedStreamObject()
    call.set_data(f"q {scale:.5f} 0 0 {scale:.5f} {place.x:.2f} {place.y:.2f} cm "
                  f"{name} Do Q".encode())
    drawn = page.raw_get("/Contents")
    streams = drawn.get_object() if isinstance(drawn.get_object(), ArrayObject) else [drawn]
    page[NameObject("/Contents")] = ArrayObject([*streams, writer._add_object(call)])


def report_pdf(report: Report) -> bytes:
    """The whole report as PDF bytes: real text, its title and its language (English)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    regular, _bold = _fonts()
    heading = title(report)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 24, heading)
        canvas.drawRightString(A4[0] - MARGIN, 24, f"Page {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 8, title=heading,
                            author="Solace", subject="A summary of the person's own log",
                            creator="Solace", lang="en", displayDocTitle=True)
    builder = _Builder(report, A4[0] - 2 * MARGIN)
    _story(builder)
    doc.build(builder.story, onFirstPage=footer, onLaterPages=footer)
    if not builder.places:
        return out.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    for number, place in enumerate(builder.places):
        _stamp(writer, writer.pages[place.page - 1], place, f"/Chart{number}")
    stamped = io.BytesIO()
    writer.write(stamped)
    return stamped.getvalue()
