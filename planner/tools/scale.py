"""Solace for many people on one PostgreSQL database: the benchmark's scale section.

    python -m planner.tools.bench --only scale    # the figures are described in bench.py

1. One person's Insights page in a database holding 1,000 people (``--people``) with a year
   of data each, against a database holding that person alone. The measured person is the
   local owner (the one the app opens, ``Store(url)``); the 999 others are
   ``Store(url, owner="person-N")``.
   A year of sample data (planner/journal/sample.py) is generated once; the person alone gets
   it through the normal repository, as "Load sample data" does, and the 1,000 get copies by
   PostgreSQL COPY, in time order across everyone (day by day, as people would log it), so one
   person's rows are spread over the whole table rather than lying together. The copies are
   checked against the repository's rows, and the chart queries' plans against sequential
   scans.
2. Two app servers on one database: a check-in saved through server A is shown on server B's
   Insights, which had already drawn (and cached) the person's charts before it.
   tests/browser/test_bench_browser.py runs this at its smallest and asserts that B agrees.

Progress goes to stderr; the figures are returned to the benchmark, which prints them.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from planner.tools.browser import live_chart, save_checkin, wait_for_app

PEOPLE = 1000  # the default; the figures' names say 1000 whatever the number
OTHERS = "person-{n}"  # the owner names of everyone but the measured person
COPY_CHUNK = 20_000  # lines sent to PostgreSQL at a time
WARM_RUNS, COLD_RUNS, ROUNDS = 8, 4, 2  # per database and round; the rounds alternate


@dataclass(frozen=True)
class Timed:
    """How many timed runs: warm and cold per database and round, and the rounds."""

    warm: int = WARM_RUNS
    cold: int = COLD_RUNS
    rounds: int = ROUNDS

    @classmethod
    def at_most(cls, runs: int | None) -> Timed:
        """The defaults, each cut to ``runs`` (None: as they are)."""
        if runs is None:
            return cls()
        return cls(min(WARM_RUNS, runs), min(COLD_RUNS, runs), min(ROUNDS, runs))
SEEN_WITHIN_S = 20
STRESS_LABEL = "Stress (0 calm, 10 very stressed): {value}"


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# --- 1,000 people in one database -------------------------------------------------------------

def _copy_value(value: object) -> object:
    """A value as COPY takes it: lists and dicts as their JSON text (the JSON columns)."""
    return json.dumps(value) if isinstance(value, list | tuple | dict) else value


def _templates(sessions: list, checkins: list, stamp: datetime
               ) -> dict[str, tuple[list[str], list[tuple]]]:
    """Per table: its columns after ``owner_id`` (``is_sample`` last), and every row's values
    for them except ``is_sample``; the values are those SampleRepo.add writes."""
    from planner.journal.repo import _session_values

    rows = {
        "sessions": [{**_session_values(s), "created_at": stamp, "version": 1}
                     for s in sessions],
        "checkins": [{**c.model_dump(exclude={"version", "is_sample"}), "created_at": stamp,
                      "updated_at": stamp, "version": 1} for c in checkins],
    }
    templates = {}
    for table, table_rows in rows.items():
        columns = list(table_rows[0])
        tails = [tuple(_copy_value(row[name]) for name in columns) for row in table_rows]
        templates[table] = (columns + ["is_sample"], tails)
    return templates


def _rows(tails: list[tuple], owners: list[tuple[int, bool]],
          progress: Callable[[int], None]) -> Iterator[tuple]:
    """Every row for every owner, row by row (so in time order across everyone)."""
    sent = 0
    for tail in tails:
        for owner_id, sample in owners:
            yield (owner_id, *tail, sample)
        sent += len(owners)
        if sent >= COPY_CHUNK:
            progress(sent)
            sent = 0
    progress(sent)


def load_people(url: str, sessions: list, checkins: list, people: int) -> dict:
    """The local owner plus ``people - 1`` others, each with these sessions and check-ins:
    the local owner's marked as sample data (as in the database of that person alone), the
    others' as logged. Returns counts; the caller times it."""
    from planner.kernel import clock
    from planner.kernel.schema import owners
    from planner.store import Store

    store = Store(url)  # the schema, and the local owner
    local_id, engine = store.owner_id, store.engine
    stamp = clock.now()
    names = [OTHERS.format(n=n) for n in range(1, people)]
    with engine.begin() as connection:
        connection.execute(owners.insert(), [{"name": name, "created_at": stamp}
                                             for name in names])
        ids = dict(connection.execute(sa.select(owners.c.name, owners.c.id)
                                      .where(owners.c.name.in_(names))).all())
    everyone = [(local_id, True)] + [(ids[name], False) for name in names]

    templates = _templates(sessions, checkins, stamp)
    total = sum(len(tails) for _, tails in templates.values()) * len(everyone)
    done = [0, 0.0]

    def progress(lines: int) -> None:
        done[0] += lines
        if done[0] / total >= done[1] + 0.1 or done[0] == total:
            done[1] = done[0] / total
            log(f"  copied {done[0]:,} of {total:,} rows")

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, (columns, tails) in templates.items():
            names_sql = ", ".join(["owner_id", *columns])
            with cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy:
                for row in _rows(tails, everyone, progress):
                    copy.write_row(row)
        # As SampleRepo.add does for each person: their charts' cache key moves on.
        cursor.execute("UPDATE owners SET data_version = data_version + 1")
        raw.commit()
    finally:
        raw.close()
    store.dispose()
    analyze(url)
    return {"owners": len(everyone), "rows": total}


def analyze(url: str) -> None:
    """VACUUM ANALYZE, as autovacuum would do soon after a load this size."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def _journal(store) -> tuple[list[dict], list[dict]]:
    return ([s.model_dump(exclude={"id"}) for s in store.sessions.list()],
            [c.model_dump() for c in store.checkins.list()])


def check_copies(alone_url: str, among_url: str, people: int) -> None:
    """The copied rows read back exactly as the repository's: RuntimeError if not."""
    from planner.store import Store

    stores = [Store(alone_url), Store(among_url), Store(among_url,
                                                         owner=OTHERS.format(n=people - 1))]
    try:
        alone, local, other = (_journal(store) for store in stores)
        with stores[1].engine.connect() as connection:
            counted = connection.scalar(sa.text("SELECT count(*) FROM owners"))
        if counted != people:
            raise RuntimeError("the database should hold exactly the people loaded")
        if local != alone:
            raise RuntimeError("the local owner's copied rows differ from the repository's")
        unmarked = ([{**s, "is_sample": True} for s in other[0]],
                    [{**c, "is_sample": True} for c in other[1]])
        if unmarked != alone:
            raise RuntimeError("another person's copied rows differ from the sample's")
        if stores[1].frames.version() != stores[0].frames.version():
            raise RuntimeError("the data versions should match")
    finally:
        for store in stores:
            store.dispose()


def _plan_nodes(plan: dict) -> Iterator[tuple[str, str | None, str | None]]:
    yield plan["Node Type"], plan.get("Relation Name"), plan.get("Index Name")
    for child in plan.get("Plans", ()):
        yield from _plan_nodes(child)


def chart_query_plans(url: str, owner_id: int) -> dict[str, list[str]]:
    """The plans of the Insights frames' two queries (planner/insights/frames.py) for one owner:
    per table, its scan nodes ("Index Scan on ix_...")."""
    queries = {
        "sessions": "SELECT started_at, actual_seconds, stress_before, stress_after, "
                    "routine_name, completed FROM sessions WHERE owner_id = :owner "
                    "ORDER BY started_at",
        "checkins": "SELECT day, stress, socks, sock_hours, swelling, pain, sleep, pulse, "
                    "systolic, diastolic FROM checkins WHERE owner_id = :owner ORDER BY day",
    }
    engine = sa.create_engine(url)
    plans = {}
    try:
        with engine.connect() as connection:
            for table, query in queries.items():
                explained = connection.scalar(sa.text(f"EXPLAIN (FORMAT JSON) {query}"),
                                              {"owner": owner_id})
                plan = (json.loads(explained) if isinstance(explained, str)
                        else explained)[0]["Plan"]
                plans[table] = [f"{node} on {index or relation}"
                                for node, relation, index in _plan_nodes(plan)
                                if node.endswith("Scan")]
    finally:
        engine.dispose()
    return plans


def _timings(action: Callable[[], object], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def insights_timings(url: str, timed: Timed) -> tuple[list[float], list[float]]:
    """Server time of an Insights rerun (AppTest), warm and with the caches cleared, as
    bench.insights_figures measures it; the page reads ``url`` (PLANNER_DATABASE_URL)."""
    from planner.tools.seen import check_insights
    from planner.ui.apptest import clear_caches, open_page

    app = open_page("insights", url)
    app.run()  # warm
    if app.exception:
        raise RuntimeError(f"the Insights page failed: {app.exception[0].value}")
    check_insights(app)  # not an empty page, quickly drawn

    def cold() -> None:
        clear_caches()
        app.run()

    warm = _timings(app.run, timed.warm)
    return warm, _timings(cold, timed.cold)


def insights_among_people(alone_url: str, among_url: str, timed: Timed = Timed()) -> dict:
    """Insights for the local owner alone and among everyone, in alternating rounds (so a
    busy moment on a shared machine falls on both)."""
    found: dict[str, tuple[list[float], list[float]]] = {"alone": ([], []), "among": ([], [])}
    for round_number in range(1, timed.rounds + 1):
        for which, url in (("alone", alone_url), ("among", among_url)):
            warm, cold = insights_timings(url, timed)
            found[which][0].extend(warm)
            found[which][1].extend(cold)
            log(f"  round {round_number}, {which}: warm {statistics.median(warm):.1f} ms, "
                f"cold {statistics.median(cold):.1f} ms")
    os.environ.pop("PLANNER_DATABASE_URL", None)  # open_page set it; the server goes soon

    def median(which: str, cold: bool) -> float:
        return round(statistics.median(found[which][cold]), 2)

    alone, among = median("alone", False), median("among", False)
    cold_alone, cold_among = median("alone", True), median("among", True)
    return {
        "scale_insights_ms_alone": alone,
        "scale_insights_ms_among_1000": among,
        "scale_insights_ratio": round(among / alone, 2),
        "scale_insights_cold_ms_alone": cold_alone,
        "scale_insights_cold_ms_among_1000": cold_among,
        "scale_insights_cold_ratio": round(cold_among / cold_alone, 2),
    }


# --- two app servers on one database ----------------------------------------------------------

def stress_point(page, stress: int):
    """The dot of a day's stress ``stress`` in the Insights page's first chart (made live)."""
    chart = live_chart(page)
    return chart.locator(f"[aria-label*='{STRESS_LABEL.format(value=stress)}']").first


def seen_after_ms(page, app_url: str, stress: int, within_s: float = SEEN_WITHIN_S
                  ) -> float | None:
    """Open Insights on ``app_url`` (again and again) until it shows ``stress``; the time that
    took, or None if it never did within ``within_s``."""
    began = time.perf_counter()
    while time.perf_counter() - began < within_s:
        page.goto(f"{app_url}/insights")
        wait_for_app(page)
        try:
            stress_point(page, stress).wait_for(state="attached", timeout=5_000)
            return round((time.perf_counter() - began) * 1000, 1)
        except Exception:  # Playwright's TimeoutError: not (yet) shown; load again
            continue
    return None


def two_servers_consistent(page_a, url_a: str, page_b, url_b: str) -> dict:
    """A check-in saved on server A, then changed there, each time shown on server B."""
    save_checkin(page_a, url_a, 8)
    first = seen_after_ms(page_b, url_b, 8)  # B has now drawn (and cached) the charts
    save_checkin(page_a, url_a, 2)
    changed = seen_after_ms(page_b, url_b, 2)
    return {"scale_two_servers_consistent": first is not None and changed is not None,
            "scale_two_servers_seen_ms": changed}


def two_servers(server_url: str, chromium: str, folder: Path) -> dict:
    """Two app servers on one new database of the PostgreSQL server at ``server_url``."""
    from playwright.sync_api import sync_playwright

    from planner.tools.devserver import ROOT, Launch, serving_together
    from planner.tools.pgserver import scratch_database

    app = ROOT / "streamlit_app.py"
    with scratch_database(server_url) as url, \
            open(folder / "server-a.log", "w") as log_a, \
            open(folder / "server-b.log", "w") as log_b, \
            serving_together([Launch(app, {"PLANNER_DATABASE_URL": url}, server_log)
                              for server_log in (log_a, log_b)]) as (server_a, server_b), \
            sync_playwright() as playwright:
        url_a, url_b = server_a.url, server_b.url
        log(f"  servers A {url_a} and B {url_b} on one database")
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking"])
        try:
            # One browser context each: cookies don't tell ports apart.
            pages = [browser.new_context().new_page() for _ in range(2)]
            return two_servers_consistent(pages[0], url_a, pages[1], url_b)
        finally:
            browser.close()


# --- the section ------------------------------------------------------------------------------

def _people_figures(server_url: str, people: int, timed: Timed) -> dict:
    from planner.catalog.model import load_catalog
    from planner.journal.sample import generate
    from planner.kernel import clock
    from planner.store import Store
    from planner.tools.pgserver import scratch_database

    catalog = load_catalog()
    began = time.perf_counter()
    sessions, checkins = generate(catalog, 1, clock.now(), clock.server_zone())
    log(f"a year of sample data: {len(sessions)} sessions, {len(checkins)} check-ins "
        f"({time.perf_counter() - began:.2f} s)")
    with scratch_database(server_url) as alone_url, scratch_database(server_url) as among_url:
        alone = Store(alone_url, catalog)
        alone.sample.add(sessions, checkins)  # as "Load sample data" does
        local_id = alone.owner_id
        alone.dispose()
        analyze(alone_url)

        log(f"loading {people:,} people with that year each ...")
        began = time.perf_counter()
        loaded = load_people(among_url, sessions, checkins, people)
        load_s = round(time.perf_counter() - began, 1)
        log(f"loaded {loaded['rows']:,} rows for {loaded['owners']:,} people in {load_s} s "
            "(COPY, then VACUUM ANALYZE)")
        check_copies(alone_url, among_url, people)
        log("the copies read back as the repository's rows")
        plans = chart_query_plans(among_url, local_id)
        scans = [scan for found in plans.values() for scan in found]
        log(f"chart queries among {people:,}: " + "; ".join(scans))

        log("Insights, alone and among everyone ...")
        figures = insights_among_people(alone_url, among_url, timed)
    return {"scale_people": people, "scale_load_s": load_s,
            "scale_index_scans": bool(scans) and not any("Seq Scan" in s for s in scans),
            **figures}


def scale_figures(workdir: Path, chromium: str, people: int = PEOPLE,
                  rounds: int | None = None) -> dict:
    """The scale section's figures (see bench.py), on a throwaway PostgreSQL server, with
    ``people`` (at least 2: the one measured and another) and at most ``rounds`` timed runs
    of each kind."""
    if people < 2:
        raise ValueError("the scale section needs at least two people")
    from planner.tools.pgserver import running_postgres, server_programs

    if server_programs() is None:
        log("PostgreSQL's server programs are not installed (apt-get install postgresql): "
            "scale figures skipped")
        return {}
    began = time.perf_counter()
    with running_postgres() as server_url:
        log(f"PostgreSQL at {server_url}")
        results = _people_figures(server_url, people, Timed.at_most(rounds))
        if Path(chromium).exists():
            log("two app servers on one database ...")
            results.update(two_servers(server_url, chromium, workdir))
        else:
            log("Chromium not found: the two-server figures skipped")
    log(f"scale section: {time.perf_counter() - began:.0f} s")
    return results


def summary(results: dict) -> Iterable[str]:
    """The section's lines for the benchmark's output."""
    if "scale_people" not in results:
        return ["Scale: skipped (PostgreSQL not installed)"]
    lines = [
        f"Scale, PostgreSQL, {results['scale_people']:,} people with a year each: loaded in "
        f"{results['scale_load_s']} s; Insights for one of them "
        f"{results['scale_insights_ms_alone']} ms alone, "
        f"{results['scale_insights_ms_among_1000']} ms among them (ratio "
        f"{results['scale_insights_ratio']}, target at most 1.5); cold "
        f"{results['scale_insights_cold_ms_alone']} ms and "
        f"{results['scale_insights_cold_ms_among_1000']} ms (ratio "
        f"{results['scale_insights_cold_ratio']}); chart queries use indexes: "
        f"{results['scale_index_scans']}"]
    if "scale_two_servers_consistent" in results:
        lines.append(f"Two app servers on one database: consistent "
                     f"{results['scale_two_servers_consistent']}, a check-in saved on one shown "
                     f"on the other after {results['scale_two_servers_seen_ms']} ms")
    return lines
