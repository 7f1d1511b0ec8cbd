"""A 9x9 picture of ink (+1) and paper (-1) that a click toggles pixel by pixel: the X-or-O lesson's input.

Keyboard: the arrow keys move a focus square, Space toggles the pixel under it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.palette import ACCENT, LINE

INK_COLOUR, PAPER_COLOUR = QColor("#1f1f1f"), QColor("#fbfaf6")


class PixelPicture(QWidget):
    changed = Signal(object)  # the picture, (rows, cols) of +1 / -1, after a pixel was toggled

    def __init__(self, picture: np.ndarray, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture = np.asarray(picture, dtype=np.float64).copy()
        self._focus = (self._picture.shape[0] // 2, self._picture.shape[1] // 2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("The picture: click a pixel to switch it between ink and paper")
        self.setToolTip("Click a pixel to switch it between ink (+1) and paper (−1)")

    def picture(self) -> np.ndarray:
        return self._picture.copy()

    def set_picture(self, picture: np.ndarray) -> None:
        self._picture = np.asarray(picture, dtype=np.float64).copy()
        self.update()

    def toggle(self, row: int, col: int) -> None:
        self._picture[row, col] = -self._picture[row, col]
        self.update()
        self.changed.emit(self.picture())

    def cell_rect(self, row: int, col: int) -> QRectF:
        side = self._cell_side()
        return QRectF(col * side, row * side, side, side)

    def _cell_side(self) -> float:
        rows, cols = self._picture.shape
        return min(self.width() / cols, self.height() / rows)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        side = self._cell_side()
        row, col = int(event.position().y() // side), int(event.position().x() // side)
        if 0 <= row < self._picture.shape[0] and 0 <= col < self._picture.shape[1]:
            self._focus = (row, col)
            self.toggle(row, col)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
        if event.key() in moves:
            d_row, d_col = moves[event.key()]
            rows, cols = self._picture.shape
            self._focus = (min(rows - 1, max(0, self._focus[0] + d_row)), min(cols - 1, max(0, self._focus[1] + d_col)))
            self.update()
        elif event.key() == Qt.Key.Key_Space:
            self.toggle(*self._focus)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(LINE, 1))
        for (row, col), value in np.ndenumerate(self._picture):
            painter.setBrush(INK_COLOUR if value > 0 else PAPER_COLOUR)
            painter.drawRect(self.cell_rect(row, col))
        if self.hasFocus():
            painter.setPen(QPen(ACCENT, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(*self._focus).adjusted(1.5, 1.5, -1.5, -1.5))

    def sizeHint(self) -> QSize:
        return QSize(234, 234)

    def minimumSizeHint(self) -> QSize:
        return QSize(135, 135)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width
