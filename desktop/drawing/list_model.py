"""The drawings the dataset browser shows, as a Qt list model that reads the store only for what is seen.

It keeps the ids of the drawings shown (all, or one rune's: 100,000 ints, read from an index) and asks
the store for the rows of a page of them only when the view wants one of them, keeping a few pages.
Thumbnails come from a bounded `ThumbnailCache`; one that is missing shows as blank paper and is asked
for with `thumbnail_missing`, so only drawings on screen are ever painted. `set_ids` turns a new list of
ids into row insertions and removals where it can (a save adds a row at the end, a delete or its undo
removes or brings back a few), so the view keeps its place and its selection.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QImage

from desktop.drawing.thumbnails import THUMBNAIL_SIZE, ThumbnailCache
from model.drawing_store import DrawingEntry, StoreError

SOURCE_WORDS = {"collected": "collected", "corrected": "correction", "imported": "imported"}
PAPER_PLACEHOLDER = QColor("#ece8df")  # a thumbnail not painted yet
PAGE_ROWS = 200  # rows read from the store at a time
PAGES_KEPT = 20
ID_ROLE = Qt.ItemDataRole.UserRole
MOST_RUNS = 50  # more runs of rows removed or added than this: the view is given a new list instead


class DrawingListModel(QAbstractListModel):
    thumbnail_missing = Signal(int)  # a drawing on screen whose thumbnail is not painted yet

    def __init__(self, entries: Callable[[Sequence[int]], list[DrawingEntry]], thumbnails: ThumbnailCache,
                 parent=None) -> None:
        """`entries`: the store's rows for some ids (`DrawingStore.entries`)."""
        super().__init__(parent)
        self._read_entries = entries
        self._thumbnails = thumbnails
        self._ids: list[int] = []  # ascending: a row is found by bisection
        self._pages: OrderedDict[int, dict[int, DrawingEntry]] = OrderedDict()
        self._placeholder = QImage(THUMBNAIL_SIZE, THUMBNAIL_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
        self._placeholder.fill(PAPER_PLACEHOLDER)

    # --- what the view asks --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        drawing_id = self._ids[index.row()]
        if role == ID_ROLE:
            return drawing_id
        if role == Qt.ItemDataRole.DecorationRole:
            image = self._thumbnails.get(drawing_id)
            if image is None:
                self.thumbnail_missing.emit(drawing_id)
                return self._placeholder
            return image
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        entry = self._entry(index.row())
        if entry is None:  # gone from the store since the ids were read; the next refresh leaves it out
            return None
        source = SOURCE_WORDS.get(entry.source, entry.source)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.label}, {source} {entry.created[:16].replace('T', ' ')} ({entry.kind}); drawing {entry.id}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.label}, {source}"
        return f"{entry.label}\n{source}"

    def _entry(self, row: int) -> DrawingEntry | None:
        page = row // PAGE_ROWS
        if page not in self._pages:
            ids = self._ids[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]
            try:
                self._pages[page] = {entry.id: entry for entry in self._read_entries(ids)}
            except StoreError:  # the database closed or went bad: the tiles show no caption
                return None
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        self._pages.move_to_end(page)
        return self._pages[page].get(self._ids[row])

    # --- ids and rows --------------------------------------------------------------------------
    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, drawing_id: int) -> int | None:
        row = bisect_left(self._ids, drawing_id)
        return row if row < len(self._ids) and self._ids[row] == drawing_id else None

    def ids_in_rows(self, first: int, last: int) -> list[int]:
        return self._ids[first:last + 1]

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show these drawings (ascending ids) and read their rows again (a relabel changes them)."""
        ids = list(ids)
        self._pages.clear()
        if ids != self._ids:
            if ids[:len(self._ids)] == self._ids:  # saved or imported: new rows at the end
                self.beginInsertRows(QModelIndex(), len(self._ids), len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            elif not self._changed_in_runs(ids):  # too scattered to say row by row: a new list
                self.beginResetModel()
                self._ids = ids
                self.endResetModel()
        if self._ids:  # labels may have changed: the view repaints the rows it shows
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def _changed_in_runs(self, ids: list[int]) -> bool:
        """Where `ids` only takes some ids away, or only adds some (a delete, its undo), make that change as
        a few runs of removed or inserted rows, so the view keeps its place and selection; False otherwise
        (a filter, a relabel: a new list is quicker)."""
        old, new = np.asarray(self._ids, dtype=np.int64), np.asarray(ids, dtype=np.int64)
        if len(new) < len(old):
            gone = ~np.isin(old, new, assume_unique=True)
            if len(old) - int(gone.sum()) != len(new) or (runs := runs_of_rows(np.flatnonzero(gone))) is None:
                return False
            for first, last in reversed(runs):  # from the end, so the rows before keep their numbers
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._ids[first:last + 1]
                self.endRemoveRows()
            return True
        added = ~np.isin(new, old, assume_unique=True)
        if len(new) - int(added.sum()) != len(old) or (runs := runs_of_rows(np.flatnonzero(added))) is None:
            return False
        for first, last in runs:  # in order: each run's rows are its rows in the new list
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = ids[first:last + 1]
            self.endInsertRows()
        return True

    def thumbnail_ready(self, drawing_id: int) -> None:
        """A thumbnail was painted into the cache: the view shows it if the drawing is shown."""
        if (row := self.row_of(drawing_id)) is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def runs_of_rows(rows: np.ndarray | Iterable[int], most: int = MOST_RUNS) -> list[tuple[int, int]] | None:
    """Row numbers (an array of them ascending, or any iterable) as (first, last) runs of consecutive rows;
    None where there are more than `most`."""
    rows = rows if isinstance(rows, np.ndarray) else np.unique(np.fromiter(rows, dtype=np.int64))  # sorted
    if len(rows) == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    if len(breaks) >= most:
        return None
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    return [(int(first), int(last)) for first, last in zip(starts, ends, strict=True)]
