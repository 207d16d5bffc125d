"""Your data on the Settings page: download a backup or the logs, import a file, delete it all.

Downloads are made when the button is pressed (not on every rerun of the page). An upload is
read and checked once; the page then shows what importing it would add, update and skip, and
imports only when asked, with a progress bar, in one transaction.
"""

from __future__ import annotations

import streamlit as st

from planner.backup.merge.model import KINDS, Counts
from planner.backup.model import Backup, backup_json
from planner.backup.reading import FileKind, read_file
from planner.backup.repo import BackupRepo
from planner.backup.spreadsheet import csv_zip
from planner.catalog.model import Catalog
from planner.kernel import clock
from planner.kernel.errors import Problem
from planner.ui.kit import account, guard, held, localtime, messages

SCOPE = "your-data"  # messages
BACKUP, LOGS, IMPORT, CANCEL = "data-backup", "data-logs", "data-import", "data-cancel"
UPLOADS = "data-uploads"  # bumped to empty the uploader after an import
IMPORT_OPEN = "data-import-open"  # the import box is open
READ = "data-read"  # (file id, what the file holds or the problem with it)
PENDING = "data-import-pending"  # the file id to import on this run
DELETE_STEP = "data-delete-step"  # 1: asked once, 2: asked twice
DELETE, DELETE_GO_ON, DELETE_NOW, DELETE_CANCEL = ("data-delete", "data-delete-continue",
                                                   "data-delete-now", "data-delete-cancel")


def uploader_key() -> str:
    return f"data-upload-{st.session_state.get(UPLOADS, 0)}"


def _downloads(backup_repo: BackupRepo) -> None:
    zone, day = localtime.zone(), localtime.today()
    with st.container(horizontal=True):
        # The files are made on the button press, in another thread: no page-state in there.
        st.download_button("Download a backup (.json)", key=BACKUP, on_click="ignore",
                           data=lambda: backup_json(backup_repo.export()),
                           file_name=f"solace-backup-{day.isoformat()}.json",
                           mime="application/json", icon=":material/download:", type="primary")
        st.download_button("Download the logs as CSV (.zip)", key=LOGS, on_click="ignore",
                           data=lambda: csv_zip(backup_repo.export(), zone),
                           file_name=f"solace-logs-{day.isoformat()}.zip",
                           mime="application/zip", icon=":material/table_view:")
    st.caption("The backup holds everything: routines, runs, sessions, check-ins, the weekly "
               "plan, experiments, daily values from a watch, your health profile and "
               "preferences. It restores here or "
               "in another Solace. The CSV files (sessions, check-ins, routines, weekly plan, "
               "a watch's values a day) "
               "open in any spreadsheet. Whoever runs Solace can also make backups on a "
               "schedule (the command python -m planner.backup export makes one).")


def _read(catalog: Catalog, upload) -> tuple[FileKind, Backup] | Problem:
    """What the uploaded file holds, or the problem with it: read once per file."""
    cached = st.session_state.get(READ)
    if cached is not None and cached[0] == upload.file_id:
        held.drawn(READ)
        return cached[1]
    held.forget(READ)  # another file's records go before this one is read
    try:
        with st.spinner("Checking the file…"):
            found: tuple[FileKind, Backup] | Problem = read_file(
                upload.name, upload.getvalue(), catalog, clock.now(), clock.latest_day())
    except Problem as problem:
        found = problem
    # Kept only while the box is drawn: left without importing, it goes (planner.ui.kit.held).
    held.keep(READ, (upload.file_id, found))
    return found


def counts_table(counts: dict[str, Counts]) -> str:
    rows = [f"| {KINDS[kind]} | {c.added:,} | {c.updated:,} | {c.skipped:,} |"
            for kind, c in counts.items() if c.total]
    return "\n".join(["| | Add | Update | Skip (already here) |", "| --- | ---: | ---: | ---: |",
                      *rows])


def summary(counts: dict[str, Counts]) -> str:
    added = sum(c.added for c in counts.values())
    updated = sum(c.updated for c in counts.values())
    skipped = sum(c.skipped for c in counts.values())
    return f"{added:,} added, {updated:,} updated, {skipped:,} already here"


def _ask_import(file_id: str) -> None:
    st.session_state[PENDING] = file_id


def _forget_upload() -> None:
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    held.forget(READ)


@guard.action(SCOPE, field="import")
def _import(backup_repo: BackupRepo, backup: Backup) -> None:
    bar = st.progress(0.0, text="Importing…")
    counts = backup_repo.restore(
        backup, progress=lambda done, what: bar.progress(done, text=f"Importing {what}…"))
    bar.empty()
    _forget_upload()
    messages.notice(SCOPE, f"Imported: {summary(counts)}.")


def _preview(backup_repo: BackupRepo, kind: FileKind, backup: Backup, file_id: str) -> None:
    try:
        counts = backup_repo.preview(backup)
    except Problem as problem:
        messages.show(problem.message, "error")
        return
    made = localtime.shown(backup.exported_at, "%d %b %Y, %H:%M")
    st.markdown("**A backup made on " + made + "**" if kind == "backup" else
                "**A CSV of check-ins** (from a CSV, only check-ins are imported)")
    st.markdown(counts_table(counts))
    if not any(c.added or c.updated for c in counts.values()):
        st.info("Everything in this file is already here, so importing it would change "
                "nothing.", icon=":material/check_circle:")
        st.button("Choose another file", key=CANCEL, on_click=_forget_upload)
        return
    st.caption("Records in the file replace the same records here (a day's check-in, a "
               "session, a routine of the same name). Nothing is deleted: what isn't in the "
               "file stays as it is. The import is all or nothing.")
    # Asked for until done: a rerun asked for meanwhile (its progress bar lets one in) stops
    # the import halfway, its transaction rolled back, and the next run imports again.
    if st.session_state.get(PENDING) == file_id:
        _import(backup_repo, backup)
        st.session_state.pop(PENDING, None)
        if messages.problem_for(SCOPE, "import") is None:
            st.rerun()  # a fresh page: the notice, and an empty uploader
        messages.show_problem(SCOPE, "import")
    with st.container(horizontal=True):
        st.button("Import", key=IMPORT, type="primary", on_click=_ask_import, args=(file_id,),
                  icon=":material/upload:")
        st.button("Cancel", key=CANCEL, on_click=_forget_upload)


def _importer(backup_repo: BackupRepo, catalog: Catalog) -> None:
    # Drawn once opened: a fresh visit to Settings then fetches none of the file box's code
    # (planner/tools/visits.py). It stays open after an import, for the next file.
    box = st.expander("Import a backup, or a CSV of check-ins", icon=":material/upload:",
                      key=IMPORT_OPEN, on_change="rerun")
    if not box.open:
        return
    with box:
        _import_box(backup_repo, catalog)


def _import_box(backup_repo: BackupRepo, catalog: Catalog) -> None:
    upload = st.file_uploader("A file to import", type=["json", "csv", "zip"],
                              key=uploader_key(),
                              help="A backup from Solace (.json), a CSV with at least day and "
                                   "stress columns, or a zip of either.")
    if upload is None:
        held.forget(READ)
        return
    found = _read(catalog, upload)
    if isinstance(found, Problem):
        messages.show(found.message, "error")
        return
    _preview(backup_repo, *found, upload.file_id)


def _ask_delete(step: int | None) -> None:
    st.session_state[DELETE_STEP] = step


@guard.action(SCOPE, field="delete")
def _delete_everything(backup_repo: BackupRepo, account_too: bool) -> None:
    backup_repo.delete_everything(account=account_too)
    st.session_state[DELETE_STEP] = None
    if account_too:
        account.closed()  # signed out on the next run
        return
    messages.notice(SCOPE, "All your data was deleted: routines, runs, sessions, check-ins, "
                           "the weekly plan, experiments, daily values from a watch, your "
                           "health profile and preferences.")


def _what_goes(counts: dict[str, int]) -> str:
    return (f"{counts['routines']:,} routines, {counts['sessions']:,} sessions, "
            f"{counts['checkins']:,} check-ins, {counts['plan']:,} weekly-plan times, "
            f"{counts['experiments']:,} experiments, {counts['measures']:,} daily values "
            "from a watch, your health profile and preferences")


def _confirm_delete(backup_repo: BackupRepo, step: int, account_too: bool) -> None:
    if step == 1:
        also = " and your account (signing in again starts afresh)" if account_too else ""
        st.warning(f"This deletes everything Solace keeps for you: "
                   f"{_what_goes(backup_repo.counts())}{also}. Download a backup first if "
                   "you may want any of it back.", icon=":material/warning:")
        with st.container(horizontal=True):
            st.button("Continue", key=DELETE_GO_ON, on_click=_ask_delete, args=(2,))
            st.button("Cancel", key=DELETE_CANCEL, on_click=_ask_delete, args=(None,))
        return
    what = "your account and all your data" if account_too else "all your data"
    st.error(f"Last check: delete {what} now? This can't be undone.",
             icon=":material/delete_forever:")
    with st.container(horizontal=True):
        st.button("Yes, delete my account" if account_too else "Yes, delete everything",
                  key=DELETE_NOW, icon=":material/delete_forever:",
                  on_click=_delete_everything,
                  args=(backup_repo, account_too))
        st.button("No, keep my data", key=DELETE_CANCEL, on_click=_ask_delete, args=(None,))


def _delete(backup_repo: BackupRepo) -> None:
    account_too = account.signed_in() is not None
    title = "Delete my account and all my data" if account_too else "Delete all my data"
    step = st.session_state.get(DELETE_STEP)
    messages.show_problem(SCOPE, "delete")
    if step is None:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(f"{title}…", key=DELETE, on_click=_ask_delete, args=(1,),
                      icon=":material/delete_forever:")
            st.caption("Everything Solace keeps for you. It asks twice first.")
        return
    with st.container(border=True):
        st.markdown(f"**{title}**")
        _confirm_delete(backup_repo, step, account_too)


def your_data(backup_repo: BackupRepo, catalog: Catalog) -> None:
    """The Settings page's section for backups, exports, imports and deleting everything."""
    st.subheader("Backup, export and import", anchor=False)
    st.write("Your records are yours: take a copy whenever you like, bring one back, or "
             "delete them all.")
    messages.show_notice(SCOPE)
    _downloads(backup_repo)
    _importer(backup_repo, catalog)
    _delete(backup_repo)
