"""Daily measures in the database: an import is all or nothing, a second import of the same
values changes nothing, and backups and "delete everything" cover them."""

from __future__ import annotations

from datetime import date

import pytest

from planner.backup.model import backup_json
from planner.backup.reading import read_file
from planner.kernel import clock
from planner.kernel.errors import Problem
from planner.watch.model import DailyMeasure


def day_values(n: int = 3, steps: float = 8000) -> list[DailyMeasure]:
    return [DailyMeasure(day=date(2026, 1, 1 + k), measure=measure, value=value,
                         source="Ann’s Apple Watch")
            for k in range(n) for measure, value in (("steps", steps + k), ("resting_hr", 58))]


def test_an_import_adds_the_values_and_the_same_import_again_changes_nothing(store):
    first = store.measures.save(day_values())
    assert (first.new, first.changed, first.unchanged) == (6, 0, 0)
    again = store.measures.preview(day_values())
    assert (again.new, again.changed, again.unchanged) == (0, 0, 6)
    version = store.frames.version()
    second = store.measures.save(day_values())
    assert (second.new, second.changed, second.unchanged) == (0, 0, 6)
    assert store.measures.count() == 6
    assert store.frames.version() == version  # nothing to redraw


def test_a_value_measured_again_differently_is_updated_not_doubled(store):
    store.measures.save(day_values())
    result = store.measures.save(day_values(steps=9000))
    assert (result.new, result.changed, result.unchanged) == (0, 3, 3)
    assert sorted(m.value for m in store.measures.all() if m.measure == "steps") == [
        9000, 9001, 9002]


def test_an_import_that_fails_halfway_writes_nothing(store, monkeypatch):
    def broken(fraction: float, what: str) -> None:
        if fraction >= 0.5:
            raise Problem("file", "stopped")

    many = [DailyMeasure(day=date.fromordinal(date(2020, 1, 1).toordinal() + k),
                         measure="steps", value=k, source="Phone") for k in range(3000)]
    with pytest.raises(Problem):
        store.measures.save(many, progress=broken)
    assert store.measures.count() == 0


def test_backup_carries_measures_and_delete_everything_removes_them(store, catalog):
    store.measures.save(day_values())
    data = backup_json(store.backup.export())
    assert store.backup.counts()["measures"] == 6
    store.backup.delete_everything()
    assert store.measures.count() == 0
    now = clock.now()
    _, backup = read_file("backup.json", data, catalog, now, clock.today(clock.server_zone()))
    counts = store.backup.restore(backup)
    assert counts["measures"].added == 6
    assert sorted((m.day, m.measure, m.value, m.source) for m in store.measures.all()) == sorted(
        (m.day, m.measure, m.value, m.source) for m in day_values())
    assert store.backup.restore(backup)["measures"].skipped == 6


def test_the_command_line_imports_an_export_once_and_refuses_a_bad_one(
        store, url, tmp_path, monkeypatch, capsys):
    from planner.watch import __main__ as cli
    from tests.watch.exports import export_xml, export_zip

    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    path = tmp_path / "export.zip"
    path.write_bytes(export_zip())
    assert cli.main(["import", "--dry-run", str(path)]) == 0
    assert "8 daily values added" in capsys.readouterr().out and store.measures.count() == 0
    assert cli.main(["import", str(path)]) == 0
    assert store.measures.count() == 8
    assert cli.main(["import", str(path)]) == 0
    assert "0 daily values added, 0 changed, 8 already here" in capsys.readouterr().out
    path.write_bytes(export_xml()[:-60])
    assert cli.main(["import", str(path)]) == 1
    assert "ends early or is damaged" in capsys.readouterr().err
