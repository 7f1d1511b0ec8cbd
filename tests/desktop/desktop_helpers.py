"""Drawing in tests: runes along their templates with the mouse, and pen strokes as tablet events."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

from desktop.drawing.mouse_replay import draw_strokes, send_mouse
from desktop.drawing.stroke_geometry import resample_polyline, unit_strokes_to_canvas


def rune_strokes(alphabet, name: str, canvas: QWidget, form: int = 0) -> list[np.ndarray]:
    """A rune's template form, scaled onto the middle of the canvas (widget coordinates)."""
    rune = alphabet.rune(name)
    return unit_strokes_to_canvas(rune.trainable_forms[form].strokes, (canvas.width(), canvas.height()))


def draw_rune(qtbot, window, name: str, form: int = 0) -> None:
    """Draw a rune with mouse events and wait until its recognition has arrived."""
    draw_strokes(window.canvas, rune_strokes(window.alphabet, name, window.canvas, form))
    qtbot.waitUntil(lambda: not window.live.busy and window.last_recognition is not None, timeout=10_000)


def answer_save_dialog(name: str, replace: bool = True, within_s: float = 10.0, kind: str | None = None,
                       offered: list[str] | None = None) -> list[str]:
    """Answer the next save dialog as a person does: type `name`, pick the kind of file whose name
    starts with `kind` (if given), press Save, and if asked whether to replace a file, answer `replace`
    (no: then cancel the dialog). Returns the questions asked; `offered` receives the kinds the dialog
    offered. Gives up after `within_s`, so a dialog that never opened cannot be answered in a later test."""
    asked: list[str] = []
    answering: list[QFileDialog] = []  # the dialog this call answers, once it has opened
    closed: list[bool] = []
    timer = QTimer(QApplication.instance(), interval=20)  # parented: it lives until the dialog is answered
    deadline = time.monotonic() + within_s

    def done() -> None:
        timer.stop()
        timer.deleteLater()

    def ours(box: QMessageBox) -> bool:
        """The dialog's own "replace?" box, or the one asked after it closed (see ask_save_path)."""
        dialog = answering[0]
        return box.parentWidget() is dialog or (bool(closed) and box.parentWidget() is dialog.parentWidget())

    def tick() -> None:
        widget = QApplication.activeModalWidget()
        if time.monotonic() > deadline:
            done()
        elif not answering:
            if isinstance(widget, QFileDialog):
                answering.append(widget)
                widget.finished.connect(lambda _result: closed.append(True))
                if offered is not None:
                    offered.extend(widget.nameFilters())
                if kind is not None:
                    widget.selectNameFilter(next(f for f in widget.nameFilters() if f.startswith(kind)))
                widget.findChild(QLineEdit, "fileNameEdit").setText(name)  # typed into the name field
                # Save, a moment later: a "replace?" box runs a loop of its own, and this timer must be
                # free to answer it (Qt does not run a timer's slot inside itself).
                QTimer.singleShot(0, widget.accept)
        elif isinstance(widget, QMessageBox) and "already exists" in widget.text() and ours(widget):
            asked.append(widget.text())
            widget.button(QMessageBox.StandardButton.Yes if replace else QMessageBox.StandardButton.No).click()
        elif widget is answering[0]:
            if asked:  # still open after "do not replace"
                widget.reject()
        elif closed and not isinstance(widget, QMessageBox):  # answered; a later dialog is not ours
            done()

    timer.timeout.connect(tick)
    timer.start()
    return asked


def slow_loader(inner, seconds: float):
    """A loader that takes `seconds` longer, like Keras on a slow machine."""

    def load(path):
        time.sleep(seconds)
        return inner(path)

    return load


def tablet_device(pointer: QPointingDevice.PointerType = QPointingDevice.PointerType.Pen) -> QPointingDevice:
    capabilities = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice(
        "test pen", 7, QInputDevice.DeviceType.Stylus, pointer, capabilities, 1, 3
    )


def send_tablet(widget: QWidget, kind: QEvent.Type, point, pressure: float, device: QPointingDevice,
                buttons: Qt.MouseButton = Qt.MouseButton.LeftButton) -> QTabletEvent:
    local = QPointF(*point)
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.TabletMove else Qt.MouseButton.NoButton
    event = QTabletEvent(kind, device, local, QPointF(widget.mapToGlobal(local)), pressure, 0.0, 0.0, 0.0, 0.0, 0.0,
                         Qt.KeyboardModifier.NoModifier, button, buttons)
    QApplication.sendEvent(widget, event)
    return event


def pen_stroke(widget: QWidget, points: np.ndarray, device: QPointingDevice, pressures=None) -> list[QTabletEvent]:
    """One pen stroke: press, moves, release (pressure rising then falling unless given)."""
    path = resample_polyline(np.asarray(points, dtype=np.float64), 4.0)
    if pressures is None:
        pressures = 0.2 + 0.7 * np.sin(np.linspace(0.1, np.pi - 0.1, len(path)))
    events = [send_tablet(widget, QEvent.Type.TabletPress, path[0], pressures[0], device)]
    for point, pressure in zip(path[1:], pressures[1:]):
        events.append(send_tablet(widget, QEvent.Type.TabletMove, point, pressure, device))
    none = Qt.MouseButton.NoButton
    events.append(send_tablet(widget, QEvent.Type.TabletRelease, path[-1], 0.0, device, buttons=none))
    return events


def fill_store(window, per_rune: int, seed: int = 0, runes=None, source: str = "collected") -> list[int]:
    """Save generated drawings (a hand of the generator) in the window's drawing store; returns their ids."""
    from model.generator import generate_drawing

    rng = np.random.default_rng(seed)
    alphabet = window.alphabet
    names = list(runes) if runes is not None else list(alphabet.names)
    return [window.drawings.add(generate_drawing(alphabet, alphabet.index(name), rng, (300, 300)), source)
            for name in names for _ in range(per_rune)]


def stroke_while(canvas: QWidget, points, between=None) -> np.ndarray:
    """One mouse stroke along `points` (every 4 px): a hand's path on the screen, given in the canvas's
    pixels at the press. `between(step)` runs before each move event, as a layout change does while a hand
    draws; if it moves the canvas, the events say where the pen is on the moved canvas. Returns the path."""
    path = resample_polyline(np.asarray(points, dtype=np.float64), 4.0)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    origin = canvas.mapToGlobal(QPointF(0, 0))
    send_mouse(canvas, QEvent.Type.MouseButtonPress, QPointF(*path[0]), left, left)
    for step, (x, y) in enumerate(path[1:], start=1):
        if between is not None:
            between(step)
        send_mouse(canvas, QEvent.Type.MouseMove, canvas.mapFromGlobal(origin + QPointF(x, y)), none, left)
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, canvas.mapFromGlobal(origin + QPointF(*path[-1])), left, none)
    return path


def assert_stored_under_pen(stroke, pen: np.ndarray) -> None:
    """Every stored point within a pixel of where the pen went, and the pen's whole way stored."""
    gaps = np.hypot(*(stroke.points[:, None, :] - np.asarray(pen)[None, :, :]).transpose(2, 0, 1))
    assert gaps.min(axis=1).max() <= 1.0, f"a stored point is {gaps.min(axis=1).max():.1f} px from the pen's way"
    assert gaps.min(axis=0).max() <= 1.0, f"the pen went {gaps.min(axis=0).max():.1f} px from every stored point"


def is_ink(image, point) -> bool:
    """Whether the canvas's picture is dark (ink, not paper) at a point."""
    return image.pixelColor(round(point[0]), round(point[1])).lightness() < 100


def ink_width_at(image, point, along) -> int:
    """A line's width on screen: the unbroken run of ink (pixels half covered or more) through `point`,
    at right angles to the direction `along`, so a stroke close by is not counted."""
    normal = np.array([-along[1], along[0]], dtype=np.float64) / np.hypot(*along)

    def inked(t: int) -> bool:
        x, y = np.round(np.asarray(point, dtype=np.float64) + t * normal).astype(int)
        return 0 <= x < image.width() and 0 <= y < image.height() and image.pixelColor(x, y).lightness() < 128

    if not inked(0):
        return 0
    ahead = next(t for t in range(1, 200) if not inked(t))
    behind = next(t for t in range(1, 200) if not inked(-t))
    return ahead + behind - 1
