"""From pen lift to bars painted, in the real window: p50 and p99 over many strokes.

The app's own window (the recognition process as the app runs it) on an X display, drawn on by the X
server's mouse: `xdotool` presses, moves (about 500 px/s, as a hand draws) and releases, so every event
takes the path a person's mouse takes. The drawings are the generator's runes, stroke by stroke; each
pen lift is timed from the moment the canvas receives the release to the moment the probability bars
have finished painting the recognition of the drawing as it then is (live updates during the stroke
included, as a person gets them).

    Xvfb :15 -screen 0 1366x768x24 &
    DISPLAY=:15 python bench/pen_lift.py [--strokes 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STROKE_TIMEOUT_S = 20.0
MOVE_SPACING_PX = 6.0
MOVE_PAUSE_S = 0.012  # 6 px every 12 ms: 500 px/s


class PenLiftClock:
    """Notes each pen lift on the canvas and the end of the bars' next paint that shows a settled answer."""

    def __init__(self, window) -> None:
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Watcher(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
                if watched is window.canvas and event.type() == QEvent.Type.MouseButtonRelease:
                    clock.released_at, clock.recognised, clock.latency = time.perf_counter(), False, None
                elif watched is window.predictions.bars and event.type() == QEvent.Type.Paint:
                    handled = watched.event(event)  # paint now, then note the time
                    clock.painted()
                    return handled
                return False

        self.window, self.released_at, self.recognised, self.latency = window, None, False, None
        self._watcher = Watcher()
        window.canvas.installEventFilter(self._watcher)
        window.predictions.bars.installEventFilter(self._watcher)
        window.live.recognized.connect(self._on_recognized)

    def _on_recognized(self, _recognition) -> None:
        if self.released_at is not None:
            self.recognised = True

    def painted(self) -> None:
        # Settled: an answer came after the lift, and nothing more is on its way (the lifted drawing's answer).
        if self.released_at is not None and self.recognised and not self.window.live.busy and self.latency is None:
            self.latency = time.perf_counter() - self.released_at


def run_until(condition, timeout_s: float) -> bool:
    """Run the event loop as `app.exec()` does (asleep until an event comes, no polling delay) until
    `condition()` holds; a 10 ms timer wakes it to look. Returns whether it held in time."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    deadline, waker = time.monotonic() + timeout_s, QTimer()
    waker.start(10)
    try:
        while not condition():
            if time.monotonic() > deadline:
                return False
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return True
    finally:
        waker.stop()


def stroke_command(points, origin) -> list[str]:
    from desktop.drawing.stroke_geometry import resample_polyline

    path = resample_polyline(points, MOVE_SPACING_PX)
    xs, ys = origin
    command = ["xdotool", "mousemove", str(round(xs + path[0][0])), str(round(ys + path[0][1])), "mousedown", "1"]
    for x, y in path[1:]:
        command += ["sleep", str(MOVE_PAUSE_S), "mousemove", str(round(xs + x)), str(round(ys + y))]
    return command + ["mouseup", "1"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") or shutil.which("xdotool") is None:
        print("This bench needs an X display (e.g. Xvfb) and xdotool: it draws with the X server's mouse.")
        return 2
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as desktop.app.main sets it

    import numpy as np
    from PySide6.QtCore import QPoint

    from desktop.app import create_application
    from desktop.self_test import careful_hand
    from model.generator import DEFAULT_STYLE, generate_drawing

    app = create_application()
    from desktop.main_window import MainWindow

    window = MainWindow(persist=False)
    window.resize(1200, 720)
    window.show()
    window.start()
    if not run_until(lambda: window.model is not None, 120.0):
        print("the model did not load")
        return 1
    clock = PenLiftClock(window)
    rng, style = np.random.default_rng(args.seed), careful_hand(DEFAULT_STYLE)
    latencies, missed, rune = [], 0, 0
    while len(latencies) + missed < args.strokes:
        window.canvas.clear()
        run_until(lambda: not window.live.busy, 5.0)
        canvas_size = (window.canvas.width(), window.canvas.height())
        drawing = generate_drawing(window.alphabet, rune % len(window.alphabet), rng, canvas_size=canvas_size,
                                   style=style)
        rune += 1
        origin = window.canvas.mapToGlobal(QPoint(0, 0))
        for stroke in drawing.strokes:
            if len(latencies) + missed >= args.strokes:
                break
            clock.released_at, clock.latency = None, None
            mouse = subprocess.Popen(stroke_command(stroke.points[:, :2], (origin.x(), origin.y())))
            done = run_until(lambda mouse=mouse: mouse.poll() is not None and clock.latency is not None,
                              STROKE_TIMEOUT_S)
            mouse.wait()
            if done:
                latencies.append(clock.latency)
            else:
                missed += 1
    window.close()
    app.processEvents()

    milliseconds = np.asarray(latencies) * 1000.0
    figures = {
        "strokes": len(latencies),
        "missed": missed,
        "p50_ms": round(float(np.percentile(milliseconds, 50)), 1),
        "p99_ms": round(float(np.percentile(milliseconds, 99)), 1),
        "max_ms": round(float(milliseconds.max()), 1),
        "qt_platform": app.platformName(),
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1),
        "machine": platform.processor() or platform.machine(),
    }
    print(f"pen lift to bars painted over {len(latencies)} strokes: p50 {figures['p50_ms']} ms, "
          f"p99 {figures['p99_ms']} ms, longest {figures['max_ms']} ms ({missed} strokes without an answer)")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
