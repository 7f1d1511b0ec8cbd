"""One image shown large with square pixels: the network's input, or a feature map picked from a grid.

It asks for as much width as the layout gives it height, so in a row it is a square that grows with
the panel's height, not a fixed 160 px box beside grids that take all the room.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.colour_maps import ColourMap, colourize, to_qimage
from desktop.common.palette import EMPTY_CELL as PLACEHOLDER
from desktop.common.palette import QUIET_TEXT as PLACEHOLDER_TEXT

FIRST_SIDE = 160  # px it asks for before a layout has given it a height
MINIMUM_SIDE = 64
SMALLEST_POINT_SIZE = 7  # the placeholder's words, in a small square


class MapView(QWidget):
    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self._image: QImage | None = None
        self._values: np.ndarray | None = None
        self._side = FIRST_SIDE  # the width it asks for: its height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    @property
    def values(self) -> np.ndarray | None:
        return self._values

    def show_values(self, values: np.ndarray | None, colour_map: ColourMap, low: float, high: float) -> None:
        """Show a (H, W) array with its colours spread over low..high; None shows the placeholder."""
        self._values = None if values is None else np.asarray(values, dtype=np.float32)
        self._image = None if values is None else to_qimage(colourize(self._values, colour_map, low, high))
        self.update()

    @property
    def placeholder(self) -> str:
        """The words shown in the empty square when there is no image."""
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._side, FIRST_SIDE)

    def minimumSizeHint(self) -> QSize:
        return QSize(MINIMUM_SIDE, MINIMUM_SIDE)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side = max(MINIMUM_SIDE, event.size().height())
        if side != self._side:
            self._side = side
            self.updateGeometry()  # taller now: the layout is asked again, for as much width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        if self._image is None:
            self._draw_placeholder(painter, square)
            return
        painter.drawImage(square, self._image)  # no smoothing: the viewer sees the real pixels

    def _draw_placeholder(self, painter: QPainter, square: QRectF) -> None:
        """The empty square and its words: in a small square in a smaller font, and in a square too small
        for them even so, none (cut words would say nothing; the caption above still does)."""
        painter.fillRect(square, PLACEHOLDER)
        room = square.adjusted(6, 6, -6, -6)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        font = QFont(painter.font())
        while True:
            painter.setFont(font)
            needed = painter.boundingRect(room, flags, self._placeholder)
            if needed.width() <= room.width() + 0.5 and needed.height() <= room.height() + 0.5:
                break
            if font.pointSizeF() - 1 < SMALLEST_POINT_SIZE:
                return
            font.setPointSizeF(font.pointSizeF() - 1)
        painter.setPen(PLACEHOLDER_TEXT)
        painter.drawText(room, flags, self._placeholder)
