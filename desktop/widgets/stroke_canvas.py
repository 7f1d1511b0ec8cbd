"""The drawing canvas: paper-like, anti-aliased strokes from the mouse or a tablet pen.

Strokes are data (page coordinates, time, pressure) kept in a `StrokeHistory`; painting reads them.
Ink drawn here is stored in the canvas's own pixels, where the pen was, and stays at those pixels when
the window or the layout around the canvas changes size: it never moves away from the pen, and the pen's
width on screen is always the width chosen. The drawing's canvas size is the canvas's when it was last
drawn on. (A smaller window hides ink past its edge; the drawing keeps it, and its canvas size grows to
hold it.) A clear starts again on the canvas's pixels. An opened drawing keeps its own coordinates,
shown one to one or shrunk to fit (`shown_page`). While a stroke is drawn the
view of the page is held still on the screen, even if the layout moves or resizes the canvas meanwhile,
so the stroke's points all lie under the pen. Input:
- mouse: left button draws, right button erases whole strokes it touches;
- tablet pen: pressure sets the line width, the eraser end erases. Tablet events are accepted, and
  mouse events that come from the pen (Qt synthesizes them, some systems send them as well) are
  ignored, so one pen stroke is one stroke.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QInputDevice,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.fonts import runic_font
from desktop.drawing.stroke_geometry import (
    Page,
    PageTransform,
    ink_size,
    page_for_drawing,
    pressure_widths,
    should_append,
    shown_page,
    strokes_touched,
)
from desktop.drawing.stroke_history import StrokeHistory
from desktop.drawing.stroke_painter import ERASING_INK, HINT, INK, eraser_cursor, paint_paper, paint_stroke
from model.drawing import Drawing, Stroke

GUIDE = QColor(154, 146, 127, 70)  # the hint's colour, faint: runes to trace under the ink
DEFAULT_PEN_WIDTH = 9.0
PEN_WIDTH_RANGE = (2.0, 30.0)
# What [ and ] step through: every other width from the default, so the default is always one of them
# (steps of 2 from 2 never came back to 9), and the thinnest and thickest.
PEN_WIDTH_STEPS = tuple(sorted({PEN_WIDTH_RANGE[0], PEN_WIDTH_RANGE[1]} | {
    float(width) for width in range(int(DEFAULT_PEN_WIDTH) % 2, int(PEN_WIDTH_RANGE[1]) + 1, 2)
    if PEN_WIDTH_RANGE[0] <= width <= PEN_WIDTH_RANGE[1]}))


def next_pen_width(width: float, thicker: bool) -> float:
    """The next step from `width` ([ thinner, ] thicker), from a width between steps too; the end stays."""
    if thicker:
        return next((step for step in PEN_WIDTH_STEPS if step > width + 1e-6), PEN_WIDTH_STEPS[-1])
    return next((step for step in reversed(PEN_WIDTH_STEPS) if step < width - 1e-6), PEN_WIDTH_STEPS[0])
ERASER_RADIUS = 10.0  # view pixels around the eraser tip
PEN_MOUSE_GUARD_S = 0.3  # mouse presses this soon after pen activity are the pen's echo, not a mouse
_PEN_DEVICES = {QInputDevice.DeviceType.Stylus, QInputDevice.DeviceType.Airbrush, QInputDevice.DeviceType.Puck}


class StrokeCanvas(QWidget):
    drawing_changed = Signal(object)  # Drawing, after every finished change (stroke, erase, undo, ...)
    drawing_live = Signal(object)  # Drawing including the stroke still being drawn
    history_changed = Signal()  # undo / redo availability may have changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Drawing canvas")
        self._history = StrokeHistory()
        # While a stroke is drawn: the page -> view transform at the press, and where the canvas was on the
        # screen then; the view is held there until the pen lifts.
        self._held_view: tuple[PageTransform, QPointF] | None = None
        self._pen_width = DEFAULT_PEN_WIDTH
        self._tool: str | None = None  # "mouse" / "pen" draw; "erase" erases; None: idle
        self._points: list[tuple[float, float]] = []
        self._times: list[float] = []
        self._pressures: list[float] | None = None
        self._erase_from: np.ndarray | None = None
        self._erasing: set[int] = set()
        self._clock_origin = time.monotonic()
        self._last_pen_event = -1e9
        self._cache: QPixmap | None = None
        self._cache_transform: PageTransform | None = None
        self.hint_lines = ("Draw a rune", "mouse or pen · right-drag or pen eraser erases · Ctrl+Z undo · Esc clear")
        self.guide = ""  # runes shown faintly behind the ink, to trace (word mode's "draw along")
        self._guide_place: tuple[QRectF, int] | None = None  # where, in canvas pixels, and how large

    # --- public API -------------------------------------------------------------------------------
    @property
    def strokes(self) -> tuple[Stroke, ...]:
        return self._history.strokes

    @property
    def is_empty(self) -> bool:
        return not self._history.strokes and not self._points

    @property
    def is_drawing(self) -> bool:
        return self._tool is not None

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    def pen_width(self) -> float:
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        self._pen_width = float(min(PEN_WIDTH_RANGE[1], max(PEN_WIDTH_RANGE[0], width)))
        self._invalidate()

    def drawing(self, *, include_current: bool = False) -> Drawing:
        """The drawing as data: the canvas's pixels (an opened drawing's page, from its top-left), times in
        ms, pressures. Its canvas size is the canvas's when it was last drawn on (now, while a stroke is
        drawn; an opened drawing's page), grown to hold all the ink."""
        strokes = list(self._history.strokes)
        drawing_now = include_current and self._tool in ("mouse", "pen") and bool(self._points)
        if drawing_now:
            strokes.append(self._current_stroke())
        page = self._page_after_stroke() if drawing_now else self._history.page or self._canvas_page()
        if page.x or page.y:  # keep files in the usual 0..width, 0..height coordinates
            strokes = [Stroke(s.points - (page.x, page.y), s.times, s.pressures) for s in strokes]
        return Drawing(tuple(strokes), ink_size([s.points for s in strokes], (page.width, page.height)))

    def _canvas_page(self) -> Page:
        return Page(0.0, 0.0, float(max(1, self.width())), float(max(1, self.height())))

    def _page_after_stroke(self) -> Page:
        """An opened drawing keeps its page; ink drawn here is on the canvas's pixels, as large as it is now."""
        page = self._history.page
        return page if page is not None and page.opened else self._canvas_page()

    def set_drawing(self, drawing: Drawing) -> None:
        """Show a drawing (e.g. from a file) on its own page, as one undoable step."""
        self._cancel_tool()
        points = [s.points for s in drawing.strokes]
        page = Page(*page_for_drawing(points, drawing.canvas_size), opened=True) if drawing.strokes else None
        times = [float(s.times.max()) for s in drawing.strokes if s.times is not None and len(s.times)]
        latest = max(times, default=0.0)
        self._clock_origin = time.monotonic() - latest / 1000.0 - 1.0  # new strokes come after the old ones
        self._history.replace(drawing.strokes, page)
        self._changed()

    def undo(self) -> None:
        self._cancel_tool()
        if self._history.undo():
            self._changed()

    def redo(self) -> None:
        self._cancel_tool()
        if self._history.redo():
            self._changed()

    def clear(self) -> None:
        self._cancel_tool()
        if self._history.clear():
            self._changed()

    def to_image(self, scale: float = 1.0) -> QImage:
        """The paper and ink as a picture (no hint text), e.g. for export."""
        size = QSize(max(1, round(self.width() * scale)), max(1, round(self.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        paint_paper(painter, QRectF(self.rect()))
        self._paint_strokes(painter, include_current=True)
        painter.end()
        return image

    def sizeHint(self) -> QSize:
        return QSize(560, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 140)

    # --- input ------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._from_pen(event) or self._tool is not None:
            event.ignore()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin("mouse", event.position(), None)
        elif event.button() == Qt.MouseButton.RightButton:
            self._begin("erase", event.position(), None)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._tool in ("mouse", "erase") and not self._from_pen(event):
            self._extend(event.position(), None)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._tool in ("mouse", "erase") and not self._from_pen(event):
            self._finish()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        self._last_pen_event = time.monotonic()
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress and self._tool is None:
            erasing = event.pointerType() == QPointingDevice.PointerType.Eraser
            self._begin("erase" if erasing else "pen", event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletMove and self._tool in ("pen", "erase"):
            self._extend(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease and self._tool in ("pen", "erase"):
            self._finish()
        event.accept()  # accepted: Qt does not turn it into a mouse event as well

    def _from_pen(self, event: QMouseEvent) -> bool:
        """Whether a mouse event is the echo of a pen (synthesized by Qt or sent by the system)."""
        if event.deviceType() in _PEN_DEVICES:
            return True
        pen_active = self._tool == "pen" or (self._tool == "erase" and self._pressures is not None)
        return pen_active or time.monotonic() - self._last_pen_event < PEN_MOUSE_GUARD_S

    # --- strokes ----------------------------------------------------------------------------------
    def _transform(self) -> PageTransform:
        """Page -> view. While a stroke is drawn, the view at the press, moved back by as far as the canvas
        has moved on the screen since: the ink and the pen's new points stay where the pen is."""
        if self._held_view is not None:
            transform, origin = self._held_view
            moved = origin - self.mapToGlobal(QPointF(0.0, 0.0))
            return transform.shifted(moved.x(), moved.y())
        page = self._history.page
        if page is None or not page.opened:
            return PageTransform()  # the canvas's pixels
        return shown_page(page, (self.width(), self.height()))

    def _begin(self, tool: str, position: QPointF, pressure: float | None) -> None:
        self._held_view = (self._transform(), self.mapToGlobal(QPointF(0.0, 0.0)))
        if not self._history.strokes:
            self._clock_origin = time.monotonic()
        self._tool = tool
        self._points, self._times = [], []
        self._pressures = [] if pressure is not None else None
        self._erase_from = None
        self._erasing = set()
        if tool == "erase":
            self.setCursor(eraser_cursor(ERASER_RADIUS))
        self._extend(position, pressure)

    def _extend(self, position: QPointF, pressure: float | None) -> None:
        point = self._transform().to_page(np.array([position.x(), position.y()]))
        if self._tool == "erase":
            self._erase_to(point)
            return
        if not should_append(self._points, point):
            return
        self._points.append((float(point[0]), float(point[1])))
        self._times.append((time.monotonic() - self._clock_origin) * 1000.0)
        if self._pressures is not None:
            self._pressures.append(float(pressure if pressure is not None else 1.0))
        self.update()
        self.drawing_live.emit(self.drawing(include_current=True))

    def _erase_to(self, point: np.ndarray) -> None:
        start = point if self._erase_from is None else self._erase_from
        radius = ERASER_RADIUS / self._transform().scale
        touched = strokes_touched([s.points for s in self._history.strokes], start, point, radius)
        self._erase_from = point
        if not touched <= self._erasing:
            self._erasing |= touched
            self._invalidate()

    def _current_stroke(self) -> Stroke:
        return Stroke.from_xy(self._points, self._times, self._pressures)

    def _finish(self) -> None:
        tool, self._tool = self._tool, None
        self._held_view = None
        self.setCursor(Qt.CursorShape.CrossCursor)
        if tool == "erase":
            erased, self._erasing = self._erasing, set()
            if self._history.remove(erased):
                self._changed()
            else:
                self._invalidate()
            return
        if self._points:
            self._history.add(self._current_stroke(), self._page_after_stroke())
        self._points, self._times, self._pressures = [], [], None
        self._changed()

    def _cancel_tool(self) -> None:
        """Drop an unfinished stroke or erase (an undo or clear pressed mid-stroke wins)."""
        self._tool = None
        self._held_view = None
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._points, self._times, self._pressures = [], [], None
        self._erasing = set()

    def _changed(self) -> None:
        self._invalidate()
        self.history_changed.emit()
        self.drawing_changed.emit(self.drawing())

    def _invalidate(self) -> None:
        self._cache = None
        self.update()

    # --- painting ---------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self._cache = None
        super().resizeEvent(event)

    def moveEvent(self, event) -> None:
        if self._held_view is not None:
            self.update()  # the held view moves against the canvas: repaint, do not reuse moved pixels
        super().moveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_paper(painter, QRectF(self.rect()))
        if self.guide:
            self._paint_guide(painter)
        elif self.is_empty:
            self._paint_hint(painter)
        painter.drawPixmap(0, 0, self._committed_pixmap())
        self._paint_current(painter)

    def set_guide(self, text: str) -> None:
        """Runes to trace, shown faintly across the canvas ("" for none); never part of the drawing. Placed once,
        in the canvas's pixels as the ink is, so a resize never moves the guide away from the ink traced on it."""
        self.guide = text
        self._guide_place = None
        if text:
            font = runic_font(self.height() * 0.55)
            width = QFontMetricsF(font).horizontalAdvance(text)
            if width > self.width() * 0.9:  # a long name: smaller, so all of it is on the canvas
                font.setPixelSize(max(12, int(font.pixelSize() * self.width() * 0.9 / width)))
            self._guide_place = (QRectF(self.rect()), font.pixelSize())
        self.update()

    def _paint_guide(self, painter: QPainter) -> None:
        place, size = self._guide_place
        painter.setFont(runic_font(size))
        painter.setPen(GUIDE)
        painter.drawText(place, Qt.AlignmentFlag.AlignCenter, self.guide)

    def _paint_hint(self, painter: QPainter) -> None:
        title, detail = self.hint_lines
        font = painter.font()
        font.setPixelSize(max(16, min(34, self.height() // 12)))
        painter.setFont(font)
        painter.setPen(HINT)
        middle = QRectF(0, self.height() / 2 - font.pixelSize() * 1.5, self.width(), font.pixelSize() * 2)
        painter.drawText(middle, Qt.AlignmentFlag.AlignCenter, title)
        font.setPixelSize(max(11, font.pixelSize() // 2 - 2))
        painter.setFont(font)
        below = QRectF(10, middle.bottom(), self.width() - 20, font.pixelSize() * 3)
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, detail)

    def _committed_pixmap(self) -> QPixmap:
        """Finished strokes, painted once per change and reused while a new stroke is drawn."""
        transform = self._transform()
        ratio = self.devicePixelRatioF()
        if self._cache is None or self._cache.size() != self.size() * ratio or self._cache_transform != transform:
            self._cache_transform = transform
            self._cache = QPixmap(self.size() * ratio)
            self._cache.setDevicePixelRatio(ratio)
            self._cache.fill(Qt.GlobalColor.transparent)
            painter = QPainter(self._cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_strokes(painter, include_current=False)
            painter.end()
        return self._cache

    def _paint_strokes(self, painter: QPainter, *, include_current: bool) -> None:
        transform = self._transform()
        for index, stroke in enumerate(self._history.strokes):
            colour = ERASING_INK if index in self._erasing else INK
            # The chosen width on screen, also for an opened drawing shown smaller (the pen's width is a
            # way of showing ink; the network sees every drawing at one width).
            widths = pressure_widths(stroke.pressures, self._pen_width, len(stroke))
            paint_stroke(painter, transform.to_view(stroke.points), widths, colour)
        if include_current:
            self._paint_current(painter)

    def _paint_current(self, painter: QPainter) -> None:
        if self._tool not in ("mouse", "pen") or not self._points:
            return
        transform = self._transform()
        pressures = None if self._pressures is None else np.asarray(self._pressures)
        widths = pressure_widths(pressures, self._pen_width, len(self._points))
        paint_stroke(painter, transform.to_view(np.asarray(self._points)), widths, INK)

