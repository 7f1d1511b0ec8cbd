"""A small grid of numbers, as a teacher draws one on a board: an image, a kernel, a map.

Each cell shows its number, tinted by its sign (blue below zero, orange above) so patterns show at a
glance; cells can be outlined (the patch under the kernel). An editable grid takes any number typed into a
cell and emits the whole grid; text that is no number is refused with the reason in the cell's tooltip and
the old value kept.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

NEGATIVE = QColor("#3b73b9")
POSITIVE = QColor("#d9822b")
OUTLINE = QColor("#c0392b")
CELL = 40


def plain_number(value: float) -> str:
    """12 rather than 12.0; 0.78 for a fraction; nothing for a value not worked out yet (NaN)."""
    if np.isnan(value):
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def parse_number(text: str) -> float | None:
    """A typed number (a comma as decimal point too, a Unicode minus), or None."""
    try:
        value = float(text.strip().replace("\u2212", "-").replace(",", "."))
    except ValueError:
        return None
    return value if np.isfinite(value) else None


class NumberGrid(QTableWidget):
    edited = Signal(object)  # the whole grid as a float array, after a person typed into a cell

    def __init__(self, values: np.ndarray, *, editable: bool = False, name: str = "",
                 text: Callable[[float], str] = plain_number, scale: float | None = None, cell: int = CELL,
                 parent: QWidget | None = None) -> None:
        """`scale`: the value shown in full colour (the largest size in the grid by default)."""
        super().__init__(parent)
        self._editable, self._text, self._scale, self._cell = editable, text, scale, cell
        self._values = np.zeros((0, 0))
        self._outlined: set[tuple[int, int]] = set()
        self.setAccessibleName(name)
        self.setToolTip(name)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(cell)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if editable
                              else QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if editable
                             else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.itemChanged.connect(self._on_item_changed)
        self.set_values(values)

    def values(self) -> np.ndarray:
        return self._values.copy()

    def set_values(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=np.float64)
        resized = values.shape != self._values.shape
        self._values = values.copy()
        self.blockSignals(True)
        if resized:
            self.setRowCount(values.shape[0])
            self.setColumnCount(values.shape[1])
            self.updateGeometry()
        for (row, col), value in np.ndenumerate(values):
            item = self.item(row, col) or QTableWidgetItem()
            item.setText(self._text(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if not self._editable:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if self.item(row, col) is None:
                self.setItem(row, col, item)
        self.blockSignals(False)
        self._fit_cells_to_text()
        self._paint_cells()

    def _fit_cells_to_text(self) -> None:
        """Square cells wide enough for the longest number ("-0.11" at 150 % too), never smaller than asked."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(r, c).text()) for r in range(self.rowCount())
                      for c in range(self.columnCount())), default=0)
        side = max(self._cell, widest + 10)
        if side != self.horizontalHeader().defaultSectionSize():
            for header in (self.horizontalHeader(), self.verticalHeader()):
                header.setDefaultSectionSize(side)
            self.updateGeometry()

    def cell_text(self, row: int, col: int) -> str:
        return self.item(row, col).text()

    def set_text_format(self, text: Callable[[float], str]) -> None:
        self._text = text
        self.set_values(self._values)

    def outline(self, cells: set[tuple[int, int]]) -> None:
        """Outline these cells (the patch under the kernel, the cell being made); others plain."""
        self._outlined = set(cells)
        self._paint_cells()

    def _paint_cells(self) -> None:
        scale = self._scale or float(np.nanmax(np.abs(self._values), initial=0.0)) or 1.0
        bold = QFont(self.font())
        bold.setBold(True)
        self.blockSignals(True)
        for (row, col), value in np.ndenumerate(self._values):
            item = self.item(row, col)
            tint = QColor(NEGATIVE if value < 0 else POSITIVE)
            tint.setAlphaF(0.0 if np.isnan(value) else min(1.0, abs(value) / scale) * 0.55)
            outlined = (row, col) in self._outlined
            item.setBackground(OUTLINE.lighter(170) if outlined else tint)
            item.setFont(bold if outlined else self.font())
        self.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        value = parse_number(item.text())
        if value is None:
            typed = item.text()
            self.blockSignals(True)
            item.setText(self._text(self._values[row, col]))
            item.setToolTip(f"“{typed}” is not a number: the cell keeps {item.text()}")
            self.blockSignals(False)
            return
        item.setToolTip("")
        self._values[row, col] = value
        self.blockSignals(True)
        item.setText(self._text(value))
        self.blockSignals(False)
        self._paint_cells()
        self.edited.emit(self.values())

    def sizeHint(self) -> QSize:
        frame = 2 * self.frameWidth()
        side = self.horizontalHeader().defaultSectionSize()
        return QSize(self.columnCount() * side + frame, self.rowCount() * side + frame)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
