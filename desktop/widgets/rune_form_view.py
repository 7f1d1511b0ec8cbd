"""One written form of a rune, drawn from its stroke template on a small sheet of paper."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.drawing.stroke_geometry import unit_strokes_to_canvas
from desktop.drawing.stroke_painter import paint_paper, paint_stroke
from model.alphabet import RuneForm
from model.wording import counted

START_DOT = QColor("#c2410c")


class RuneFormView(QWidget):
    """Paints a form's strokes; a small dot marks where each stroke starts."""

    def __init__(self, form: RuneForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(self.sizeHint())
        tip = f"{form.name}: {counted(len(form.strokes), 'stroke')}"
        if form.ambiguous_with:
            tip += f"\nOnce scaled, this form looks just like {form.ambiguous_with}; the network is not trained on it."
        self.setToolTip(tip)

    def sizeHint(self) -> QSize:
        return QSize(120, 120)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_paper(painter, QRectF(self.rect()))
        strokes = unit_strokes_to_canvas(self.form.strokes, (self.width(), self.height()), fill=0.72)
        for points in strokes:
            paint_stroke(painter, points, np.full(len(points), 5.0))
        painter.setPen(QColor(0, 0, 0, 0))
        painter.setBrush(START_DOT)
        for points in strokes:
            painter.drawEllipse(QRectF(points[0][0] - 3, points[0][1] - 3, 6, 6))
