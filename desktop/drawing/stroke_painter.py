"""Painting strokes and paper with QPainter; shared by the canvas, exports and the rune chart."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QLinearGradient, QPainter, QPainterPath, QPen, QPixmap

from desktop.drawing.stroke_geometry import smooth_path

PAPER = QColor("#fbf8f1")
PAPER_EDGE = QColor("#efe8d8")
INK = QColor("#22252c")
ERASING_INK = QColor(200, 60, 50, 110)  # strokes the eraser has touched, until it lifts
HINT = QColor("#9a927f")


def paint_paper(painter: QPainter, rect: QRectF) -> None:
    """A warm off-white ground, a shade darker at the bottom, like a sheet under a desk lamp."""
    gradient = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    gradient.setColorAt(0.0, PAPER)
    gradient.setColorAt(1.0, PAPER_EDGE)
    painter.fillRect(rect, gradient)


def eraser_cursor(radius: float) -> QCursor:
    """A ring the size of what the eraser touches, so a person sees which strokes it will take."""
    side = int(2 * radius + 4)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ring = QRectF(2, 2, 2 * radius, 2 * radius)
    painter.setPen(QPen(QColor(255, 255, 255, 220), 3))  # a light halo: the ring shows on ink as on paper
    painter.drawEllipse(ring)
    painter.setPen(QPen(ERASING_INK.darker(150), 1.2))
    painter.drawEllipse(ring)
    painter.end()
    return QCursor(pixmap, side // 2, side // 2)


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, max(0.5, float(width)))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def paint_stroke(painter: QPainter, points: np.ndarray, widths: np.ndarray, colour: QColor = INK) -> None:
    """One stroke in view coordinates, smoothed; one width per point (pen pressure) or all equal."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(points) == 0:
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if len(points) == 1 or np.ptp(points, axis=0).max() < 0.5:  # a tap: a round dot
        radius = float(widths[0]) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(*points[0]), radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    path = smooth_path(points)
    start = QPointF(*path.start)
    if np.allclose(widths, widths[0]):
        whole = QPainterPath(start)
        for control, end in zip(path.controls, path.ends):
            whole.quadTo(QPointF(*control), QPointF(*end))
        whole.lineTo(QPointF(*path.line_end))
        painter.setPen(_round_pen(colour, widths[0]))
        painter.drawPath(whole)
        return
    # Pressure varies: each curve piece gets the width at its control point (round caps hide the seams).
    for index, (control, end) in enumerate(zip(path.controls, path.ends), start=1):
        piece = QPainterPath(start)
        piece.quadTo(QPointF(*control), QPointF(*end))
        painter.setPen(_round_pen(colour, widths[index]))
        painter.drawPath(piece)
        start = QPointF(*end)
    painter.setPen(_round_pen(colour, widths[-1]))
    painter.drawLine(start, QPointF(*path.line_end))
