"""Daily values from a watch on the Settings page: upload Apple Health's or Health Connect's
export, or Garmin .fit files, see what it holds and what importing it would change, then
import it all or nothing.

The upload is read once (with a progress bar); only the daily values are kept in the page's
state, never the file, and the uploader is emptied after the import. Those values are kept
only while the section is drawn (planner.ui.kit.held): a person who removes the file, uploads
another, closes the box or goes to another page without importing leaves nothing behind.
"""

from __future__ import annotations

import streamlit as st

from planner.kernel import limits
from planner.kernel.errors import Problem
from planner.ui.kit import guard, held, messages
from planner.watch.model import DailyMeasure, Preview
from planner.watch.reading import read_export
from planner.watch.repo import MeasureRepo

SCOPE = "watch"  # messages
OPEN = "watch-open"  # the box is open
UPLOADS = "watch-uploads"  # bumped to empty the uploader after an import
READ = "watch-read"  # (file id, the daily values or the problem with the file)
PENDING = "watch-pending"  # the file id to import on this run
IMPORT, CANCEL = "watch-import", "watch-cancel"


def _uploader_key() -> str:
    return f"watch-upload-{st.session_state.get(UPLOADS, 0)}"


def _forget_upload() -> None:
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    held.forget(READ)


def _ask_import(file_id: str) -> None:
    st.session_state[PENDING] = file_id


def _read(upload) -> list[DailyMeasure] | Problem:
    cached = st.session_state.get(READ)
    if cached is not None and cached[0] == upload.file_id:
        held.drawn(READ)
        return cached[1]
    held.forget(READ)  # another file's values go before this one is read
    bar = st.progress(0.0, text="Reading the export…")
    try:
        found: list[DailyMeasure] | Problem = read_export(
            upload, progress=lambda done, what: bar.progress(done, text=f"{what}…"))
    except Problem as problem:
        found = problem
    bar.empty()
    held.keep(READ, (upload.file_id, found))
    return found


IN_A_LIST = {"resting_hr": "resting heart rate", "hrv_sdnn": "HRV", "sleep_minutes": "sleep",
             "steps": "steps"}


def _days(count: int) -> str:
    return f"{count:,} day" + ("" if count == 1 else "s")


def _some(count: int) -> str:
    return f"{count:,}" if count else "none"


def preview_lines(preview: Preview) -> list[str]:
    """What the export holds and what importing it would do, in a few plain lines."""
    span = (f"{preview.first:%d %b %Y} to {preview.last:%d %b %Y}" if preview.first
            else "no days")
    measures = ", ".join(f"{IN_A_LIST[m]} on {_days(n)}"
                         for m, n in preview.per_measure().items())
    return [f"**{_days(preview.days)}**, {span}: {measures}.",
            f"From {', '.join(f'“{s}”' for s in preview.sources)}.",
            f"Importing adds {preview.new:,} daily values ({_some(preview.changed)} here "
            f"change, {_some(preview.unchanged)} are here already)."]


@guard.action(SCOPE, field="import")
def _import(repo: MeasureRepo, records: list[DailyMeasure]) -> None:
    bar = st.progress(0.0, text="Importing…")
    result = repo.save(records, progress=lambda done, what: bar.progress(done, text=f"{what}…"))
    bar.empty()
    _forget_upload()
    messages.notice(SCOPE, f"Imported: {result.new:,} daily values added, {result.changed:,} "
                           f"changed, {result.unchanged:,} already here.")


def _preview(repo: MeasureRepo, records: list[DailyMeasure], file_id: str) -> None:
    preview = repo.preview(records)
    for line in preview_lines(preview):
        st.markdown(line)
    if not (preview.new or preview.changed):
        st.info("Every value in this export is already here, so importing it would change "
                "nothing.", icon=":material/check_circle:")
        st.button("Choose another file", key=CANCEL, on_click=_forget_upload)
        return
    # Asked for until done: a rerun asked for meanwhile (its progress bar lets one in) stops
    # the import halfway, its transaction rolled back, and the next run imports again.
    if st.session_state.get(PENDING) == file_id:
        _import(repo, records)
        st.session_state.pop(PENDING, None)
        if messages.problem_for(SCOPE, "import") is None:
            st.rerun()  # a fresh page: the notice, and an empty uploader
        messages.show_problem(SCOPE, "import")
    with st.container(horizontal=True):
        st.button("Import", key=IMPORT, type="primary", on_click=_ask_import, args=(file_id,),
                  icon=":material/upload:")
        st.button("Cancel", key=CANCEL, on_click=_forget_upload)


def _box(repo: MeasureRepo) -> None:
    st.caption("iPhone: in the Health app, tap your picture, then “Export All Health Data”, "
               "and upload the export.zip it makes. Android: in Health Connect, choose "
               "“Export data” and upload its zip. Garmin: upload a .fit file, or a zip of "
               ".fit files (the watch's Monitor and Sleep folders, or Garmin Connect's daily "
               "wellness download). Solace keeps only resting heart rate, heart-rate "
               "variability, sleep and steps, one value a day, and not the file. For an "
               f"export over {limits.WATCH_UPLOAD_MB} MB, use the command python -m "
               "planner.watch import.")
    upload = st.file_uploader("Apple Health, Health Connect or Garmin export",
                              type=["zip", "xml", "fit"],
                              key=_uploader_key(), max_upload_size=limits.WATCH_UPLOAD_MB)
    if upload is None:
        held.forget(READ)
        return
    found = _read(upload)
    if isinstance(found, Problem):
        messages.show(found.message, "error")
        return
    _preview(repo, found, upload.file_id)


def watch_data(repo: MeasureRepo) -> None:
    """The Settings page's section for a watch's daily values."""
    st.subheader("From your watch", anchor=False)
    messages.show_notice(SCOPE)
    box = st.expander("Import resting heart rate, HRV, sleep and steps",
                      icon=":material/watch:", key=OPEN, on_change="rerun")
    if not box.open:  # drawn once opened, as the backup import
        return
    with box:
        _box(repo)
