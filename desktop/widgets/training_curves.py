"""Live training curves: loss and accuracy for training (a line, updated as batches go by) and
validation (a point at the end of each epoch), drawn with QPainter.

The x axis is epochs: a training point at `epoch - 1 + batch / batches`, validation at `epoch`. Each
chart's legend sits beside its title, or on a row of its own under it where it would run into it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.palette import ACCENT as TRAINING
from desktop.common.palette import LINE as GRID
from desktop.common.palette import TEXT

VALIDATION = QColor("#c8641e")
AXIS = QColor("#8a8477")
BACKGROUND = QColor("#fdfcf8")
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 26, 26
ROW = 16  # a line of text over a chart: its title, its legend
LEGEND = (("training", TRAINING), ("validation", VALIDATION))
LEGEND_LINE, LEGEND_GAP = 22, 12  # a sample line with its space before the text; the space between entries
TITLES = ("Loss", "Accuracy")


def nice_step(value: float) -> float:
    """The next "round" number at or above value (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power * (1 + 1e-9):
            return step * power
    return 10 * power


def legend_width(metrics: QFontMetrics) -> int:
    """Its entries, each a sample line and a word, and the space between them."""
    entries = sum(LEGEND_LINE + metrics.horizontalAdvance(text) for text, _colour in LEGEND)
    return entries + LEGEND_GAP * (len(LEGEND) - 1)


def tick_text(value: float, percent: bool) -> str:
    return f"{value * 100:.4g} %" if percent else f"{value:.4g}"


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epochs = 1
        self.training: list[tuple[float, float | None, float | None]] = []  # (x, loss, accuracy)
        self.validation: list[tuple[float, float | None, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Training curves")

    def reset(self, epochs: int) -> None:
        self.epochs = max(1, int(epochs))
        self.training, self.validation = [], []
        self.update()

    def add_training(self, x: float, loss: float | None, accuracy: float | None) -> None:
        if loss is None and accuracy is None:
            return
        self.training.append((float(x), loss, accuracy))
        self.update()

    def add_validation(self, epoch: float, loss: float | None, accuracy: float | None) -> None:
        if loss is None and accuracy is None:
            return
        self.validation.append((float(epoch), loss, accuracy))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 150)

    # --- painting ---------------------------------------------------------------------------------
    def _legends_under_titles(self) -> bool:
        """Beside the titles they would overlap (a narrow widget); both charts alike, so the plots stay level."""
        font = self.font()
        font.setPixelSize(11)
        legend = legend_width(QFontMetrics(font))
        font.setBold(True)
        title = max(QFontMetrics(font).horizontalAdvance(text) for text in TITLES)
        return title + LEGEND_GAP + legend > self.width() // 2 - LEFT - RIGHT

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        half = self.width() / 2
        top = TOP + ROW if self._legends_under_titles() else TOP
        self._chart(painter, QRectF(0, 0, half, self.height()), 1, TITLES[0], top=top, percent=False)
        self._chart(painter, QRectF(half, 0, self.width() - half, self.height()), 2, TITLES[1], top=top,
                    percent=True)

    def _chart(self, painter: QPainter, area: QRectF, column: int, title: str, *, top: int, percent: bool) -> None:
        plot = area.adjusted(LEFT, top, -RIGHT, -BOTTOM)
        values = [p[column] for p in self.training + self.validation if p[column] is not None]
        if percent:
            low = min(0.9, math.floor(min(values, default=0.0) * 10) / 10) if values else 0.0
            high = 1.0
        else:
            low, high = 0.0, 4 * nice_step(max(values, default=1.0) * 1.05 / 4)
        font = painter.font()
        font.setPixelSize(11)
        painter.setFont(font)
        painter.setPen(TEXT)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(plot.left(), area.top() + 4, plot.width(), ROW), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(font)
        self._legend(painter, QRectF(area.left(), plot.top() - TOP + 4, plot.right() - area.left(), ROW))

        def to_point(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + plot.width() * x / self.epochs,
                           plot.bottom() - plot.height() * (y - low) / max(high - low, 1e-9))

        for k in range(5):  # horizontal grid and y labels
            value = low + (high - low) * k / 4
            y = plot.bottom() - plot.height() * k / 4
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            painter.drawText(QRectF(area.left(), y - 8, LEFT - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tick_text(value, percent))
        step = max(1, math.ceil(self.epochs / 10))
        for epoch in range(0, self.epochs + 1, step):  # x labels: epochs
            x = plot.left() + plot.width() * epoch / self.epochs
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(AXIS)
            painter.drawText(QRectF(x - 20, plot.bottom() + 3, 40, 14), Qt.AlignmentFlag.AlignHCenter, str(epoch))
        painter.drawText(QRectF(plot.left(), plot.bottom() + 12, plot.width(), 14),
                         Qt.AlignmentFlag.AlignRight, "epoch")
        painter.setPen(QPen(AXIS, 1))
        painter.drawRect(plot)

        if not values:
            painter.setPen(AXIS)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "appears as the network trains")
            return
        for points, colour, dots in ((self.training, TRAINING, False), (self.validation, VALIDATION, True)):
            self._line(painter, [to_point(p[0], p[column]) for p in points if p[column] is not None], colour,
                       dots=dots)

    @staticmethod
    def _line(painter: QPainter, points: list[QPointF], colour: QColor, *, dots: bool) -> None:
        if not points:
            return
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(points) > 1:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.drawPath(path)
        if dots or len(points) == 1:
            painter.setBrush(colour)
            for point in points:
                painter.drawEllipse(point, 3.5, 3.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    @staticmethod
    def _legend(painter: QPainter, row: QRectF) -> None:
        """Right-aligned in `row`; where the row is too short, from its left end."""
        x = max(row.left(), row.right() - legend_width(painter.fontMetrics()))
        for text, colour in LEGEND:
            width = painter.fontMetrics().horizontalAdvance(text)
            painter.setPen(QPen(colour, 2))
            painter.drawLine(QPointF(x, row.center().y()), QPointF(x + LEGEND_LINE - 6, row.center().y()))
            x += LEGEND_LINE
            painter.setPen(TEXT)
            painter.drawText(QRectF(x, row.top(), width, row.height()), Qt.AlignmentFlag.AlignLeft, text)
            x += width + LEGEND_GAP
