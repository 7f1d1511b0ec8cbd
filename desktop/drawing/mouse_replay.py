"""Drawing on a widget with real mouse events, as a hand would: press, moves with the button held, release.

The self-test and the tests use this so drawings take the same input path as the mouse. (QTest's
mouseMove cannot hold a button down, so the events are built and sent here.)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.drawing.stroke_geometry import resample_polyline

SAMPLE_SPACING = 4.0  # pixels between move events, about what a mouse reports at drawing speed


def send_mouse(widget: QWidget, kind: QEvent.Type, point: QPointF, button: Qt.MouseButton,
               buttons: Qt.MouseButton) -> None:
    local = QPointF(point)
    global_position = QPointF(widget.mapToGlobal(local))
    event = QMouseEvent(kind, local, global_position, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag_stroke(widget: QWidget, points: np.ndarray, button: Qt.MouseButton = Qt.MouseButton.LeftButton,
                spacing: float = SAMPLE_SPACING) -> None:
    """One stroke along a polyline in the widget's coordinates (sampled every `spacing` pixels)."""
    path = resample_polyline(np.asarray(points, dtype=np.float64), spacing)
    none = Qt.MouseButton.NoButton
    send_mouse(widget, QEvent.Type.MouseButtonPress, QPointF(*path[0]), button, button)
    for x, y in path[1:]:
        send_mouse(widget, QEvent.Type.MouseMove, QPointF(x, y), none, button)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, QPointF(*path[-1]), button, none)


def draw_strokes(widget: QWidget, strokes: Iterable[np.ndarray], spacing: float = SAMPLE_SPACING) -> None:
    for points in strokes:
        drag_stroke(widget, points, spacing=spacing)
