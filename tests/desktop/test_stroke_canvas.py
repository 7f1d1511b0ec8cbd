"""The canvas with real input events: mouse strokes, pen strokes (one stroke, not two), erasing, resizing."""

from __future__ import annotations

import numpy as np
import pytest
from desktop_helpers import pen_stroke, tablet_device
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice
from PySide6.QtWidgets import QApplication

from desktop.mouse_replay import drag_stroke, send_mouse
from desktop.widgets.stroke_canvas import ERASER_RADIUS, StrokeCanvas
from model.drawing import Drawing, Stroke

LINE = np.array([[50.0, 50.0], [250.0, 60.0]])
OTHER_LINE = np.array([[60.0, 200.0], [260.0, 200.0]])


@pytest.fixture
def canvas(qtbot):
    widget = StrokeCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_mouse_drag_becomes_one_stroke_with_times(canvas, qtbot):
    with qtbot.waitSignal(canvas.drawing_changed) as changed:
        drag_stroke(canvas, LINE)
    drawing = changed.args[0]
    assert isinstance(drawing, Drawing) and len(drawing.strokes) == 1
    stroke = drawing.strokes[0]
    np.testing.assert_allclose(stroke.points[0], LINE[0])
    np.testing.assert_allclose(stroke.points[-1], LINE[1])
    assert stroke.times is not None and np.all(np.diff(stroke.times) >= 0)
    assert stroke.pressures is None  # a mouse has no pressure
    assert drawing.canvas_size == (400, 300)


def test_moves_without_a_held_button_draw_nothing(canvas):
    for x in range(50, 200, 10):
        send_mouse(canvas, QEvent.Type.MouseMove, QPointF(x, 80), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    assert canvas.is_empty


def test_live_drawings_while_the_button_is_held(canvas, qtbot):
    live = []
    canvas.drawing_live.connect(live.append)
    drag_stroke(canvas, LINE)
    assert len(live) > 5
    assert len(live[-1].strokes) == 1 and len(live[-1].strokes[0]) > 2


def test_undo_redo_clear(canvas):
    drag_stroke(canvas, LINE)
    drag_stroke(canvas, OTHER_LINE)
    assert len(canvas.strokes) == 2
    canvas.undo()
    assert len(canvas.strokes) == 1
    canvas.redo()
    assert len(canvas.strokes) == 2
    canvas.clear()
    assert canvas.is_empty
    canvas.undo()  # clearing is never a loss
    assert len(canvas.strokes) == 2


def test_a_tap_is_a_stroke_of_one_point(canvas):
    drag_stroke(canvas, np.array([[100.0, 100.0], [100.0, 100.0]]))
    assert len(canvas.strokes) == 1 and len(canvas.strokes[0]) == 1


def test_pen_stroke_is_one_stroke_with_pressure(canvas):
    events = pen_stroke(canvas, LINE, tablet_device())
    assert all(event.isAccepted() for event in events)  # accepted, so Qt does not make mouse events of them
    assert len(canvas.strokes) == 1
    pressures = canvas.strokes[0].pressures
    assert pressures is not None and pressures.max() > 0.8 and pressures.min() < 0.4


def test_mouse_events_echoed_from_the_pen_are_ignored(canvas):
    """Some systems deliver a pen stroke twice: as tablet events and as mouse events from the pen."""
    device = tablet_device()
    pen_stroke(canvas, LINE, device)
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseMove, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        for point in LINE:
            event = QMouseEvent(kind, QPointF(*point), QPointF(*point), Qt.MouseButton.LeftButton, buttons,
                                Qt.KeyboardModifier.NoModifier, device)
            assert event.deviceType() == QInputDevice.DeviceType.Stylus
            QApplication.sendEvent(canvas, event)
    assert len(canvas.strokes) == 1


def test_a_plain_mouse_press_right_after_the_pen_is_its_echo(canvas):
    pen_stroke(canvas, LINE, tablet_device())
    drag_stroke(canvas, LINE)  # arrives within the guard time, as a system's synthesized copy does
    assert len(canvas.strokes) == 1


def test_pen_eraser_removes_whole_strokes_it_touches(canvas):
    drag_stroke(canvas, LINE)
    drag_stroke(canvas, OTHER_LINE)
    keep = canvas.strokes[1]
    pen_stroke(canvas, np.array([[150.0, 20.0], [150.0, 120.0]]), tablet_device(QPointingDevice.PointerType.Eraser))
    assert canvas.strokes == (keep,)
    canvas.undo()
    assert len(canvas.strokes) == 2


def test_right_button_drag_erases(canvas):
    drag_stroke(canvas, LINE)
    drag_stroke(canvas, OTHER_LINE)
    drag_stroke(canvas, np.array([[150.0, 150.0], [150.0, 250.0]]), button=Qt.MouseButton.RightButton)
    assert len(canvas.strokes) == 1
    np.testing.assert_allclose(canvas.strokes[0].points[0], LINE[0])


def test_while_erasing_the_cursor_is_a_ring_the_size_of_the_eraser(canvas):
    assert canvas.cursor().shape() == Qt.CursorShape.CrossCursor
    right, none = Qt.MouseButton.RightButton, Qt.MouseButton.NoButton
    send_mouse(canvas, QEvent.Type.MouseButtonPress, QPointF(100, 100), right, right)
    cursor = canvas.cursor()
    assert cursor.shape() == Qt.CursorShape.BitmapCursor
    ring = cursor.pixmap().toImage()
    middle = ring.width() // 2
    assert ring.width() >= 2 * ERASER_RADIUS
    assert ring.pixelColor(middle, middle).alpha() == 0, "the ring is open: the strokes under it stay visible"
    assert ring.pixelColor(middle, 2).alpha() > 0 and ring.pixelColor(2, middle).alpha() > 0
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, QPointF(100, 100), right, none)
    assert canvas.cursor().shape() == Qt.CursorShape.CrossCursor


def test_resizing_keeps_the_strokes_and_redraws_them_scaled(canvas, qtbot):
    drag_stroke(canvas, LINE)
    before = canvas.drawing()
    image_before = canvas.to_image()
    canvas.resize(800, 600)
    qtbot.waitUntil(lambda: canvas.width() == 800)
    after = canvas.drawing()
    np.testing.assert_allclose(after.strokes[0].points, before.strokes[0].points)  # data unchanged
    image_after = canvas.to_image()
    # The ink moved with the scale: the stroke's middle at twice the coordinates is dark now.
    middle = (LINE[0] + LINE[1]) / 2
    assert image_before.pixelColor(*middle.astype(int)).lightness() < 100
    assert image_after.pixelColor(*(2 * middle).astype(int)).lightness() < 100
    # A new stroke drawn after the resize lands in the same page coordinates.
    drag_stroke(canvas, 2 * OTHER_LINE)
    np.testing.assert_allclose(canvas.drawing().strokes[1].points[0], OTHER_LINE[0], atol=0.5)


def test_set_drawing_is_undoable_and_fits_the_page(canvas):
    drag_stroke(canvas, LINE)
    stroke = Stroke.from_xy([[0, 0], [1000, 2000]])
    canvas.set_drawing(Drawing((stroke,), (1000, 2000)))
    assert canvas.drawing().canvas_size == (1000, 2000)
    np.testing.assert_allclose(canvas.drawing().strokes[0].points, stroke.points)
    canvas.undo()
    assert len(canvas.strokes) == 1


def test_pen_width_is_clamped(canvas):
    canvas.set_pen_width(1000)
    assert canvas.pen_width() == 30
    canvas.set_pen_width(-3)
    assert canvas.pen_width() == 2
