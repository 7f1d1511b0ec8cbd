"""The colour scale beside the feature maps: which colour means which value."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.colour_maps import ColourMap


class ColourLegend(QWidget):
    """A vertical gradient bar, high at the top, with a label at each end and one in the middle."""

    def __init__(self, colour_map: ColourMap, high: str, middle: str, low: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour_map = colour_map
        self._labels = (high, middle, low)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setToolTip(f"Colour scale: {low} at the bottom, {high} at the top")

    def set_labels(self, high: str, middle: str, low: str) -> None:
        self._labels = (high, middle, low)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(104, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(96, 90)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        line = painter.fontMetrics().height()
        bar = QRectF(2, line / 2, 14, max(10.0, self.height() - line))
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for step in range(11):
            gradient.setColorAt(step / 10, self._colour_map.colour(step / 10))
        painter.fillRect(bar, gradient)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawRect(bar)
        left = bar.right() + 6
        width = self.width() - left
        high, middle, low = self._labels
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        # Top label hangs from the top, bottom label sits on the bottom: both stay inside the widget.
        painter.drawText(QRectF(left, 0, width, self.height() / 3), flags | Qt.AlignmentFlag.AlignTop, high)
        third = self.height() / 3
        painter.drawText(QRectF(left, third, width, third), flags | Qt.AlignmentFlag.AlignVCenter, middle)
        painter.drawText(QRectF(left, 2 * self.height() / 3, width, self.height() / 3),
                         flags | Qt.AlignmentFlag.AlignBottom, low)
