"""The colour scale beside the feature maps: which colour means which value."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.colour_maps import ColourMap

BAR_WIDTH = 14
LABELS_LEFT = 2 + BAR_WIDTH + 6
LABELS_WIDTH = 82  # px at the usual font size; in a larger one it grows with the letters
LABELS_CHARACTERS = 12  # the labels' width, in average characters
LABEL_GAP = 2  # px at least between two labels
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class ColourLegend(QWidget):
    """A vertical gradient bar, high at the top, with a label at each end and one in the middle (where
    there is room for it)."""

    def __init__(self, colour_map: ColourMap, high: str, middle: str, low: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour_map = colour_map
        self._labels = (high, middle, low)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setToolTip(f"Colour scale: {low} at the bottom, {high} at the top")

    def set_labels(self, high: str, middle: str, low: str) -> None:
        if (high, middle, low) == self._labels:
            return
        self._labels = (high, middle, low)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(LABELS_LEFT + self._labels_width(), 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(LABELS_LEFT + self._labels_width(), 90)

    def _labels_width(self) -> int:
        metrics = self.fontMetrics()
        words = [word for label in self._labels for word in label.split()]
        widest = max(metrics.horizontalAdvance(word) + 2 for word in words)  # no word cut in two
        if max(len(label) for label in self._labels) <= 3:  # short labels (a narrow panel): no more room than they take
            return widest
        return max(LABELS_WIDTH, LABELS_CHARACTERS * metrics.averageCharWidth(), widest)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._draw_bar(painter)  # its pen, the text colour, writes the labels too
        for place, text in self._label_places(painter.fontMetrics()):
            painter.drawText(place, WRAP, text)

    def _draw_bar(self, painter: QPainter) -> None:
        line = painter.fontMetrics().height()
        bar = QRectF(2, line / 2, BAR_WIDTH, max(10.0, self.height() - line))
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for step in range(11):
            gradient.setColorAt(step / 10, self._colour_map.colour(step / 10))
        painter.fillRect(bar, gradient)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawRect(bar)

    def _label_places(self, metrics: QFontMetrics) -> list[tuple[QRectF, str]]:
        """Where the labels go, none over another: the top one hangs from the top, the bottom one sits on
        the bottom, the middle one is centred on the bar's middle and left out where it would touch them.
        Too short for the ends wrapped, they take one line each, cut short with "…"."""
        left, width, height = LABELS_LEFT, max(1, self.width() - LABELS_LEFT), self.height()
        high, middle, low = self._labels

        def wrapped_height(text: str) -> int:
            return metrics.boundingRect(QRect(0, 0, width, 10_000), WRAP, text).height()

        high_height, low_height = wrapped_height(high), wrapped_height(low)
        if high_height + LABEL_GAP + low_height > height:
            high, low = (metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) for text in (high, low))
            high_height = low_height = metrics.height()
        places = [(QRectF(left, 0, width, high_height), high)]
        if high_height + LABEL_GAP + low_height > height:
            return places  # not even two lines tall: the top label only
        middle_height = wrapped_height(middle)
        middle_top = (height - middle_height) / 2
        if middle_top >= high_height + LABEL_GAP and middle_top + middle_height + LABEL_GAP <= height - low_height:
            places.append((QRectF(left, middle_top, width, middle_height), middle))
        places.append((QRectF(left, height - low_height, width, low_height), low))
        return places
