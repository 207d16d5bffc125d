"""Settings: download a backup and the logs, import with a preview, delete everything after
asking twice."""

from __future__ import annotations

import io
import json
import zipfile

from planner.backup.model import SCHEMA_VERSION, backup_json
from planner.kernel import clock
from planner.store import Store
from tests.backup.test_repo import fill, parsed, rows, same
from tests.helpers import Downloads, app_store, everything, shown


def button(app, label: str):
    (found,) = [b for b in app.get("download_button") if b.proto.label == label]
    return found


def upload(app, name: str, content: bytes, mime: str = "application/json"):
    """Open the import box (drawn only when open) and hand it the file."""
    if not app.get("file_uploader"):
        app.session_state["data-import-open"] = True
        app.run()
    (uploader,) = app.get("file_uploader")
    uploader.set_value((name, content, mime))
    return app.run()


def test_the_backup_and_the_logs_download_from_settings(open_page, monkeypatch, frozen_clock):
    fill(app_store())
    downloads = Downloads(monkeypatch)
    app = open_page("settings")
    data = downloads.content(button(app, "Download a backup (.json)"))
    assert json.loads(data)["schema_version"] == SCHEMA_VERSION
    assert same(parsed(app_store(), data), app_store().backup.export())  # everything, as it is
    logs = downloads.content(button(app, "Download the logs as CSV (.zip)"))
    with zipfile.ZipFile(io.BytesIO(logs)) as archive:
        assert "checkins.csv" in archive.namelist()


def test_a_backup_is_previewed_then_imported_and_a_second_time_changes_nothing(
        open_page, second_database, frozen_clock):
    source = Store(second_database("other"))
    fill(source)
    data = backup_json(source.backup.export())
    app = upload(open_page("settings"), "solace-backup.json", data)
    table = next(m for m in (m.value for m in app.markdown) if "| Add |" in m)
    sessions = len(source.sessions.list())
    assert f"| Sessions | {sessions:,} | 0 | 0 |" in table
    assert rows(app_store())["sessions"] == 0  # the preview wrote nothing

    app.button(key="data-import").click().run()
    assert any(s.startswith("Imported: ") for s in shown(app.success))
    assert rows(app_store()) == rows(source)
    assert not app.get("file_uploader")[0].value  # emptied for the next file

    app = upload(app, "solace-backup.json", data)
    assert "already here, so importing it would change nothing" in everything(app)
    assert not [b for b in app.button if b.key == "data-import"]


def test_a_bad_file_is_refused_with_where_and_nothing_is_written(open_page, frozen_clock):
    text = (b'{"format": "solace-backup", "schema_version": 1, "exported_at": '
            b'"2026-01-01T00:00:00Z",\n"checkins": [\n{"day": "2026-01-01", "stress": 4, '
            b'"swelling": 1, "pain": 1},\n{"day": "2026-01-02", "stress": 4, "swelling": 1, '
            b'"pain": 11}\n]}')
    app = upload(open_page("settings"), "edited.json", text)
    assert any("Line 4, check-in 2, field “pain”: a rating is a whole number from 0 to 10. "
               "Nothing was imported." in e for e in shown(app.error))
    assert not [b for b in app.button if b.key == "data-import"]
    assert rows(app_store())["checkins"] == 0


def test_a_backup_with_a_number_too_long_to_read_gets_a_message_not_a_traceback(open_page,
                                                                                frozen_clock):
    text = (b'{"format": "solace-backup", "schema_version": 3, "exported_at": '
            b'"2026-01-01T00:00:00Z",\n"checkins": [\n{"day": "2026-01-01", "stress": '
            + b"4" * 5000 + b', "swelling": 1, "pain": 1}\n]}')
    app = upload(open_page("settings"), "edited.json", text)
    assert not app.exception
    assert any(e.startswith("Line 3: a number is 5,000 digits long")
               and e.endswith("Nothing was imported.") for e in shown(app.error))
    assert not [b for b in app.button if b.key == "data-import"]


def progress_bars(monkeypatch) -> list[tuple[int, str]]:
    """Every progress bar the page sends the browser, as (percent, text), in order. AppTest
    shows only the page as it ends (app.progress), and the import clears its bar when done."""
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    sent: list[tuple[int, str]] = []
    enqueue = ForwardMsgQueue.enqueue

    def recording(self, msg):
        element = msg.delta.new_element if msg.HasField("delta") else None
        if element is not None and element.WhichOneof("type") == "progress":
            sent.append((element.progress.value, element.progress.text))
        return enqueue(self, msg)

    monkeypatch.setattr(ForwardMsgQueue, "enqueue", recording)
    return sent


def test_importing_a_large_file_shows_a_progress_bar(open_page, second_database,
                                                     monkeypatch, frozen_clock):
    source = Store(second_database("other"))
    fill(source, years=2)
    app = upload(open_page("settings"), "solace-backup.json",
                 backup_json(source.backup.export()))
    bars = progress_bars(monkeypatch)
    app.button(key="data-import").click().run()
    assert bars[0] == (0, "Importing…")
    values = [value for value, _ in bars]
    assert len(bars) > 5 and values == sorted(values) and values[-1] == 100
    assert {"Importing sessions…", "Importing check-ins…"} <= {text for _, text in bars}
    assert not app.progress  # gone once the import is done
    assert any(s.startswith("Imported: ") for s in shown(app.success))


def test_a_csv_of_check_ins_imports(open_page, frozen_clock):
    day = clock.today(clock.server_zone()).isoformat()
    app = upload(open_page("settings"), "checkins.csv",
                 f"day,stress,swelling,pain,notes\n{day},3,1,0,'=from a sheet\n".encode(),
                 "text/csv")
    assert "A CSV of check-ins" in everything(app)
    app.button(key="data-import").click().run()
    (checkin,) = app_store().checkins.list()
    assert (checkin.stress, checkin.notes) == (3, "=from a sheet")


def test_a_file_previewed_but_not_imported_is_dropped_when_the_box_closes(open_page,
                                                                        frozen_clock):
    day = clock.today(clock.server_zone()).isoformat()
    app = upload(open_page("settings"), "checkins.csv", f"day,stress\n{day},3\n".encode(),
                 "text/csv")
    assert "A CSV of check-ins" in everything(app) and "data-read" in app.session_state
    app.session_state["data-import-open"] = False
    app.run()
    assert "data-read" not in app.session_state
    assert app_store().checkins.list() == []


def test_deleting_all_data_asks_twice(open_page, frozen_clock):
    fill(app_store())
    app = open_page("settings")
    app.button(key="data-delete").click().run()
    warning = " ".join(shown(app.warning))
    assert "This deletes everything" in warning and "sessions" in warning
    app.button(key="data-delete-cancel").click().run()
    assert rows(app_store())["sessions"] > 0 and not app.warning

    app.button(key="data-delete").click().run()
    app.button(key="data-delete-continue").click().run()
    assert any("Last check" in e for e in shown(app.error))
    assert rows(app_store())["sessions"] > 0  # asked twice, nothing gone yet
    app.button(key="data-delete-now").click().run()
    assert any("All your data was deleted" in s for s in shown(app.success))
    assert all(count == 0 for count in rows(app_store()).values())


def test_an_import_stopped_halfway_by_a_rerun_is_done_by_the_next_run(open_page,
                                                                      second_database,
                                                                      monkeypatch,
                                                                      frozen_clock):
    """A click elsewhere while the import runs asks for a rerun, and Streamlit stops the run
    at the import's next progress update: the import's transaction is rolled back, and the
    Import the person pressed must still happen (it was once lost: seen in the browser)."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    from planner.backup.repo import BackupRepo

    source = Store(second_database("other"))
    fill(source)
    app = upload(open_page("settings"), "solace-backup.json", backup_json(source.backup.export()))
    restore, stopped = BackupRepo.restore, []

    def stopped_once(self, backup, progress=None):
        def interrupting(done, what):
            if not stopped:
                stopped.append(what)
                here = get_script_run_ctx().page_script_hash  # the browser asks for its page
                raise RerunException(RerunData(page_script_hash=here))
            progress(done, what)

        return restore(self, backup, progress=interrupting)

    monkeypatch.setattr(BackupRepo, "restore", stopped_once)
    app.button(key="data-import").click().run()
    assert stopped and rows(app_store()) == rows(source)  # imported once, whole
    assert any(s.startswith("Imported: ") for s in shown(app.success))
