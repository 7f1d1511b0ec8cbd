"""The canvas with real input events: mouse strokes, pen strokes (one stroke, not two), erasing, resizing."""

from __future__ import annotations

import numpy as np
import pytest
from desktop_helpers import (
    assert_stored_under_pen,
    ink_width_at,
    is_ink,
    pen_stroke,
    stroke_while,
    tablet_device,
)
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice
from PySide6.QtWidgets import QApplication, QWidget

from desktop.drawing.mouse_replay import drag_stroke, send_mouse
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


def test_resizing_keeps_the_ink_at_its_canvas_pixels(canvas, qtbot):
    drag_stroke(canvas, LINE)
    before = canvas.drawing()
    canvas.resize(800, 600)
    qtbot.waitUntil(lambda: canvas.width() == 800)
    after = canvas.drawing()
    assert after.canvas_size == before.canvas_size == (400, 300)  # its size when it was drawn
    np.testing.assert_allclose(after.strokes[0].points, before.strokes[0].points)  # the canvas's pixels
    shown = canvas.grab().toImage()
    assert is_ink(shown, (LINE[0] + LINE[1]) / 2)  # the ink did not move
    drag_stroke(canvas, 2 * OTHER_LINE)  # a new stroke lands where the pen is, in the same pixels
    np.testing.assert_allclose(canvas.drawing().strokes[1].points[0], 2 * OTHER_LINE[0], atol=0.5)
    assert canvas.drawing().canvas_size == (800, 600)  # drawn on now: the canvas's size now


def test_ink_past_the_edge_of_a_smaller_canvas_is_kept_and_sized_for(canvas, qtbot):
    drag_stroke(canvas, np.array([[50.0, 250.0], [380.0, 250.0]]))
    canvas.resize(300, 200)
    qtbot.waitUntil(lambda: canvas.width() == 300)
    drag_stroke(canvas, LINE / 2)
    drawing = canvas.drawing()
    np.testing.assert_allclose(drawing.strokes[0].points[-1], (380, 250))
    assert drawing.canvas_size == (380, 250)  # 300x200, grown to hold the first stroke


def test_undo_after_a_clear_brings_the_drawing_back_as_it_was_after_a_resize(canvas, qtbot):
    """A drawing brought back is the same drawing (a correction finds it among the saved ones)."""
    drag_stroke(canvas, LINE)
    drawn = canvas.drawing()
    canvas.clear()
    canvas.resize(520, 340)
    qtbot.waitUntil(lambda: canvas.width() == 520)
    canvas.undo()
    assert canvas.drawing().canvas_size == drawn.canvas_size == (400, 300)
    assert canvas.strokes == drawn.strokes  # the very same strokes


def test_set_drawing_is_undoable_and_fits_the_page(canvas):
    drag_stroke(canvas, LINE)
    stroke = Stroke.from_xy([[0, 0], [1000, 2000]])
    canvas.set_drawing(Drawing((stroke,), (1000, 2000)))
    assert canvas.drawing().canvas_size == (1000, 2000)
    np.testing.assert_allclose(canvas.drawing().strokes[0].points, stroke.points)
    canvas.undo()
    assert len(canvas.strokes) == 1


def test_an_opened_drawing_larger_than_the_canvas_is_shrunk_to_fit_at_the_chosen_pen_width(canvas):
    """A drawing from a bigger canvas (such as one saved with issue 14's grown sizes, 17363x10258) is
    shown whole, and its line is the pen's width on screen, not a hairline."""
    line = Stroke.from_xy([[0.0, 4000.0], [16000.0, 4000.0]])
    canvas.set_drawing(Drawing((line,), (17363, 10258)))
    shown = canvas.grab().toImage()
    scale = min(400 / 17363, 300 / 10258)
    y = round(4000 * scale)
    assert is_ink(shown, (200, y))
    assert abs(ink_width_at(shown, (200, y), (1, 0)) - canvas.pen_width()) <= 1
    # A stroke drawn on it lands under the pen, in the opened drawing's own coordinates.
    pen = stroke_while(canvas, np.array([[50.0, 200.0], [250.0, 200.0]]))
    np.testing.assert_allclose(canvas.drawing().strokes[1].points, pen / scale, atol=1.0 / scale)
    assert canvas.drawing().canvas_size == (17363, 10258)


def test_a_clear_goes_back_to_the_canvas_pixels_and_its_undo_to_the_opened_page(canvas):
    opened = Drawing((Stroke.from_xy([[0.0, 0.0], [1600.0, 1200.0]]),), (1600, 1200))
    canvas.set_drawing(opened)
    canvas.clear()
    pen = stroke_while(canvas, LINE)
    assert canvas.drawing().canvas_size == (400, 300)
    assert_stored_under_pen(canvas.strokes[0], pen)
    canvas.undo()
    canvas.undo()  # the clear: the opened drawing again, on its own page
    assert canvas.drawing().canvas_size == (1600, 1200)
    np.testing.assert_allclose(canvas.drawing().strokes[0].points, opened.strokes[0].points)
    assert is_ink(canvas.grab().toImage(), (200, 150))  # its middle, shown at a quarter


def test_pen_width_is_clamped(canvas):
    canvas.set_pen_width(1000)
    assert canvas.pen_width() == 30
    canvas.set_pen_width(-3)
    assert canvas.pen_width() == 2


# --- the ink stays under the pen (issue 14: ink drifted and thinned after clears and layout changes) ---------

def test_ink_drawn_while_the_canvas_is_resized_stays_under_the_pen(canvas, qtbot):
    """Issue 14.1: the first reading makes room for the side column mid-stroke; the canvas changes size."""
    sizes = {10: (330, 420), 25: (520, 280), 40: (380, 360)}
    pen = stroke_while(canvas, np.array([[40.0, 60.0], [300.0, 60.0], [300.0, 240.0]]),
                             lambda step: canvas.resize(*sizes[step]) if step in sizes else None)
    assert_stored_under_pen(canvas.strokes[0], pen)
    shown = canvas.grab().toImage()
    assert all(is_ink(shown, point) for point in pen if point[0] < canvas.width() and point[1] < canvas.height())
    assert canvas.drawing().canvas_size == (canvas.width(), canvas.height())


def test_ink_drawn_while_the_canvas_moves_on_screen_stays_under_the_pen(qtbot):
    """A layout change can move the canvas itself (a message shown above it) while a hand draws: the
    ink drawn so far stays where the pen put it on screen, and later points join it without a jump."""
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.resize(500, 400)
    canvas = StrokeCanvas(holder)
    canvas.setGeometry(0, 0, 400, 300)
    holder.show()
    qtbot.waitExposed(holder)
    line = np.array([[40.0, 100.0], [340.0, 100.0]])

    shown_while_drawing = []

    def layout_moves(step: int) -> None:
        if step == 30:
            canvas.setGeometry(0, 40, 400, 260)
        if step == 60:
            shown_while_drawing.append(canvas.grab().toImage())

    pen = stroke_while(canvas, line, layout_moves)  # the hand's path, in the canvas's pixels at the press
    points = canvas.strokes[0].points
    np.testing.assert_allclose(points[:, 1], 100.0, atol=1.0)  # straight: no step where the canvas moved
    assert_stored_under_pen(canvas.strokes[0], pen)
    # On screen while drawing, the ink so far lies where the pen went: 40 px higher on the moved canvas.
    assert all(is_ink(shown_while_drawing[0], point - (0, 40)) for point in pen[:60])


def test_after_a_clear_the_drawing_is_on_the_canvas_pixels_again(canvas, qtbot):
    """Issue 14.2: the drawing's area is reset on clear; it never keeps a page from an earlier size."""
    stroke_while(canvas, LINE)
    canvas.resize(600, 250)
    canvas.clear()
    qtbot.waitUntil(lambda: canvas.width() == 600)
    pen = stroke_while(canvas, OTHER_LINE)
    drawing = canvas.drawing()
    assert drawing.canvas_size == (600, 250)
    assert_stored_under_pen(drawing.strokes[0], pen)


def test_ten_clears_and_draws_while_the_canvas_changes_size_keep_the_pen_width(canvas, qtbot):
    """Issue 14.2: drawing, clearing and drawing again as the layout moves kept growing the drawing's
    area (897x417 to 2668x1240 in ten) and thinned the ink from 8 px to 2 px with the pen at 9."""
    sizes = [(400, 300), (520, 300), (520, 420), (380, 420), (600, 260), (440, 380), (700, 300), (360, 300),
             (560, 460), (480, 320)]
    for width, height in sizes:
        canvas.clear()
        pen = stroke_while(canvas, np.array([[30.0, 120.0], [330.0, 120.0]]),
                                 lambda step, size=(width, height): canvas.resize(*size) if step == 20 else None)
        qtbot.waitUntil(lambda size=(width, height): (canvas.width(), canvas.height()) == size)
        drawing = canvas.drawing()
        assert drawing.canvas_size == (width, height)
        assert_stored_under_pen(drawing.strokes[0], pen)
        shown = canvas.grab().toImage()
        assert abs(ink_width_at(shown, (200, 120), (1, 0)) - canvas.pen_width()) <= 1
    canvas.set_pen_width(20)
    assert abs(ink_width_at(canvas.grab().toImage(), (200, 120), (1, 0)) - 20) <= 1
