"""What a person waits for: a fresh browser visit to each page, timed, with the server's CPU.

Each visit is a new browser context (no cache, no session), at 1,400 x 900: the time from
asking for the page to the page drawn (its script run over, its heading shown, its charts
drawn), and the CPU seconds the server process spent meanwhile. The time is the browser's own
clock (``performance.now()``, which counts from the navigation's start), read by a watcher in
the page the moment the page is drawn: the test driver's polling would add its own delay. A
bare three-line Streamlit page is measured beside the app in the same run, on the same
machine, and each page's figures are also given as ratios to it.
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil
from playwright.sync_api import Browser

from planner.tools.devserver import ROOT, Launch, Server, serving, serving_together

BARE_APP = """import streamlit as st
st.title("A bare page")
st.write("Three lines of Streamlit, for comparison.")
"""
# The same with one small Altair chart: what any chart costs a fresh visit (Vega-Lite's code,
# about 1 MB, fetched, compiled and run in the browser), for comparison with Insights.
BARE_CHART_APP = BARE_APP + """import altair as alt
import pandas as pd
days = pd.DataFrame({"day": pd.date_range("2026-01-01", periods=30), "stress": range(30)})
st.altair_chart(alt.Chart(days).mark_line().encode(x="day", y="stress"), width="stretch")
"""
# The bare page again, served as Solace serves its pages (planner/ui/app/server.py): what the app's
# own pages cost, apart from how Solace answers requests. Its ratios are for comparison only;
# the targets are against plain Streamlit (BARE_APP).
BARE_LIKE_SOLACE_APP = """import streamlit as st
if __name__ == "__main__":
    st.title("A bare page")
    st.write("Three lines of Streamlit, for comparison.")
else:
    from planner.ui.app import server
    app = st.App(__file__, middleware=server.middleware())
"""
PAGES = {"library": "", "plan": "plan", "run": "run", "log": "log", "insights": "insights",
         "experiment": "experiment", "settings": "settings"}
WITH_CHARTS = {"insights"}


@dataclass(frozen=True)
class Visit:
    seconds: float
    cpu_seconds: float


def _cpu(server: Server) -> float:
    times = psutil.Process(server.process.pid).cpu_times()
    return times.user + times.system


# Marks window.__drawn with the browser's clock once the script has finished with the page's
# heading drawn (a fresh page has none before its script runs) and, where CHARTS is true, a
# chart drawn: a chart's picture (planner/ui/kit/pictures.py) or a live chart. (Waiting to see
# "running" too could miss a run too quick to be seen.) Also marks the heading's first
# appearance (__heading), the first chart picture's (__picture) and the first live chart's
# (__live), for the time from heading to picture and from a tap to the live chart.
DRAWN_WATCHER = """(() => {
  new MutationObserver(() => {
    const now = performance.now();
    if (window.__heading === undefined && document.querySelector("h1")) window.__heading = now;
    if (window.__picture === undefined && document.querySelector(".solace-picture svg")) {
      window.__picture = now;
    }
    if (window.__live === undefined
        && document.querySelector("[data-testid='stVegaLiteChart'] svg")) {
      window.__live = now;
    }
    if (window.__drawn) return;
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return;
    const state = app.getAttribute("data-test-script-state");
    const chart = !CHARTS || window.__picture !== undefined || window.__live !== undefined;
    if (state === "notRunning" && document.querySelector("h1") && chart) {
      window.__drawn = now;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();"""


def visit(browser: Browser, server: Server, path: str, charts: bool = False) -> Visit:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(DRAWN_WATCHER.replace("CHARTS", "true" if charts else "false"))
    page = context.new_page()
    cpu_before = _cpu(server)
    page.goto(f"{server.url}/{path}")
    page.wait_for_function("window.__drawn !== undefined", timeout=60_000)
    cpu = _cpu(server) - cpu_before
    drawn_ms = page.evaluate("window.__drawn")
    context.close()
    return Visit(drawn_ms / 1000, cpu)


@dataclass(frozen=True)
class Picture:
    """A fresh Insights visit's chart: ``after_heading_s`` from the page's heading to the
    chart's picture, ``vega_ready_s`` from the picture to Vega's code loaded (when the browser
    is idle), ``to_live_s`` from a tap on the picture, once that is done, to the live chart
    drawn."""

    after_heading_s: float
    vega_ready_s: float
    to_live_s: float


def tap_to_live(browser: Browser, server: Server, path: str) -> Picture:
    """A fresh visit, then a tap on the first chart's picture, timed by the browser's clock."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(DRAWN_WATCHER.replace("CHARTS", "true"))
    page = context.new_page()
    page.goto(f"{server.url}/{path}")
    page.wait_for_function("window.__drawn !== undefined", timeout=60_000)
    after_heading = page.evaluate("window.__picture - window.__heading") / 1000
    # A person reads the picture before reaching for it: the tap comes once the page is
    # settled, Vega's code loaded while the browser was idle (planner/ui/kit/pictures.py).
    page.wait_for_function("window.__solaceVegaReady !== undefined", timeout=60_000)
    vega_ready = page.evaluate("window.__solaceVegaReady - window.__picture") / 1000
    # The picture asks for the live chart on the pointer's first press (or hover, or focus).
    page.evaluate("""() => {
      window.__tapped = performance.now();
      document.querySelector(".solace-picture")
        .dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    }""")
    page.wait_for_function("window.__live !== undefined", timeout=60_000)
    to_live = page.evaluate("window.__live - window.__tapped") / 1000
    context.close()
    return Picture(after_heading, vega_ready, to_live)


def crowd(browser: Browser, server: Server, path: str, count: int, charts: bool) -> list[float]:
    """``count`` fresh visits at once (each its own browser context, all asked for within a few
    ms): the seconds from the first being asked for to each being drawn, in order."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 900})
                for _ in range(count)]
    pages = []
    for context in contexts:
        context.add_init_script(DRAWN_WATCHER.replace("CHARTS", "true" if charts else "false"))
        pages.append(context.new_page())
    # Asked for by the pages themselves, none waiting for another's answer to begin.
    began = pages[0].evaluate("Date.now()")
    for page in pages:
        page.evaluate("url => setTimeout(() => { location.href = url; }, 0)",
                      f"{server.url}/{path}")
    drawn = []
    for page in pages:
        page.wait_for_function("window.__drawn !== undefined", timeout=120_000)
        drawn.append(page.evaluate("performance.timeOrigin + window.__drawn") - began)
    for context in contexts:
        context.close()
    return sorted(seconds / 1000 for seconds in drawn)


WARM_UPS = 2  # a returning visitor's visits before those timed


def returning_visits(browser: Browser, server: Server, path: str, charts: bool,
                     repeats: int) -> list[Visit]:
    """A returning visitor's visits: one browser context kept (its HTTP cache and compiled-code
    cache warm from two visits first; none in a run of one round, which measures nothing worth
    reading), each visit a new tab, so a new Streamlit session."""
    warm_ups = WARM_UPS if repeats > 1 else 0
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(DRAWN_WATCHER.replace("CHARTS", "true" if charts else "false"))
    found = []
    for _ in range(warm_ups + repeats):
        page = context.new_page()
        cpu_before = _cpu(server)
        page.goto(f"{server.url}/{path}")
        page.wait_for_function("window.__drawn !== undefined", timeout=60_000)
        found.append(Visit(page.evaluate("window.__drawn") / 1000, _cpu(server) - cpu_before))
        page.close()
    context.close()
    return found[warm_ups:]


def _median(visits: list[Visit]) -> Visit:
    return Visit(statistics.median(v.seconds for v in visits),
                 statistics.median(v.cpu_seconds for v in visits))


def _round_ratios(page: list[Visit], base: list[Visit]) -> tuple[list[float], list[float]]:
    """Each round's time and CPU of a page over the bare page's in the same round: each round's
    pair saw the machine alike, so the machine's drift cancels out."""
    pairs = list(zip(page, base, strict=True))
    return ([p.seconds / b.seconds for p, b in pairs],
            [p.cpu_seconds / max(b.cpu_seconds, 1e-3) for p, b in pairs])


def _ratio(ratios: list[float]) -> float:
    """The median of the rounds' ratios: the figure a target is judged by."""
    return round(statistics.median(ratios), 2)


def _middle_half(ratios: list[float]) -> list[float]:
    """The quartiles around the median: how far one round's ratio strays on this machine."""
    if len(ratios) < 2:  # one round (a quick run): no spread to tell
        return [round(ratios[0], 2)] * 2
    low, _, high = statistics.quantiles(ratios, n=4)
    return [round(low, 2), round(high, 2)]


def _first_visits(browser: Browser, bares: tuple[Server, Server, Server], app: Server,
                  warm_up: bool) -> Visit:
    """The app server's first visit, just after it started. With ``warm_up``, the bare page
    before it (the browser's own first page, and the bare server's, are not the app's to pay
    for) and the other bare pages after. A run of one round, the suite's smallest, measures
    nothing worth reading: it goes through every step without the visits that only warm up."""
    bare, bare_chart, bare_like_solace = bares
    if warm_up:
        visit(browser, bare, "")
    first = visit(browser, app, "insights", charts=True)
    if warm_up:
        visit(browser, bare_chart, "", charts=True)
        visit(browser, bare_like_solace, "")
    return first


def measure(browser: Browser, database_url: str, repeats: int = 11,
            pages: tuple[str, ...] = (), crowd_size: int = 0) -> dict:
    """Medians of ``repeats`` fresh visits per page (``pages`` and Insights, or all), the bare
    page's, and the ratios.

    Both servers run at once and the visits take turns (the bare page, then each page, round
    after round), so a machine that gets busier or quieter meanwhile moves both alike.
    ``crowd_size``: also that many fresh Insights visits at once, and as many bare-page visits
    at once (none: not measured).
    """
    # Insights always: the chart's figures compare it with the bare one-chart page.
    pages = {name: PAGES[name] for name in dict.fromkeys((*pages, "insights"))} if pages else PAGES
    results: dict = {}
    env = {"PLANNER_DATABASE_URL": database_url}
    with tempfile.TemporaryDirectory() as folder:
        scripts = {"bare": BARE_APP, "chart": BARE_CHART_APP, "like": BARE_LIKE_SOLACE_APP}
        for name, text in scripts.items():
            (Path(folder) / f"{name}.py").write_text(text)
        # The bare servers start together; the app after them, as it would start alone.
        with (serving_together([Launch(Path(folder) / f"{name}.py") for name in scripts])
              as (bare, bare_chart, bare_like_solace),
              serving(ROOT / "streamlit_app.py", env) as app):
            first = _first_visits(browser, (bare, bare_chart, bare_like_solace), app,
                                  warm_up=repeats > 1)
            rounds: dict[str, list[Visit]] = {
                name: [] for name in ["bare", "bare_chart", "bare_like_solace", *pages]}
            for _ in range(repeats):
                rounds["bare"].append(visit(browser, bare, ""))
                rounds["bare_chart"].append(visit(browser, bare_chart, "", charts=True))
                rounds["bare_like_solace"].append(visit(browser, bare_like_solace, ""))
                for name, path in pages.items():
                    rounds[name].append(visit(browser, app, path, name in WITH_CHARTS))
            # A returning visitor, whose browser already holds Streamlit's files and their
            # compiled code: what is left of a chart's cost is running Vega and drawing.
            taps = [tap_to_live(browser, app, "insights") for _ in range(repeats)]
            # Crowds take turns too: bare, Insights, bare, Insights.
            crowds: dict[str, list[float]] = {"bare": [], "insights": []}
            for _ in range(2 if crowd_size else 0):
                crowds["bare"] += [crowd(browser, bare, "", crowd_size, False)[-1]]
                crowds["insights"] += [crowd(browser, app, "insights", crowd_size, True)[-1]]
            # Library always, beside Insights: a page of Solace's that waits for no chart.
            returning = {"bare": returning_visits(browser, bare, "", False, repeats),
                         "bare_chart": returning_visits(browser, bare_chart, "", True, repeats),
                         **{name: returning_visits(browser, app, path, name in WITH_CHARTS,
                                                   repeats)
                            for name, path in {"library": PAGES["library"], **pages}.items()}}
        # Once more, a new server visited the moment it answers: the libraries it loads as it
        # starts (planner/ui/app/startup.py) are then still loading, and the visit waits for them.
        # In a run of one round the app's first visit above was that already (no warm-up
        # visits before it), so no third server starts for it.
        if repeats > 1:
            with serving(ROOT / "streamlit_app.py", env) as fresh_app:
                at_start = visit(browser, fresh_app, "insights", charts=True)
        else:
            at_start = first
    base = _median(rounds["bare"])
    results["bare_visit_s"] = round(base.seconds, 3)
    results["bare_visit_cpu_s"] = round(base.cpu_seconds, 3)
    for name in pages:
        found = _median(rounds[name])
        results[f"{name}_visit_s"] = round(found.seconds, 3)
        results[f"{name}_visit_cpu_s"] = round(found.cpu_seconds, 3)
        times, cpus = _round_ratios(rounds[name], rounds["bare"])
        results[f"{name}_visit_ratio"], results[f"{name}_cpu_ratio"] = _ratio(times), _ratio(cpus)
        results[f"{name}_visit_ratio_iqr"] = _middle_half(times)
        results[f"{name}_cpu_ratio_iqr"] = _middle_half(cpus)
    like = _median(rounds["bare_like_solace"])
    results["bare_like_solace_visit_s"] = round(like.seconds, 3)
    results["bare_like_solace_visit_cpu_s"] = round(like.cpu_seconds, 3)
    for name in pages:
        times, cpus = _round_ratios(rounds[name], rounds["bare_like_solace"])
        results[f"{name}_to_bare_like_solace"] = [_ratio(times), _ratio(cpus)]
    chart = _median(rounds["bare_chart"])
    results["bare_chart_visit_s"] = round(chart.seconds, 3)
    results["bare_chart_visit_cpu_s"] = round(chart.cpu_seconds, 3)
    results["insights_to_bare_chart_ratio"] = _ratio(
        _round_ratios(rounds["insights"], rounds["bare_chart"])[0])
    for name in returning:
        results[f"returning_{name}_visit_s"] = round(_median(returning[name]).seconds, 3)
    for name in [name for name in returning if name != "bare"]:
        results[f"returning_{name}_visit_ratio"] = round(
            results[f"returning_{name}_visit_s"] / results["returning_bare_visit_s"], 2)
    results["picture_after_heading_s"] = round(
        statistics.median(tap.after_heading_s for tap in taps), 3)
    results["tap_to_live_chart_s"] = round(statistics.median(tap.to_live_s for tap in taps), 3)
    results["vega_ready_after_picture_s"] = round(
        statistics.median(tap.vega_ready_s for tap in taps), 3)
    if crowd_size:
        results["crowd_size"] = crowd_size
        for name, last in crowds.items():
            results[f"crowd_{name}_all_drawn_s"] = round(statistics.median(last), 3)
        results["crowd_insights_ratio"] = round(
            results["crowd_insights_all_drawn_s"] / results["crowd_bare_all_drawn_s"], 2)
    results["insights_first_visit_s"] = round(first.seconds, 3)
    results["insights_first_visit_cpu_s"] = round(first.cpu_seconds, 3)
    results["insights_first_to_warm_ratio"] = round(
        first.seconds / results["insights_visit_s"], 2)
    results["insights_at_start_visit_s"] = round(at_start.seconds, 3)
    results["insights_at_start_visit_cpu_s"] = round(at_start.cpu_seconds, 3)
    results["insights_at_start_to_warm_ratio"] = round(
        at_start.seconds / results["insights_visit_s"], 2)
    return results
