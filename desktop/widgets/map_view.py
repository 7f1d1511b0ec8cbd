"""One image shown large with square pixels: the network's input, or a feature map picked from a grid."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.colour_maps import ColourMap, colourize, to_qimage
from desktop.palette import EMPTY_CELL as PLACEHOLDER
from desktop.palette import QUIET_TEXT as PLACEHOLDER_TEXT


class MapView(QWidget):
    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self._image: QImage | None = None
        self._values: np.ndarray | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    @property
    def values(self) -> np.ndarray | None:
        return self._values

    def show_values(self, values: np.ndarray | None, colour_map: ColourMap, low: float, high: float) -> None:
        """Show a (H, W) array with its colours spread over low..high; None shows the placeholder."""
        self._values = None if values is None else np.asarray(values, dtype=np.float32)
        self._image = None if values is None else to_qimage(colourize(self._values, colour_map, low, high))
        self.update()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def minimumSizeHint(self) -> QSize:
        return QSize(64, 64)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        if self._image is None:
            painter.fillRect(square, PLACEHOLDER)
            painter.setPen(PLACEHOLDER_TEXT)
            painter.drawText(square.adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._placeholder)
            return
        painter.drawImage(square, self._image)  # no smoothing: the viewer sees the real pixels
