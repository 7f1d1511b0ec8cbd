"""Make the screenshots in docs/screenshots/ from the real window.

Run under a virtual X server, e.g.:
    xvfb-run -a -s "-screen 0 1400x940x24" .venv/bin/python docs/screenshots/take_screenshots.py
It draws a rune with real mouse events, stops mid-stroke (so the live prediction and the maps show),
and saves the window, then the rune chart.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from tempfile import mkdtemp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("RUNESIGHT_HOME", mkdtemp(prefix="runesight-shots-"))  # fresh settings, no autosave

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402

from desktop.app import create_application  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.mouse_replay import drag_stroke, send_mouse  # noqa: E402
from desktop.self_test import wait_until  # noqa: E402
from desktop.stroke_geometry import resample_polyline, unit_strokes_to_canvas  # noqa: E402

OUT = Path(__file__).resolve().parent
RUNE, FORM = "mathr", 0


def main() -> None:
    app = create_application()
    window = MainWindow(icon=app.windowIcon())
    window.resize(1360, 900)
    window.show()
    window.start()
    wait_until(lambda: window.model is not None, 120)
    canvas = window.canvas
    rune = window.alphabet.rune(RUNE)
    strokes = unit_strokes_to_canvas(rune.forms[FORM].strokes, (canvas.width(), canvas.height()), fill=0.65)
    for points in strokes[:-1]:
        drag_stroke(canvas, points)
    # The last stroke only two thirds drawn, button still held: the picture is taken mid-drawing.
    last = resample_polyline(strokes[-1], 4.0)
    last = last[: max(2, len(last) * 2 // 3)]
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(canvas, QEvent.Type.MouseButtonPress, QPointF(*last[0]), left, left)
    for x, y in last[1:]:
        send_mouse(canvas, QEvent.Type.MouseMove, QPointF(x, y), none, left)
    wait_until(lambda: not window.live.busy, 20)
    grid = window.feature_maps.grids["conv2"]
    grid.map_clicked.emit("conv2", int(np.argmax(grid.maps.max(axis=(0, 1)))))  # show one map large
    wait_until(lambda: False, 0.5)
    window.grab().save(str(OUT / "main-window.png"))
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, QPointF(*last[-1]), left, none)

    window.commands.show_rune_chart()
    chart = window.commands.rune_chart
    chart.show_rune("hagall")
    wait_until(lambda: False, 0.5)
    chart.grab().save(str(OUT / "rune-chart.png"))
    window.close()


if __name__ == "__main__":
    main()
