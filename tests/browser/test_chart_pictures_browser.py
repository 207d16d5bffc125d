"""Insights' charts: a picture drawn on the server at once, in the page's colours, and the live
chart in its place on a tap (planner/ui/kit/pictures.py)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from planner.tools.browser import AS_PHONE, FIRST_RENDER_MS, wait_for_app
from tests.browser.test_accessibility_browser import open_at, with_sample  # noqa: F401

DESKTOP = {"width": 1400, "height": 900}
# The colour an axis label is painted, and the page's text colour, as "r, g, b".
LABEL_AND_TEXT = """box => [getComputedStyle(box.querySelector("text")).fill,
                            getComputedStyle(box).color]"""


# Where an element is in its tab (a tap may scroll the page to it), and its size.
PLACE = """element => {
  const box = element.getBoundingClientRect();
  const tab = element.closest("[data-testid='stVerticalBlock']").getBoundingClientRect();
  return [box.x - tab.x, box.y - tab.y, box.width, box.height]; }"""


def brightness(colour: str) -> float:
    red, green, blue = (int(part) for part in colour[colour.index("(") + 1:-1].split(",")[:3])
    return (red + green + blue) / 3


# A tap in one theme, the keyboard in the other: each reaches the live chart.
@pytest.mark.parametrize(("scheme", "reach"), [("light", "keyboard"), ("dark", "tap")])
def test_a_tap_on_the_picture_brings_the_live_chart_in_its_place(page, app_server,
                                                                 with_sample, scheme,  # noqa: F811
                                                                 reach):
    open_at(page, f"{app_server}/insights", DESKTOP, scheme)
    picture = page.locator(".solace-picture")
    expect(picture.locator("svg")).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(page.get_by_role("img", name="Dots: your stress rating each day")).to_be_visible()
    assert "Stress: " in picture.get_attribute("aria-label")
    assert not page.get_by_test_id("stVegaLiteChart").count()  # no Vega until asked for
    # A first visit's picture is drawn at a usual width, then again at the column's.
    page.wait_for_function("""box => Math.abs(
        box.querySelector("svg").getAttribute("width") - box.clientWidth) < 8""",
                           arg=picture.element_handle(), timeout=FIRST_RENDER_MS)

    label, text = picture.evaluate(LABEL_AND_TEXT)
    assert label == text  # the axis labels in the page's own text colour
    assert (brightness(text) > 128) == (scheme == "dark")
    before = picture.locator("svg").evaluate(PLACE)

    if reach == "tap":
        picture.click()
    else:
        picture.focus()  # as a Tab onto it does
    live = page.get_by_test_id("stVegaLiteChart").locator("svg.marks")
    expect(live).to_be_visible(timeout=FIRST_RENDER_MS)
    expect(picture).to_have_count(0)
    if reach == "keyboard":  # the keyboard's place moves to the live chart, not to the page
        expect(page.get_by_test_id("stVegaLiteChart")).to_be_focused()
    after = live.evaluate(PLACE)
    assert all(abs(a - b) <= 4 for a, b in zip(after, before, strict=True)), (before, after)


def test_a_phone_gets_a_picture_drawn_for_a_phone_at_once(browser, app_server,
                                                          with_sample):  # noqa: F811
    """Not a desktop's picture scaled down to a third (small text, an empty band below) until
    the phone has told its width: a phone's browser says it is one."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, **AS_PHONE)
    # The first picture's width, as drawn and as shown (a redraw comes soon after).
    context.add_init_script("""new MutationObserver((_, watcher) => {
      const svg = document.querySelector(".solace-picture svg");
      if (!svg) return;
      window.__first = [Number(svg.getAttribute("width")), svg.getBoundingClientRect().width,
                        svg.closest("[class*='st-key-chart-']").clientWidth];
      watcher.disconnect();
    }).observe(document, { subtree: true, childList: true });""")
    page = context.new_page()
    page.goto(f"{app_server}/insights")
    page.wait_for_function("window.__first !== undefined", timeout=FIRST_RENDER_MS)
    drawn, shown, column = page.evaluate("window.__first")
    assert drawn == shown and 0 <= column - drawn < 8  # its first picture, at the phone's width
    context.close()


def test_the_picture_shows_before_the_charts_code_loads_and_keeps_a_tap_meanwhile(
        browser, app_server, with_sample):  # noqa: F811
    """The picture needs none of the component loader's code (about 190 kB, which held it
    back by 130-200 ms when the picture came inside it): with that code held back, the
    picture is there; a tap on it meanwhile is kept, and brings the live chart once the code
    has come."""
    page = browser.new_context(viewport=DESKTOP).new_page()
    held = []
    page.route("**/static/js/BidiComponent.*.js", lambda route: held.append(route))
    page.goto(f"{app_server}/insights")
    picture = page.locator(".solace-picture")
    expect(picture.locator("svg")).to_be_visible(timeout=FIRST_RENDER_MS)
    page.wait_for_function("document.querySelector(\"[data-testid='stApp']\")"
                           ".dataset.testScriptState === 'notRunning'", timeout=FIRST_RENDER_MS)
    assert held, "the component's code was never asked for"
    picture.click()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)  # nothing to ask with yet
    for request in held:
        request.continue_()
    expect(page.get_by_test_id("stVegaLiteChart").locator("svg.marks")).to_be_visible(
        timeout=FIRST_RENDER_MS)
    expect(picture).to_have_count(0)


def test_a_picture_asks_nothing_of_the_server_once_a_link_away_is_pressed(
        page, app_server, with_sample):  # noqa: F811
    """A press on a picture just after a press on a link to another page (a second tap that
    lands before the page has changed): a picture that then asked for its live chart (or
    reported its column's width) reran its fragment just after the new page was asked for, the
    server ran only that fragment, which the new page doesn't have, and Log came up blank but
    for its links (a phone going from Insights to Log, 3 in 24 visits under load)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    page.set_viewport_size(DESKTOP)
    sent: list[tuple[float, bytes]] = []
    page.on("websocket", lambda socket: socket.on(
        "framesent", lambda frame: sent.append((time.monotonic(), frame))))
    page.goto(f"{app_server}/insights")
    wait_for_app(page)
    expect(page.locator(".solace-picture svg").first).to_be_visible(timeout=FIRST_RENDER_MS)
    pressed = time.monotonic()
    page.evaluate("""() => {  // both presses in one go: the page can't change in between
      document.querySelector("[data-testid='stSidebarNav'] a[href$='/log']").click();
      document.querySelector(".solace-picture")
        .dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    }""")
    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible(
        timeout=FIRST_RENDER_MS)
    wait_for_app(page)
    expect(page.get_by_test_id("stTabs").get_by_role("tab").first).to_be_visible()
    fragments = [message.rerun_script.fragment_id for at, frame in sent
                 if at > pressed and isinstance(frame, bytes)
                 for message in [BackMsg.FromString(frame)]
                 if message.WhichOneof("type") == "rerun_script"]
    assert [fragment for fragment in fragments if fragment] == [], fragments


# Every rerun the page asks for, as sent (base64), from its first moment.
ASKS_RECORDER = """(() => {
  window.__asks = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
    if (bytes && bytes[0] === 0x5A) window.__asks.push(btoa(String.fromCharCode(...bytes)));
    return send.call(this, data);
  };
})();"""


def test_a_first_visit_asks_for_its_column_width_once(browser, app_server,
                                                      with_sample):  # noqa: F811
    """A first visit's picture, drawn at a usual width, reports its column's and is drawn again
    at it: once. Streamlit runs the picture's code again for the new drawing without ending
    the first run's, whose observer then asked for the same width again, 200 ms after the
    page had settled: one more run of the chart on every first visit, which a press could
    race."""
    import base64

    from streamlit.proto.BackMsg_pb2 import BackMsg

    context = browser.new_context(viewport={"width": 1280, "height": 800})  # not DEFAULT_WIDTH's
    context.add_init_script(ASKS_RECORDER)
    page = context.new_page()
    page.goto(f"{app_server}/insights")
    wait_for_app(page)  # the drawing at the column's width included (planner/tools/browser.py)
    # Proving that no second ask comes takes a while: the older observer waited 200 ms.
    page.wait_for_timeout(600)
    widths = [state.json_value for ask in page.evaluate("window.__asks")
              for state in BackMsg.FromString(base64.b64decode(ask)).rerun_script
              .widget_states.widgets
              if state.WhichOneof("value") == "json_value" and '"width"' in state.json_value]
    assert len(widths) == 1, widths
    context.close()
