"""A confusion matrix: rows are the rune drawn, columns the rune the network read.

Right answers (the diagonal) are green, mistakes red, each as strong as its share of that row's
drawings; counts are written in the cells when they are big enough. Hover a cell for its meaning.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.common.fonts import runic_font
from desktop.common.palette import LINE, TEXT

LABEL = 26  # room for the glyphs along the top and the left
AXIS_TITLE = 16
RIGHT_COLOUR = (47, 133, 84)
WRONG_COLOUR = (196, 62, 48)
EMPTY = QColor("#f6f3ec")
QUIET = QColor("#8a8477")


class ConfusionMatrix(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = np.zeros((0, 0), dtype=int)
        self.names: tuple[str, ...] = ()
        self.glyphs: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAccessibleName("Confusion matrix")

    def set_matrix(self, matrix, names, glyphs) -> None:
        """`matrix[true][predicted]` counts, in the order of `names`."""
        self.matrix = np.asarray(matrix, dtype=int).reshape(len(names), len(names))
        self.names, self.glyphs = tuple(names), tuple(glyphs)
        correct = int(np.trace(self.matrix))
        self.setAccessibleDescription(f"{correct} of {int(self.matrix.sum())} read right")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 240)

    def _grid(self) -> tuple[float, float, float]:
        """(left, top, cell size) of the square grid."""
        count = max(1, len(self.names))
        room = min(self.width() - LABEL - AXIS_TITLE - 4, self.height() - LABEL - AXIS_TITLE - 4)
        cell = max(4.0, room / count)
        return LABEL + AXIS_TITLE, LABEL + AXIS_TITLE, cell

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        left, top, cell = self._grid()
        row, column = int((y - top) // cell), int((x - left) // cell)
        if x < left or y < top or not (0 <= row < len(self.names) and 0 <= column < len(self.names)):
            return None
        return row, column

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        count = len(self.names)
        if count == 0:
            painter.setPen(QUIET)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No drawings to show")
            return
        left, top, cell = self._grid()
        font = painter.font()
        font.setPixelSize(10)
        painter.setFont(font)
        painter.setPen(QUIET)
        painter.drawText(QRectF(left, 0, cell * count, AXIS_TITLE), Qt.AlignmentFlag.AlignCenter, "read as →")
        painter.save()
        painter.translate(0, top + cell * count / 2)
        painter.rotate(-90)
        painter.drawText(QRectF(-60, 0, 120, AXIS_TITLE), Qt.AlignmentFlag.AlignCenter, "drawn →")
        painter.restore()
        painter.setFont(runic_font(max(9, min(16, int(cell * 0.7)))))
        painter.setPen(TEXT)
        for index, glyph in enumerate(self.glyphs):
            painter.drawText(QRectF(left + index * cell, AXIS_TITLE, cell, LABEL), Qt.AlignmentFlag.AlignCenter, glyph)
            painter.drawText(QRectF(AXIS_TITLE, top + index * cell, LABEL, cell), Qt.AlignmentFlag.AlignCenter, glyph)
        rows = self.matrix.sum(axis=1)
        number_font = painter.font()
        number_font.setFamilies([self.font().family()])
        number_font.setPixelSize(max(8, min(12, int(cell * 0.45))))
        painter.setFont(number_font)
        for row in range(count):
            for column in range(count):
                value = int(self.matrix[row, column])
                rect = QRectF(left + column * cell, top + row * cell, cell, cell)
                share = value / rows[row] if rows[row] else 0.0
                if value:
                    red, green, blue = RIGHT_COLOUR if row == column else WRONG_COLOUR
                    alpha = int(60 + 195 * share)
                    painter.fillRect(rect, QColor(red, green, blue, alpha))
                else:
                    painter.fillRect(rect, EMPTY)
                painter.setPen(LINE)
                painter.drawRect(rect)
                if value and cell >= 14:
                    painter.setPen(QColor("white") if share > 0.5 else TEXT)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.cell_at(event.pos().x(), event.pos().y())
            if found is not None:
                row, column = found
                total = int(self.matrix[row].sum())
                value = int(self.matrix[row, column])
                what = "read right" if row == column else f"read as {self.names[column]}"
                QToolTip.showText(event.globalPos(),
                                  f"{self.names[row]} drawn, {what}: {value} of {total}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
