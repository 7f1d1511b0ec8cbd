"""The person's own drawings, for the window: the drawing store plus a signal when it changes.

Collect mode, corrections, the dataset browser and the retrain dialog all write and read through one
`PersonalDrawings`, so every view of the counts follows every change. The store itself
(`model.drawing_store`) is SQLite with one transaction per save; it is thread-safe, so an import can
run on a worker thread and call `announce()` when it is done.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QObject, Signal

from model.alphabet import Alphabet
from model.drawing import Sample
from model.drawing_store import CannotWrite, DrawingStore, NewerStore, StoreError
from model.user_folders import data_dir, folder_problem


class PersonalDrawings(QObject):
    changed = Signal()  # something was added, deleted, restored or relabelled

    def __init__(self, store: DrawingStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store

    @property
    def alphabet(self) -> Alphabet:
        return self.store.alphabet

    def counts(self) -> dict[str, int]:
        return self.store.counts_by_label()

    def add(self, sample: Sample, source: str) -> int:
        """Save a labelled drawing; raises StoreError (the message says why, for a person)."""
        drawing_id = self.store.add(sample, source)
        self.changed.emit()
        return drawing_id

    def delete(self, ids: list[int]) -> None:
        """All of them or, raising StoreError, none (so the undo that goes with them stays true)."""
        self.store.delete(*ids)
        self.changed.emit()

    def restore(self, ids: list[int]) -> None:
        self.store.restore(*ids)
        self.changed.emit()

    def relabel(self, ids: list[int], label: str) -> None:
        self.store.relabel(label, *ids)
        self.changed.emit()

    def announce(self) -> None:
        """Tell the views that the store changed behind this object's back (an import on a thread)."""
        self.changed.emit()

    def close(self) -> None:
        """At shut-down: the drawings deleted here go for good (undo lasts one session; another window's
        deletions stay for it to undo), then the file closes."""
        with suppress(StoreError):  # another Runesight may hold the database: the rows go next time
            self.store.purge_deleted()
        self.store.close()


def open_personal_drawings(parent: QObject | None = None) -> tuple[PersonalDrawings | None, str | None]:
    """Open the store in the data folder: (drawings, message for the banner) or (None, why not)."""
    try:
        store = DrawingStore()
    except NewerStore as error:  # the person's drawings are all there, for the newer Runesight: not touched
        return None, (f"Your drawings cannot be used: {error}. Collecting, corrections and retraining are off in "
                      "this version; the newer Runesight still has all your drawings.")
    except CannotWrite as error:  # a full or read-only disk: what is there can still be looked at and exported
        try:
            store = DrawingStore(read_only=True)
        except (OSError, StoreError):
            pass
        else:
            store.cannot_write = f"nothing can be saved: {error}"
            return PersonalDrawings(store, parent), (
                f"Your drawings can be viewed and exported, but nothing can be saved: {error}. Once there is room "
                "(or the folder can be written), start Runesight again to collect, correct, import or retrain.")
        return None, (f"Your drawings cannot be kept: {error}. Collecting, corrections and retraining are off "
                      "until this is fixed (or start Runesight with RUNESIGHT_HOME set to a folder it can write).")
    except (OSError, StoreError) as error:  # a StoreError says in words what is wrong with the database
        why = folder_problem(data_dir()) or (
            str(error) if isinstance(error, StoreError) else f"the drawing database could not be opened ({error})")
        return None, (f"Your drawings cannot be kept: {why}. Collecting, corrections and retraining are off "
                      "until this is fixed (or start Runesight with RUNESIGHT_HOME set to a folder it can write).")
    return PersonalDrawings(store, parent), store.recovery_message
