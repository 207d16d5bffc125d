"""Benchmarks, printed as figures; the last line is one JSON object with all of them.

    python -m planner.tools.bench                 # everything
    python -m planner.tools.bench --only run      # just the Run page figures
    python -m planner.tools.bench --run-seconds 20  # a shorter browser measurement
    python -m planner.tools.bench --only scale    # many people on one PostgreSQL database
    python -m planner.tools.bench --only visits --years 0.1 --rounds 1  # the smallest run
    python -m planner.tools.bench --only stats,watch  # several sections, comma between

Sizes (the defaults are the sizes the figures below are described at; a smaller one makes a
quicker, rougher run of the same steps, with the same figure names, as the suite's
tests/tools/test_bench.py and tests/browser/test_bench_browser.py do):
- ``--run-seconds`` (60): how long the Run page's routine runs in the browser (three steps);
- ``--years`` (10): years of sample data behind the Insights, Log, backup, visits and
  statistics figures (the Insights figure for one year takes fewer if this is fewer);
- ``--people`` (1,000, at least 2): the scale section's people, a year of data each;
- ``--rounds`` (each figure's own count): at most this many timed runs behind each median;
  with one, the visits section also leaves out the visits that only warm up (the suite's
  smallest run measures nothing worth reading);
- ``--pages`` (every page): the pages the visits section opens, by name, comma between
  (Insights always among them); the suite's smallest run opens Insights alone.

Before timing a page, each section checks that it shows what a person would see there (the
words, and charts with points on them; see planner/tools/seen.py): the run stops with the
reason if not. Servers take whatever free port the system gives them.

Run page:
- ``run_messages_60s``: messages the browser sent the server while a routine ran for 60 s with no
  user action (three 20 s steps: the target is one per step change plus at most a few);
- ``run_step_changes_60s``: the step changes in that time;
- ``run_trigger_late_ms_max``: how late the browser reported the latest step change;
- ``run_rerun_ms_median``: server time of one rerun of the Run page mid-run (AppTest, median).

Insights and Log pages, on temporary databases of 1 and 10 years of sample data (AppTest, server
time of a full page rerun):
- ``insights_ms_median`` (10 years) and ``insights_1y_ms_median``: warm reruns, median of 15;
- ``insights_cold_ms_median``: 10 years with the caches cleared before each run, median of 7;
- ``log_ms_median``: the Log page with 10 years, median of 15;
- ``insights_watch_ms_median``: Insights' Watch tab with 10 years of a watch's daily values
  (resting heart rate, HRV, sleep and steps every day), warm reruns, median of 15;
- ``chart_bytes``: what the Insights page sends for its charts (specs and data) with 10 years.

Backup, export and import, on a temporary database of 10 years of sample data (the figures
include reading and writing the database; ``--only backup`` for these alone):
- ``backup_export_ms``: everything read and written as the JSON backup, median of 3;
- ``backup_mb``: the size of that file;
- ``backup_read_ms``: the file read back and checked (size, encoding, nesting, every value);
- ``backup_import_ms``: the checked file imported into a fresh database, median of 3;
- ``backup_reimport_ms``: the same file imported again (everything skipped);
- ``csv_export_ms``: the logs as CSV files in a zip;
- ``hostile_<kind>_peak_mb``, ``_after_mb`` and ``_s``: a hostile import file of each
  kind (planner/tools/hostile.py: millions of CSV rows, of empty JSON records, of numbers or
  texts; one long text; as many valid sessions as the counts let in, all the same (the worst
  case the issue names, refused as repeats) or each its own (read through, as a real backup
  that big would be)) read in a process of its own, 64 MB (6.4 MB a year of ``--years``): its
  memory above idle at the peak (the file's own bytes included) and after it was refused and
  let go, and the seconds it took.

Watch import (``--only watch``; planner/tools/watchbench.py), an Apple Health export.xml of
realistic shape generated with ``--watch-records`` records (200,000; the issue's target is 10
million, about 2 GB), read and imported into a fresh SQLite database:
- ``watch_records``, ``watch_mb``, ``watch_daily_values``: the file and what it gave;
- ``watch_read_s``, ``watch_import_s``: reading it, and reading plus writing (one run);
- ``watch_records_per_s``, ``watch_mb_per_s``: the rate of the whole import;
- ``watch_peak_mb_above_idle``: the process's peak memory during it above what it held before;
- ``watch_reimport_s``: the same file again (nothing changes);
- ``watch_import_cpu_s``: the CPU time of the import (on a machine shared with other work,
  the time it takes with a core to itself);
- ``watch_2gb_estimate_s`` and ``watch_2gb_estimate_cpu_s``: the time a 2 GB, 10-million-
  record export takes at these rates, the slower of by bytes and by records (the target: at
  most 60 s and 300 MB);
- ``garmin_*``: ``--garmin-days`` (30) days of Garmin .fit files in a zip (a monitoring file
  a day, a sleep file a night; about 1,900 FIT messages a day) read and imported:
  ``garmin_import_s`` (and ``_cpu_s``), ``garmin_messages_per_s``,
  ``garmin_peak_mb_above_idle``, and ``garmin_year_estimate_s`` (and ``_cpu_s``), a year's
  files at this rate.

Statistics (``--only stats``), pure Python, no database:
- ``stats_compare_10y_ms``: Insights' comparison of the four kinds of day (the fit that allows
  for days alike in a row) over ten years of simulated daily check-ins, median of 10;
- ``stats_promise_cold_ms`` and ``stats_promise_four_cold_ms``: what the default experiment
  plan (two conditions) and one with all four could show, found by simulating it, with the
  cache empty (what the plan form waits the first time a design is picked), median of 3;
- ``stats_plan_form_cold_ms``: that plus the nearby plans the form lists beside it;
- ``stats_promise_watch_cold_ms``: the default plan judged by the next morning's resting heart
  rate (a watch's measure, in beats a minute), cache empty, median of 3.

The clinician's report (``--only report``), on a temporary database of one year of sample data
(fewer if ``--years`` is fewer): the PDF for the last 12 months, from the database to the
bytes (planner/report):
- ``report_1y_s``: median of 3, each drawing its charts afresh (the libraries loaded and
  vl-convert started by one run before; the target: at most 3 s);
- ``report_1y_cpu_s``: the CPU time of those runs (this process's, vl-convert's threads
  included), median: what a run costs on a machine with nothing else to do;
- ``report_first_s``: that first run, with the libraries loading and vl-convert starting;
- ``report_pages`` and ``report_kb``: the PDF's pages and size.

Scale, on a throwaway PostgreSQL server (planner/tools/scale.py; needs PostgreSQL's server
programs, Debian's ``postgresql``, else skipped; ``--only scale`` for these alone, progress on
stderr):
- ``scale_people``: people in one database, 1,000, each with a year of sample data;
- ``scale_load_s``: loading them (COPY of copies of one generated year, in time order across
  everyone, so each person's rows are spread over the tables; then VACUUM ANALYZE);
- ``scale_insights_ms_alone`` and ``scale_insights_ms_among_1000``: the Insights page of one of
  them (the local owner) in a database of that person alone and among the 1,000 (AppTest,
  server time of a warm rerun, median of 16 in two alternating rounds);
  ``scale_insights_ratio``: among over alone (the target: at most 1.5);
- ``scale_insights_cold_ms_alone``, ``scale_insights_cold_ms_among_1000`` and
  ``scale_insights_cold_ratio``: the same with the caches cleared before each run (median
  of 8);
- ``scale_index_scans``: the charts' two queries use an index among the 1,000 (no sequential
  scan);
- ``scale_two_servers_consistent``: with two app servers on one new database, a check-in saved
  on server A's Log page (in Chromium) shows in server B's Insights chart, and so does a change
  to it after B has drawn (and cached) the chart; ``scale_two_servers_seen_ms``: from the change
  being saved on A to B showing it (B's page loaded again).

Fresh visits (planner/tools/visits.py; ``--only visits``): each page opened in a new browser
context (no cache, no session) at 1,400 x 900 on 10 years of sample data, until drawn (its
script run over, its heading and charts shown), with a bare three-line Streamlit page served
beside the app in the same run:
- ``bare_visit_s`` and ``bare_visit_cpu_s``: the bare page's time and server CPU, median of
  11 (the two servers run at once and the visits take turns);
- ``<page>_visit_s``, ``<page>_visit_cpu_s``: each page's; ``<page>_visit_ratio`` and
  ``<page>_cpu_ratio``: over the bare page's, the median of each round's ratio (the target: at
  most 1.3 each), and ``..._ratio_iqr``: the quartiles of those rounds' ratios (one round's
  ratio strays by 0.1 to 0.3 on a 2-core machine, so a median of 7 moved by about 0.1 between
  runs);
- ``bare_chart_visit_s``, ``bare_chart_visit_cpu_s``: the bare page with one small Altair
  chart, for what any chart costs a fresh visit; ``insights_to_bare_chart_ratio``: Insights over
  it (Insights counts as drawn once its chart's picture is there, planner/ui/kit/pictures.py);
- with ``--crowd N``: ``crowd_insights_all_drawn_s`` and ``crowd_bare_all_drawn_s``, N fresh
  visits asked for at once (each its own browser context), from the first asked for to the last
  drawn, median of two crowds each, taking turns; ``crowd_insights_ratio``: Insights' over the
  bare page's (the target: at most 1.3 for 20);
- ``picture_after_heading_s``: on a fresh Insights visit, from the page's heading shown to the
  chart's picture shown; ``vega_ready_after_picture_s``: from the picture to Vega's code
  loaded (the page loads it when the browser is idle); ``tap_to_live_chart_s``: from a tap on
  the picture, once that is done (a person reads the picture first), to the live chart drawn
  in its place; medians of as many visits as the rounds;
- ``bare_like_solace_visit_s``, ``..._cpu_s``: the bare page served as Solace serves its pages
  (planner/ui/app/server.py: Streamlit's files from memory, the shell told where its server is);
  ``<page>_to_bare_like_solace``: each page's time and CPU over it, for what the page itself
  costs apart from how Solace answers requests (for comparison; the targets are against the
  plain bare page);
- ``returning_bare_visit_s``, ``returning_bare_chart_visit_s`` and ``returning_<page>_visit_s``
  for each page visited (Library always): a returning visitor's visits (one browser context
  kept, its cache warm, each visit a new tab and so a new session), median of 11;
  ``returning_bare_chart_visit_ratio`` and ``returning_<page>_visit_ratio``: over the bare
  page's, for what a chart costs once nothing needs fetching or compiling, and what each page
  of Solace's costs such a visit (the pages with no chart show what Solace's own frame and a
  page's controls cost, beside Insights' figure);
- ``insights_first_visit_s``: the first Insights visit after the server starts (after the
  bare page's, about a second and a half later), and ``insights_first_to_warm_ratio`` over a
  later one (the target: at most 2);
- ``insights_at_start_visit_s`` and ``insights_at_start_to_warm_ratio``: the same on a new
  server visited the moment it answers, while it is still loading its libraries.

Needs the test extras (playwright) and Debian's Chromium for the browser figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from planner.kernel import clock
from planner.tools.devserver import ROOT, running_app

# The browser the figures are measured in: the full Chromium people use, unless told (the
# suite's smallest runs, which measure nothing, take the lighter headless shell).
CHROMIUM = (os.environ.get("SOLACE_BENCH_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
BENCH_TECHNIQUE = """
[[technique]]
id = "bench_step"
name = "Benchmark step"
category = "Benchmark"
purpose = "A plain step for timing measurements."
how_to = ["Rest."]
default_seconds = 20
min_seconds = 1
max_seconds = 600
per_foot = false
pressure = "none"
"""


@dataclass(frozen=True)
class Sizes:
    """How much each section does; the defaults are the sizes the figures above are described
    at, and a smaller size only makes a quicker, rougher run of the same measurements."""

    run_seconds: float = 60  # the Run page's routine in the browser: three steps
    years: float = 10  # sample data behind Insights, Log, backup, visits and statistics
    people: int = 1000  # the scale section's people, a year of data each
    rounds: int | None = None  # at most this many timed runs behind each median
    pages: tuple[str, ...] = ()  # the pages the visits section opens (none said: all)
    watch_records: int = 200_000  # records in the watch section's generated export.xml
    garmin_days: int = 30  # days of Garmin .fit files the watch section reads
    crowd: int = 0  # fresh Insights visits at once in the visits section (none: not measured)

    def repeats(self, count: int) -> int:
        """``count`` timed runs, or fewer where ``rounds`` says so."""
        return count if self.rounds is None else max(1, min(count, self.rounds))

    @property
    def years_label(self) -> str:
        return f"{self.years:g} year" + ("" if self.years == 1 else "s")


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        timings.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(timings), 2)


def _bench_catalog(folder: Path) -> Path:
    for file in (ROOT / "data").glob("*.toml"):
        shutil.copy(file, folder / file.name)
    techniques = folder / "techniques.toml"
    techniques.write_text(techniques.read_text() + BENCH_TECHNIQUE)
    return folder


def run_rerun_ms(workdir: Path, repeats: int = 20) -> float:
    """Server time of a Run page rerun while a routine runs (AppTest, median)."""
    from planner.catalog.model import load_catalog
    from planner.routines.model import routine_from_preset, timed_steps
    from planner.store import Store
    from planner.tools.seen import check_running
    from planner.ui.apptest import open_page

    url = f"sqlite:///{workdir / 'rerun.db'}"
    catalog = load_catalog()
    routine = routine_from_preset(catalog.preset("bedtime_wind_down"))
    plan = timed_steps(routine, catalog)
    store = Store(url, catalog)
    store.runs.start(routine.name, plan, at=clock.timestamp())
    store.dispose()

    app = open_page("run", url)
    app.button(key="run-attach").click().run()
    check_running(app, routine.name, plan[0].name)
    app.run()  # warm
    return _median_ms(app.run, repeats)


def run_messages(workdir: Path, seconds: float) -> dict:
    """Messages the browser sends while a routine runs untouched for ``seconds``."""
    from playwright.sync_api import expect, sync_playwright

    from planner.catalog.model import load_catalog
    from planner.routines.model import Routine, RoutineStep
    from planner.store import Store
    from planner.tools.browser import wait_for_app

    catalog_dir = _bench_catalog(workdir / "data")
    url = f"sqlite:///{workdir / 'messages.db'}"
    step = max(1, round(seconds / 3))
    store = Store(url, load_catalog(catalog_dir))
    store.routines.save(Routine(name="Benchmark", steps=(RoutineStep(technique="bench_step",
                                                             seconds=step),) * 3))
    store.dispose()

    env = {"PLANNER_DATABASE_URL": url, "PLANNER_DATA_DIR": str(catalog_dir)}
    with running_app(env) as app_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking"])
        page = browser.new_page()
        sent: list[float] = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(
            time.time())))
        page.goto(f"{app_url}/run")
        wait_for_app(page, timeout_ms=30_000)
        page.get_by_role("button", name="Start").click()
        # The countdown as a person sees it: the step's name and a clock counting from it.
        expect(page.get_by_text("Benchmark step", exact=True)).to_be_visible(timeout=30_000)
        expect(page.get_by_text(re.compile(r"^\d+:\d\d$")).first).to_be_visible()
        began = time.time()
        page.wait_for_timeout((3 * step + 1.5) * 1000)
        messages = [t for t in sent if t > began]
        triggers = page.evaluate("window.__solaceTriggers")
        # Counted only if the routine then ended, as a person would see it end.
        expect(page.get_by_text("is complete")).to_be_visible(timeout=15_000)
        browser.close()
    start_at = Store(url, load_catalog(catalog_dir)).runs.get(1).actions[0].at
    late = [t["at"] / 1000 - (start_at + step * (i + 1)) for i, t in enumerate(triggers)]
    return {
        "run_seconds": 3 * step,
        "run_messages_60s": len(messages),
        "run_step_changes_60s": len(triggers),
        "run_trigger_late_ms_max": round(max(late) * 1000, 1) if late else None,
    }


def visit_figures(workdir: Path, sizes: Sizes) -> dict:
    """Fresh browser visits to every page, on 10 years of sample data, beside a bare page."""
    from playwright.sync_api import sync_playwright

    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.store import Store
    from planner.tools.visits import PAGES, measure

    url = f"sqlite:///{workdir / 'visits.db'}"
    store = Store(url, load_catalog())
    load_sample(store.sample, store.catalog, years=sizes.years)
    store.dispose()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                            "--disable-dev-shm-usage"])
        results = measure(browser, url, repeats=sizes.repeats(11), pages=sizes.pages,
                          crowd_size=sizes.crowd)
        browser.close()
    print(f"Fresh visits (median of {sizes.repeats(11)}, taking turns): a bare Streamlit page "
          f"{results['bare_visit_s']} s and {results['bare_visit_cpu_s']} CPU-s on the server")
    visited = [name for name in PAGES if f"{name}_visit_s" in results]
    for name in visited:
        time_spread, cpu_spread = (results[f"{name}_visit_ratio_iqr"],
                                   results[f"{name}_cpu_ratio_iqr"])
        print(f"  {name:<10} {results[f'{name}_visit_s']} s ({results[f'{name}_visit_ratio']}x,"
              f" middle half {time_spread[0]}-{time_spread[1]}), "
              f"{results[f'{name}_visit_cpu_s']} CPU-s ({results[f'{name}_cpu_ratio']}x, "
              f"{cpu_spread[0]}-{cpu_spread[1]})")
    print(f"  the bare page served as Solace serves its pages: "
          f"{results['bare_like_solace_visit_s']} s, {results['bare_like_solace_visit_cpu_s']}"
          " CPU-s; each page over it (time, CPU): " + ", ".join(
              f"{name} {results[f'{name}_to_bare_like_solace'][0]}/"
              f"{results[f'{name}_to_bare_like_solace'][1]}" for name in visited))
    print(f"  a bare page with one Altair chart: {results['bare_chart_visit_s']} s "
          f"({results['bare_chart_visit_cpu_s']} CPU-s); Insights "
          f"{results['insights_to_bare_chart_ratio']}x that")
    if sizes.crowd:
        print(f"  {sizes.crowd} fresh visits at once, until the last is drawn: Insights "
              f"{results['crowd_insights_all_drawn_s']} s, the bare page "
              f"{results['crowd_bare_all_drawn_s']} s ({results['crowd_insights_ratio']}x)")
    print(f"  Insights' chart picture {results['picture_after_heading_s']} s after the heading;"
          f" Vega's code loaded {results['vega_ready_after_picture_s']} s after the picture;"
          f" the live chart {results['tap_to_live_chart_s']} s after a tap on it then")
    returning = [name for name in PAGES if f"returning_{name}_visit_s" in results]
    print(f"  a returning visitor (browser cache warm, a new tab): the bare page "
          f"{results['returning_bare_visit_s']} s, with one chart "
          f"{results['returning_bare_chart_visit_s']} s "
          f"({results['returning_bare_chart_visit_ratio']}x); Solace's pages: " + ", ".join(
              f"{name} {results[f'returning_{name}_visit_s']} s "
              f"({results[f'returning_{name}_visit_ratio']}x)" for name in returning))
    print(f"  first Insights visit after start: {results['insights_first_visit_s']} s, "
          f"{results['insights_first_to_warm_ratio']}x a later one; the moment a new server "
          f"answers: {results['insights_at_start_visit_s']} s, "
          f"{results['insights_at_start_to_warm_ratio']}x")
    return results


def insights_figures(workdir: Path, sizes: Sizes) -> dict:
    """The Insights and Log pages on ``sizes.years`` of sample data, and Insights on one year
    (or fewer, if ``sizes.years`` is)."""
    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.store import Store
    from planner.tools.seen import check_insights, check_log, check_watch
    from planner.ui.apptest import chart_bytes, clear_caches, open_page

    catalog = load_catalog()
    many, one = sizes.years, min(1, sizes.years)
    urls = {}
    for years in sorted({one, many}):
        urls[years] = f"sqlite:///{workdir / f'sample-{years:g}y.db'}"
        store = Store(urls[years], catalog)
        sessions, checkins = load_sample(store.sample, catalog, years=years)
        measures = store.measures.save(_watch_days(years)).new
        store.dispose()
        print(f"{years:g} year(s) of sample data: {sessions} sessions, {checkins} check-ins, "
              f"{measures} daily values from a watch")

    def opened(page: str, years: float, check: Callable) -> object:
        app = open_page(page, urls[years])
        check(app)
        return app

    results = {}
    app = opened("insights", many, check_insights)
    results["chart_bytes"] = chart_bytes(app)
    results["insights_ms_median"] = _median_ms(app.run, sizes.repeats(15))

    def cold() -> None:
        clear_caches()
        app.run()

    results["insights_cold_ms_median"] = _median_ms(cold, sizes.repeats(7))
    check_insights(app)  # still drawn after the cold runs
    app.run()
    results["insights_1y_ms_median"] = _median_ms(opened("insights", one, check_insights).run,
                                                  sizes.repeats(15))
    results["log_ms_median"] = _median_ms(opened("log", many, check_log).run,
                                          sizes.repeats(15))
    app = opened("insights", many, check_insights)
    app.session_state["insights-section"] = "Watch"
    app.run()
    check_watch(app)
    results["insights_watch_ms_median"] = _median_ms(app.run, sizes.repeats(15))
    return results


def _watch_days(years: float) -> list:
    """A watch worn every day of ``years`` up to today: resting heart rate, HRV, sleep and
    steps, with a weekly rhythm and some noise (seeded)."""
    import numpy as np

    from planner.kernel import clock
    from planner.watch.model import DailyMeasure

    rng = np.random.default_rng(11)
    today = clock.today(clock.server_zone())
    typical = {"resting_hr": (58, 3), "hrv_sdnn": (45, 8), "sleep_minutes": (430, 40),
               "steps": (8000, 2500)}
    return [DailyMeasure(day=today - timedelta(days=back), measure=measure, source="Bench Watch",
                         value=round(max(1.0, rng.normal(mean, spread)), 1))
            for back in range(round(years * 365)) for measure, (mean, spread) in typical.items()]


def backup_figures(workdir: Path, sizes: Sizes) -> dict:
    """Export and import of 10 years of sample data (``sizes.years``), through the database;
    each import is checked to add every session and check-in, and the second to add none."""
    from planner.backup.model import backup_json
    from planner.backup.reading import read_file
    from planner.backup.spreadsheet import csv_zip
    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.store import Store

    catalog = load_catalog()
    repeats = sizes.repeats(3)
    source = Store(f"sqlite:///{workdir / 'backup.db'}", catalog)
    sessions, checkins = load_sample(source.sample, catalog, years=sizes.years)
    print(f"{sizes.years_label} of sample data: {sessions} sessions, {checkins} check-ins")
    data = backup_json(source.backup.export())
    results = {"backup_export_ms": _median_ms(lambda: backup_json(source.backup.export()),
                                              repeats),
               "backup_mb": round(len(data) / 1024 / 1024, 2)}

    def read():
        return read_file("backup.json", data, catalog, clock.now(), clock.latest_day())[1]

    results["backup_read_ms"] = _median_ms(read, repeats)
    backup = read()
    targets = iter(range(repeats))

    imported = []

    def import_fresh() -> None:
        target = Store(f"sqlite:///{workdir / f'restored-{next(targets)}.db'}", catalog)
        imported.append(target.backup.restore(backup))
        target.dispose()

    def reimport() -> None:
        imported.append(source.backup.restore(backup))

    results["backup_import_ms"] = _median_ms(import_fresh, repeats)
    results["backup_reimport_ms"] = _median_ms(reimport, 1)
    _check_imports(imported, sessions, checkins)
    results["csv_export_ms"] = _median_ms(
        lambda: csv_zip(source.backup.export(), clock.server_zone()), 1)
    source.dispose()
    results.update(hostile_figures(min(64.0, 6.4 * sizes.years)))  # 64 MB: the upload limit
    print(f"Backup, {sizes.years_label}: export {results['backup_export_ms']} ms "
          f"({results['backup_mb']} MB), read and check {results['backup_read_ms']} ms, "
          f"import into a fresh database {results['backup_import_ms']} ms, the same file again "
          f"{results['backup_reimport_ms']} ms; CSV export {results['csv_export_ms']} ms")
    return results


def hostile_figures(megabytes: float) -> dict:
    """Memory of refusing each kind of hostile file (planner/tools/hostile.py), each read in
    a process of its own; the peak counts the file's own bytes, as an upload holds them."""
    from planner.tools.hostile import KINDS, measure_apart

    results = {}
    for kind in KINDS:
        found = measure_apart(kind, megabytes)
        results[f"hostile_{kind}_peak_mb"] = found["peak_above_idle_mb"]
        results[f"hostile_{kind}_after_mb"] = found["after_above_idle_mb"]
        results[f"hostile_{kind}_s"] = found["seconds"]
        print(f"Hostile {kind} ({megabytes:g} MB): {found['peak_above_idle_mb']} MB above idle "
              f"at its peak (the file's own bytes included), {found['after_above_idle_mb']} MB "
              f"kept after, {found['seconds']} s: {found['answer'][:90]}")
    return results


def _check_imports(imported: list[dict], sessions: int, checkins: int) -> None:
    """What the import says it did, as a person reads it after importing: the fresh imports
    added every session and check-in, the import of the same file again added nothing."""
    *fresh, again = imported
    for counts in fresh:
        added = (counts["sessions"].added, counts["checkins"].added)
        if added != (sessions, checkins):
            raise RuntimeError(f"an import into a fresh database should add {sessions} sessions "
                               f"and {checkins} check-ins, not {added[0]} and {added[1]}")
    if any(counts.added or counts.updated for counts in again.values()):
        raise RuntimeError("importing the same file again should change nothing")


def stats_figures(sizes: Sizes) -> dict:
    """Insights' comparison over ``sizes.years`` of simulated check-ins, and an experiment
    plan's promise; each checked to say what a person would read (a comparison of every kind
    of day, a promise)."""
    from datetime import date

    import numpy as np
    import pandas as pd

    from planner.experiments import promise
    from planner.experiments.model import DEFAULT_BLOCKS, DEFAULT_DAYS_PER_CONDITION, Design
    from planner.insights.findings import compare, daily, describe_difference

    rng = np.random.default_rng(1)
    days = pd.date_range("2016-01-01", periods=max(1, round(365 * sizes.years)), freq="D")
    noise = np.zeros(len(days))
    for t in range(1, len(days)):  # days alike in a row, as real ratings are
        noise[t] = 0.6 * noise[t - 1] + rng.normal(0, 1.2)
    rated = rng.random(len(days)) > 0.15
    checkins = pd.DataFrame({
        "day": days[rated], "stress": pd.array(np.clip(np.round(5 + noise), 0, 10)[rated]
                                               .astype(int), dtype="Int64"),
        "socks": rng.random(rated.sum()) < 0.5, "sock_hours": np.nan,
        **{m: pd.array([None] * rated.sum(), dtype="Int64")
           for m in ("swelling", "pain", "sleep", "pulse", "systolic", "diastolic")}})
    massage = days[rng.random(len(days)) < 0.5]
    sessions = pd.DataFrame({"started_at": massage.tz_localize("UTC"), "day": massage,
                             "minutes": 15.0})
    frame = daily(sessions, checkins)
    design = Design(conditions=("massage", "socks"), blocks=DEFAULT_BLOCKS,
                    days_per_condition=DEFAULT_DAYS_PER_CONDITION, start=date(2027, 1, 4),
                    seed=1)
    four = design.model_copy(update={"conditions": ("massage", "socks", "both", "neither")})
    pulse = design.model_copy(update={"outcome": "resting_hr"})

    summaries, differences = compare(frame)
    short = [describe_difference(d) for d in differences if not d.enough]
    if any(not s.days for s in summaries) or short:
        raise RuntimeError(f"Insights should compare every kind of day (found {short})")
    if "would show it clearly" not in promise.plan_in_words(design):
        raise RuntimeError("the experiment's plan should promise what it could show")
    if "beats a minute or more" not in promise.plan_in_words(pulse):
        raise RuntimeError("a plan judged by resting heart rate should promise beats a minute")

    def cold(action: Callable[[], object]) -> Callable[[], object]:
        return lambda: (promise.detectable.cache_clear(), action())

    repeats = sizes.repeats(3)
    return {
        "stats_compare_10y_ms": _median_ms(lambda: compare(frame), sizes.repeats(10)),
        "stats_promise_cold_ms": _median_ms(cold(lambda: promise.detectable_difference(design)),
                                            repeats),
        "stats_promise_four_cold_ms": _median_ms(
            cold(lambda: promise.detectable_difference(four)), repeats),
        "stats_plan_form_cold_ms": _median_ms(cold(lambda: (
            promise.plan_in_words(design), promise.describe_alternatives(design))), repeats),
        "stats_promise_watch_cold_ms": _median_ms(
            cold(lambda: promise.detectable_difference(pulse)), repeats),
    }


def report_figures(workdir: Path, sizes: Sizes) -> dict:
    """The report's PDF for the last 12 months of one year of sample data."""
    from pypdf import PdfReader

    from planner.catalog.model import load_catalog
    from planner.journal.sample import load_sample
    from planner.report import document
    from planner.store import Store

    catalog = load_catalog()
    years = min(1, sizes.years)
    store = Store(f"sqlite:///{workdir / 'report.db'}", catalog)
    sessions, checkins = load_sample(store.sample, catalog, years=years)
    zone = clock.server_zone()
    today = clock.today(zone)
    start = today - timedelta(days=364)

    def made() -> bytes:
        return store.reports.pdf(start, today, zone)

    began = time.perf_counter()
    data = made()
    first = time.perf_counter() - began

    def afresh() -> bytes:
        document._drawn.cache_clear()  # every chart drawn again, as for another period
        return made()

    cpu_seconds = []

    def afresh_counted() -> bytes:
        began_cpu = time.process_time()
        made_again = afresh()
        cpu_seconds.append(time.process_time() - began_cpu)
        return made_again

    results = {"report_1y_s": round(_median_ms(afresh_counted, sizes.repeats(3)) / 1000, 2),
               "report_1y_cpu_s": round(statistics.median(cpu_seconds), 2),
               "report_first_s": round(first, 2),
               "report_pages": len(PdfReader(io.BytesIO(data)).pages),
               "report_kb": round(len(data) / 1024)}
    store.dispose()
    print(f"Report, {Sizes(years=years).years_label} ({sessions} sessions, {checkins} "
          f"check-ins): {results['report_1y_s']} s, CPU {results['report_1y_cpu_s']} s (first "
          f"run {results['report_first_s']} s), "
          f"{results['report_pages']} pages, {results['report_kb']} KB")
    return results


SECTIONS = ("run", "insights", "backup", "scale", "visits", "stats", "report", "watch")


def _arguments(argv: list[str] | None) -> tuple[frozenset[str] | None, Sizes]:
    """The sections asked for (None: all) and the sizes, each checked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=lambda text: frozenset(filter(None, text.split(","))),
                        default=None, help="the sections to run, by name, comma between "
                        f"(default: every one: {', '.join(SECTIONS)})")
    defaults = Sizes()
    parser.add_argument("--run-seconds", type=float, default=defaults.run_seconds,
                        help="how long the Run page's routine runs in the browser (three steps)")
    parser.add_argument("--years", type=float, default=defaults.years,
                        help="years of sample data behind the Insights, Log, backup, visits "
                             "and statistics figures")
    parser.add_argument("--people", type=int, default=defaults.people,
                        help="people in the scale section's database, a year of data each")
    parser.add_argument("--rounds", type=int, default=defaults.rounds,
                        help="at most this many timed runs behind each median (default: each "
                             "figure's own count)")
    parser.add_argument("--pages", type=lambda text: tuple(filter(None, text.split(","))),
                        default=(), help="the visits section's pages, by name, comma between; "
                        "Insights is always among them (default: every page)")
    parser.add_argument("--watch-records", type=int, default=defaults.watch_records,
                        help="records in the watch section's generated export.xml (the "
                             "issue's target is 10,000,000, about 2 GB)")
    parser.add_argument("--garmin-days", type=int, default=defaults.garmin_days,
                        help="days of Garmin .fit files in the watch section (a monitoring "
                             "file a day and a sleep file a night)")
    parser.add_argument("--crowd", type=int, default=defaults.crowd,
                        help="the visits section also opens this many fresh Insights visits at "
                             "once, and as many bare-page visits (default: none)")
    args = parser.parse_args(argv)
    if args.garmin_days < 1:
        parser.error("--garmin-days must be at least 1")
    if args.crowd < 0:
        parser.error("--crowd must not be negative")
    if args.years <= 0 or args.run_seconds <= 0 or (args.rounds is not None
                                                     and args.rounds < 1):
        parser.error("--years, --run-seconds and --rounds must be positive")
    if args.people < 2:
        parser.error("--people must be at least 2: the one measured and another")
    from planner.tools.visits import PAGES

    if args.only is not None and (not args.only or args.only - set(SECTIONS)):
        parser.error(f"--only: the sections are {', '.join(SECTIONS)}")
    if unknown := set(args.pages) - set(PAGES):
        parser.error(f"--pages: no page called {', '.join(sorted(unknown))} "
                     f"(the pages: {', '.join(PAGES)})")
    return args.only, Sizes(args.run_seconds, args.years, args.people, args.rounds,
                            args.pages, args.watch_records, args.garmin_days, args.crowd)


def main(argv: list[str] | None = None) -> dict:
    only, sizes = _arguments(argv)
    results: dict = {}

    def wanted(section: str) -> bool:
        return only is None or section in only

    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        (workdir / "data").mkdir()
        if wanted("stats"):
            results.update(stats_figures(sizes))
            print(f"Statistics: Insights' comparison of {sizes.years_label} "
                  f"{results['stats_compare_10y_ms']} ms; an experiment's promise (cold) "
                  f"{results['stats_promise_cold_ms']} ms, with four conditions "
                  f"{results['stats_promise_four_cold_ms']} ms; the plan form "
                  f"{results['stats_plan_form_cold_ms']} ms; judged by resting heart rate "
                  f"{results['stats_promise_watch_cold_ms']} ms")
        if wanted("backup"):
            results.update(backup_figures(workdir, sizes))
        if wanted("insights"):
            results.update(insights_figures(workdir, sizes))
            one = Sizes(years=min(1, sizes.years)).years_label
            print(f"Insights, {sizes.years_label}: {results['insights_ms_median']} ms warm, "
                  f"{results['insights_cold_ms_median']} ms cold; {one}: "
                  f"{results['insights_1y_ms_median']} ms; Log, {sizes.years_label}: "
                  f"{results['log_ms_median']} ms; charts send {results['chart_bytes']:,} "
                  f"bytes; the Watch tab, {sizes.years_label} of daily values: "
                  f"{results['insights_watch_ms_median']} ms warm")
        if wanted("report"):
            results.update(report_figures(workdir, sizes))
        if wanted("scale"):
            from planner.tools.scale import scale_figures, summary

            results.update(scale_figures(workdir, CHROMIUM, sizes.people, sizes.rounds))
            for line in summary(results):
                print(line)
        if wanted("visits") and Path(CHROMIUM).exists():
            results.update(visit_figures(workdir, sizes))
        if wanted("watch"):
            from planner.tools.watchbench import garmin_figures, watch_figures

            results.update(watch_figures(workdir, sizes.watch_records))
            results.update(garmin_figures(workdir, sizes.garmin_days))
            print(f"Watch import: {results['watch_records']:,} records "
                  f"({results['watch_mb']:,} MB) read and imported in "
                  f"{results['watch_import_s']} s ({results['watch_records_per_s']:,} records/s, "
                  f"{results['watch_mb_per_s']} MB/s; {results['watch_import_cpu_s']} s of "
                  f"CPU), peak memory "
                  f"{results['watch_peak_mb_above_idle']} MB above idle; the same file again "
                  f"{results['watch_reimport_s']} s; a 2 GB export would take about "
                  f"{results['watch_2gb_estimate_s']} s ({results['watch_2gb_estimate_cpu_s']}"
                  " s of CPU; the target: 60 s and 300 MB)")
            print(f"Garmin .fit import: {results['garmin_files']} files, "
                  f"{results['garmin_messages']:,} messages, in {results['garmin_import_s']} s "
                  f"({results['garmin_messages_per_s']:,} messages/s, "
                  f"{results['garmin_import_cpu_s']} s of CPU), peak memory "
                  f"{results['garmin_peak_mb_above_idle']} MB above idle; a year's files would "
                  f"take about {results['garmin_year_estimate_s']} s "
                  f"({results['garmin_year_estimate_cpu_s']} s of CPU)")
        if not wanted("run"):
            print(json.dumps(results))
            return results
        results["run_rerun_ms_median"] = run_rerun_ms(workdir, sizes.repeats(20))
        print(f"Run page rerun, mid-run: {results['run_rerun_ms_median']} ms (median)")
        if Path(CHROMIUM).exists():
            figures = run_messages(workdir, sizes.run_seconds)
            results.update(figures)
            print(f"Messages from the browser in {figures['run_seconds']} s of running: "
                  f"{figures['run_messages_60s']} for {figures['run_step_changes_60s']} step "
                  f"changes (latest change reported {figures['run_trigger_late_ms_max']} ms "
                  "after it was due)")
        else:
            print("Chromium not found: browser figures skipped")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
