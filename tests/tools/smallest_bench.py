"""Each section of the benchmark run as a person runs it (``python -m planner.tools.bench
--only SECTION``), at its smallest size: what tests/tools/test_bench.py and
tests/browser/test_bench_browser.py share.

A run at the smallest size takes seconds and measures nothing worth reading, but it goes
through every step of the section, its checks of what the pages show included, to the JSON
line: a change to a page that breaks its benchmark fails here, not months later.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from planner.tools.hostile import KINDS

ROOT = Path(__file__).resolve().parents[2]
SMALLEST = {
    "run": {"--run-seconds": "3", "--rounds": "1"},
    "insights": {"--years": "0.1", "--rounds": "1"},
    "backup": {"--years": "0.1", "--rounds": "1"},
    "scale": {"--people": "2", "--rounds": "1"},
    "visits": {"--years": "0.1", "--rounds": "1", "--pages": "insights"},
    "stats": {"--years": "0.1", "--rounds": "1"},
    "report": {"--years": "0.1", "--rounds": "1"},
    "watch": {"--watch-records": "3000", "--garmin-days": "2"},
}
# Every figure each section puts on its JSON line (the names bench.py documents).
KEYS = {
    "run": {"run_rerun_ms_median", "run_seconds", "run_messages_60s", "run_step_changes_60s",
            "run_trigger_late_ms_max"},
    "insights": {"chart_bytes", "insights_ms_median", "insights_cold_ms_median",
                 "insights_1y_ms_median", "log_ms_median", "insights_watch_ms_median"},
    "backup": {"backup_export_ms", "backup_mb", "backup_read_ms", "backup_import_ms",
               "backup_reimport_ms", "csv_export_ms",
               *(f"hostile_{kind}_{figure}" for kind in KINDS
                 for figure in ("peak_mb", "after_mb", "s"))},
    "scale": {"scale_people", "scale_load_s", "scale_index_scans", "scale_insights_ms_alone",
              "scale_insights_ms_among_1000", "scale_insights_ratio",
              "scale_insights_cold_ms_alone", "scale_insights_cold_ms_among_1000",
              "scale_insights_cold_ratio", "scale_two_servers_consistent",
              "scale_two_servers_seen_ms"},
    "visits": {
        "bare_visit_s", "bare_visit_cpu_s", "bare_like_solace_visit_s",
        "bare_like_solace_visit_cpu_s", "bare_chart_visit_s", "bare_chart_visit_cpu_s",
        "insights_to_bare_chart_ratio", "returning_bare_visit_s", "returning_bare_chart_visit_s",
        "returning_insights_visit_s", "returning_bare_chart_visit_ratio",
        "returning_insights_visit_ratio", "returning_library_visit_s",
        "returning_library_visit_ratio", "insights_first_visit_s", "insights_first_visit_cpu_s",
        "insights_first_to_warm_ratio", "insights_at_start_visit_s",
        "insights_at_start_visit_cpu_s", "insights_at_start_to_warm_ratio",
        "picture_after_heading_s", "tap_to_live_chart_s", "vega_ready_after_picture_s",
        *(f"{page}_{figure}" for page in ["insights"]
          for figure in ("visit_s", "visit_cpu_s", "visit_ratio", "cpu_ratio",
                         "visit_ratio_iqr", "cpu_ratio_iqr", "to_bare_like_solace"))},
    "stats": {"stats_compare_10y_ms", "stats_promise_cold_ms", "stats_promise_four_cold_ms",
              "stats_plan_form_cold_ms", "stats_promise_watch_cold_ms"},
    "report": {"report_1y_s", "report_1y_cpu_s", "report_first_s", "report_pages", "report_kb"},
    "watch": {"watch_records", "watch_mb", "watch_daily_values", "watch_read_s",
              "watch_import_s", "watch_records_per_s", "watch_mb_per_s",
              "watch_peak_mb_above_idle", "watch_import_cpu_s", "watch_reimport_s",
              "watch_2gb_estimate_s", "watch_2gb_estimate_cpu_s",
              "garmin_days", "garmin_files", "garmin_zip_mb", "garmin_messages",
              "garmin_import_s", "garmin_import_cpu_s", "garmin_messages_per_s",
              "garmin_peak_mb_above_idle", "garmin_year_estimate_s",
              "garmin_year_estimate_cpu_s"},
}
TIMEOUT_S = 300  # far beyond a smallest run, so only a hang ends it


def run_sections(*sections: str) -> dict:
    """The figures on the last line the sections print, run together at their smallest size
    (``--only`` with a comma between: one process, where each apart paid Python's start and
    the libraries' imports again)."""
    options: dict[str, str] = {}
    for section in sections:
        for option, value in SMALLEST[section].items():
            assert options.setdefault(option, value) == value, f"{option} differs in {section}"
    command = [sys.executable, "-m", "planner.tools.bench", "--only", ",".join(sections),
               *(word for option in options.items() for word in option)]
    # Figures that measure nothing need no full browser: the headless shell, where installed.
    shell = shutil.which("chromium-headless-shell")
    env = {**os.environ, **({"SOLACE_BENCH_CHROMIUM": shell} if shell else {})}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=env)
    said = f"{' '.join(command[1:])}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    assert done.returncode == 0, said
    lines = done.stdout.strip().splitlines()
    assert lines, said
    return json.loads(lines[-1])


def assert_every_figure(figures: dict, *sections: str) -> None:
    """Every figure of each section is on the line, none missing (None), none other."""
    expected = set().union(*(KEYS[section] for section in sections))
    assert set(figures) == expected, set(figures) ^ expected
    assert [key for key, value in figures.items() if value is None] == []
