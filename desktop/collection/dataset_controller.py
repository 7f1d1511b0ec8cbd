"""The dataset browser's commands: show the person's drawings, delete (undoable), relabel, import, export.

Undo covers deletes, relabels and imports of this session (the store hides deleted drawings until the
app closes; undoing an import deletes what it added, as one step). Imports and exports run on a worker
thread behind a window-modal progress dialog with Cancel, one at a time; the report (how many of each
kind, bad files and lines by name with the reason) appears in the browser.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.collection.personal_drawings import PersonalDrawings
from desktop.common.actions import new_action
from desktop.common.background_work import BackgroundTask
from desktop.common.file_dialogs import LastFolder, ask_save_path_and_kind
from desktop.common.notices import Notices
from desktop.common.plain_text import plain_label
from desktop.drawing.list_model import DrawingListModel
from desktop.drawing.thumbnails import ThumbnailCache, thumbnail
from desktop.widgets.dataset_browser import DatasetBrowser
from model.alphabet import Alphabet
from model.drawing_store import StoreError
from model.wording import counted

IMPORT_FILTER = "Drawings (*.json *.ndjson *.jsonl *.png);;All files (*)"
# The export dialog's kinds of file, by the name the dialog shows: model.drawing_exchange.EXPORT_KINDS
EXPORT_KINDS = {"Runesight drawings, lossless (*.ndjson *.jsonl)": "lossless",
                "Quick, Draw! simplified: strokes only, 0-255 (*.ndjson)": "quickdraw"}
UNDO_DEPTH = 50
SHUTDOWN_WAIT_S = 5.0
THUMBNAILS_PER_CHUNK = 4  # read and painted at once (about 5 ms on the 2-core machine)
PAINT_BUDGET_S = 0.04  # chunks painted before the event loop gets a turn
WANTED_MOST = 400  # thumbnails waiting to be painted: the ones asked for last (a fast scroll asks for many)


class DatasetController(QObject):
    """Receives the drawings, the alphabet, the folder file dialogs open in and the window that parents the
    browser; gives the window its action."""

    def __init__(self, drawings: PersonalDrawings | None, alphabet: Alphabet, last_folder: LastFolder,
                 notices: Notices, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.drawings, self.alphabet, self.last_folder, self.notices = drawings, alphabet, last_folder, notices
        self.browser: DatasetBrowser | None = None
        self.task: BackgroundTask | None = None  # the import or export running
        self._thumbnails = ThumbnailCache()
        self._unpainted: dict[int, None] = {}  # drawings on screen whose thumbnails are still to paint, newest last
        self._paint_timer = QTimer(self, singleShot=True, interval=0)
        self._paint_timer.timeout.connect(self._paint_some)
        self._undo: list[tuple[str, str, dict[int, str]]] = []  # (kind, description, {id: label before})
        self.action = new_action(parent, "Your &drawings…", self.show_browser, QKeySequence("Ctrl+D"),
                                 icon_text="Your drawings",
                                 tip="Browse your drawings: counts per rune, delete, relabel, import, export (Ctrl+D)")
        self.action.setEnabled(drawings is not None)
        if drawings is not None:
            drawings.changed.connect(self.refresh)

    # --- the window -------------------------------------------------------------------------------
    def show_browser(self) -> DatasetBrowser | None:
        if self.drawings is None:
            return None
        if self.browser is None:
            model = DrawingListModel(self.drawings.store.entries, self._thumbnails, self)
            model.thumbnail_missing.connect(self._want_thumbnail)
            browser = DatasetBrowser(self.alphabet, model, self._parent)
            browser.filter_changed.connect(lambda _name: self.refresh())
            browser.delete_requested.connect(self.delete)
            browser.relabel_requested.connect(self.relabel)
            browser.undo_requested.connect(self.undo)
            browser.import_files_requested.connect(self.ask_import_files)
            browser.import_folder_requested.connect(self.ask_import_folder)
            browser.export_requested.connect(self.ask_export)
            self.browser = browser
        self.browser.show()
        self.refresh()
        self.browser.raise_()
        self.browser.activateWindow()
        return self.browser

    def refresh(self) -> None:
        """Counts and the ids shown from the store (the list reads the rest for what is on screen). Not while
        the browser is hidden (showing it refreshes)."""
        if self.browser is None or self.drawings is None or not self.browser.isVisible():
            return
        try:
            counts, ids = self.drawings.counts(), self.drawings.store.ids(self.browser.current_filter)
        except StoreError as error:  # a database gone bad meanwhile: say so, keep what is shown
            self._say(f"Your drawings could not be read: {error}.", "error")
            return
        self.browser.set_counts(counts)
        self.browser.set_ids(ids)
        self.browser.set_undo_text(self._undo[-1][1] if self._undo else None)

    def _want_thumbnail(self, drawing_id: int) -> None:
        self._unpainted.pop(drawing_id, None)
        self._unpainted[drawing_id] = None
        while len(self._unpainted) > WANTED_MOST:
            del self._unpainted[next(iter(self._unpainted))]
        if not self._paint_timer.isActive():
            self._paint_timer.start()

    def _paint_some(self) -> None:
        """Paint missing thumbnails of drawings on screen, the ones asked for last first, for a few tens of
        ms; then let the window breathe before the next (one timer, so refreshes never start a second
        chain; none while the browser is hidden: showing it asks again)."""
        if self.browser is None or not self.browser.isVisible():
            self._unpainted.clear()
            return
        started = time.perf_counter()
        while self._unpainted and time.perf_counter() - started < PAINT_BUDGET_S:
            chunk = []
            while self._unpainted and len(chunk) < THUMBNAILS_PER_CHUNK:
                drawing_id, _ = self._unpainted.popitem()  # the newest: where the person is looking now
                if drawing_id not in self._thumbnails and self.browser.on_screen(drawing_id):
                    chunk.append(drawing_id)
            try:
                stored_drawings = self.drawings.store.get_many(chunk)  # one deleted meanwhile is left out
            except StoreError:  # the database closed or went bad: its tiles stay blank paper
                self._unpainted.clear()
                return
            for stored in stored_drawings:
                self._thumbnails.put(stored.entry.id, thumbnail(stored.sample))
                self.browser.drawings.thumbnail_ready(stored.entry.id)
        if self._unpainted:
            self._paint_timer.start()

    # --- changes ----------------------------------------------------------------------------------
    def _remember(self, kind: str, description: str, before: dict[int, str]) -> None:
        self._undo = [*self._undo, (kind, description, before)][-UNDO_DEPTH:]

    def _labels(self, ids: list[int]) -> dict[int, str]:
        """{id: label} of these drawings, in one query; StoreError names one that is not there."""
        labels = {entry.id: entry.label for entry in self.drawings.store.entries(ids)}
        if missing := [drawing_id for drawing_id in ids if drawing_id not in labels]:
            raise StoreError(f"there is no drawing {missing[0]}")
        return {drawing_id: labels[drawing_id] for drawing_id in ids}

    def delete(self, ids: list[int]) -> None:
        if not ids:
            return
        try:
            before = self._labels(ids)
        except StoreError as error:
            self._say(f"Could not delete: {error}.", "error")
            return
        self._remember("delete", f"Undo delete of {counted(len(ids), 'drawing')}", before)
        try:
            self.drawings.delete(ids)
        except StoreError as error:  # a read-only or busy database: nothing was deleted, nothing to undo
            self._undo.pop()
            self._say(f"Could not delete: {error}.", "error")
            self.refresh()
            return
        self._say(f"Deleted {counted(len(ids), 'drawing')}. "
                  f"Undo (Ctrl+Z) brings {'it' if len(ids) == 1 else 'them'} back.")

    def relabel(self, ids: list[int], label: str) -> None:
        try:
            before = self._labels(ids)
        except StoreError as error:
            self._say(f"Could not relabel: {error}.", "error")
            return
        changing = [drawing_id for drawing_id, old in before.items() if old != label]
        if not changing:
            return
        try:
            self.drawings.relabel(changing, label)
        except StoreError as error:
            self._say(f"Could not relabel: {error}.", "error")
            return
        self._remember("relabel", f"Undo relabel of {counted(len(changing), 'drawing')}",
                       {i: before[i] for i in changing})
        if self.browser is not None:  # the relabel refreshed the browser already, before this undo was known
            self.browser.set_undo_text(self._undo[-1][1])
        self._say(f"{counted(len(changing), 'drawing').capitalize()} now labelled {label}.")

    def undo(self) -> None:
        if not self._undo:
            return
        kind, _, before = self._undo.pop()
        try:
            if kind == "delete":
                self.drawings.restore(list(before))
                self._say(f"Brought back {counted(len(before), 'drawing')}.")
            elif kind == "import":
                self.drawings.delete(list(before))
                self._say(f"Removed the {counted(len(before), 'drawing')} that the import added.")
            else:
                for label in dict.fromkeys(before.values()):
                    self.drawings.store.relabel(label, *(i for i, old in before.items() if old == label))
                self.drawings.announce()
                self._say(f"{counted(len(before), 'drawing').capitalize()} back under {_names(before.values())}.")
        except StoreError as error:
            self._say(f"Could not undo: {error}.", "error")
            self.refresh()  # a change that went through refreshed the browser already (drawings.changed)

    def _say(self, text: str, kind: str = "ok") -> None:
        if self.browser is not None:
            self.browser.show_report(text, kind)
        self.notices.status(text.splitlines()[0], 5000)

    # --- import and export ------------------------------------------------------------------------
    def ask_import_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self.browser, "Import drawings", self.last_folder.get(),
                                                 IMPORT_FILTER)
        if chosen:
            self.import_paths([Path(path) for path in chosen])

    def ask_import_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self.browser, "Import a folder of drawings",
                                                  self.last_folder.get())
        if chosen:
            self.import_paths([Path(chosen)])

    def _in_background(self, title: str, text: str, work, done, failed, cancelled) -> BackgroundTask | None:
        """Run `work(progress)` on a worker thread behind a window-modal progress dialog with Cancel; one
        import or export at a time. `done(result)`, `failed(message)`, `cancelled()` follow on this thread."""
        if self.task is not None:  # until its last signal has arrived, not only until its thread ends
            self._say("An import or export is still running (or stopping); try again when it has finished.", "warn")
            return None
        task = BackgroundTask(work, self)
        dialog = QProgressDialog(text, "Cancel", 0, 0, self.browser or self._parent)
        dialog.setLabel(plain_label(text))  # the text names a file
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick ones never flash a dialog
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)
        task.progress.connect(lambda news: (dialog.setMaximum(news[1]), dialog.setValue(news[0])))

        def ended(then, *args) -> None:
            dialog.reset()
            dialog.deleteLater()
            if self.task is task:
                self.task = None
            then(*args)

        task.finished.connect(lambda result: ended(done, result))
        task.failed.connect(lambda message: ended(failed, message))
        task.cancelled.connect(lambda: ended(cancelled))
        self.task = task
        task.start()
        return task

    def import_paths(self, paths: list[Path]) -> BackgroundTask | None:
        """Import files and folders on a worker thread; the report shows in the browser when done."""
        if self.drawings is None:
            return None
        from model.drawing_exchange import ImportReport, import_drawings

        store, imported = self.drawings.store, ImportReport()  # filled as it goes, so a cancel knows what came in

        def finish(text: str, kind: str) -> None:
            if imported.ids:
                self._remember("import", f"Undo import of {counted(len(imported.ids), 'drawing')}",
                               dict.fromkeys(imported.ids, ""))
            self.drawings.announce()
            self._say(text, kind)

        task = self._in_background(
            "Import", "Importing drawings…", lambda progress: import_drawings(store, paths, progress, imported),
            done=lambda report: finish(_report_text(report), "warn" if report.bad or report.conflicts else "ok"),
            failed=lambda message: finish(f"The import stopped: {message}", "error"),
            cancelled=lambda: finish(
                f"Import cancelled; {counted(len(imported.ids), 'drawing')} had been imported by then and are kept"
                f"{' (Undo removes them)' if imported.ids else ''}.", "warn"))
        if task is not None:
            self.last_folder.remember(Path(paths[0]))
        return task

    def shutdown(self) -> None:
        """The window closes: an import or export stops within a few drawings (what an import saved so far
        is kept; an export leaves no half-written file)."""
        self._paint_timer.stop()
        self._unpainted.clear()
        if self.task is not None:
            self.task.cancel()
            self.task.wait(SHUTDOWN_WAIT_S)

    def ask_export(self) -> None:
        name = f"runesight-{self.browser.current_filter or 'drawings'}.ndjson"
        start = Path(self.last_folder.get()) / name
        if chosen := ask_save_path_and_kind(self.browser, "Export drawings", start, list(EXPORT_KINDS), "ndjson"):
            path, kind = chosen
            self.export_to(path, EXPORT_KINDS.get(kind, "lossless"))

    def export_to(self, path: Path, kind: str = "lossless") -> BackgroundTask | None:
        """Write the drawings shown (all, or one rune's) to a JSON Lines file, on a worker thread: our own
        lossless lines, or ("quickdraw") the Quick, Draw! data set's simplified format."""
        from model.drawing_exchange import export_drawings

        path = Path(path)
        if path.suffix.lower() not in (".ndjson", ".jsonl"):
            path = path.with_name(path.name + ".ndjson")
        label = self.browser.current_filter if self.browser is not None else None
        store = self.drawings.store

        def exported(result) -> None:  # model.drawing_exchange.Exported
            self.last_folder.remember(path)
            count, damaged, without_strokes = result
            self._say(f"Exported {counted(count, 'drawing')} to {path}" + (
                " in Quick, Draw!'s simplified format." if kind == "quickdraw" else ".") + (
                f" {counted(without_strokes, 'picture')} without strokes left out (the format has strokes only)."
                if without_strokes else "") + (
                f" {counted(damaged, 'stored drawing')} could not be read (damaged) and left out." if damaged else ""))

        return self._in_background(
            "Export", f"Exporting drawings to {path.name}…",
            lambda progress: export_drawings(store, path, label, progress, kind),
            done=exported, failed=lambda message: self._say(f"Could not export to {path}: {message}", "error"),
            cancelled=lambda: self._say(f"Export cancelled; {path.name} was not written.", "warn"))


def _names(labels) -> str:
    return ", ".join(dict.fromkeys(labels))


def _report_text(report) -> str:
    """The store's import summary, plus how many of each rune came in."""
    text = report.summary()
    per_rune = ", ".join(f"{name} {count}" for name, count in report.by_rune.items() if count)
    if per_rune:
        first, _, rest = text.partition("\n")
        text = f"{first} Undo (Ctrl+Z) removes them again.\nPer rune: {per_rune}." + (f"\n{rest}" if rest else "")
    return text
