"""The dataset browser, collect mode and the retrain plan with 100,000 drawings, in the real window.

    nice python bench/browser_at_scale.py [--drawings N] [--json]

Builds a store of N drawings (default 100,000) in a temporary data folder: a few thousand generated
drawings (real strokes, times and pressures), each stored many times with its times shifted, so every
row is a distinct drawing; written with plain SQL inserts in one transaction (seconds, not the
minutes `DrawingStore.add` would take). Then it opens the real main window on that folder and, with a
50 ms timer on the UI thread, measures the longest gap between two of its ticks (a freeze) while the
browser opens, scrolls from top to bottom, filters to one rune, while collect mode saves three
drawings with the browser open, while 1,000 drawings are deleted (Del) and brought back (Ctrl+Z), and
while the window closes. Also the app's resident memory (now and at its peak) and how long the retrain
dialog takes to show its plan, with the memory that plan keeps. The model is not loaded: recognition
runs in its own process and is not what is measured here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 50
UNIQUE_DRAWINGS = 2_000


def build_store(path: Path, count: int) -> None:
    """`count` drawings of every rune, as the store keeps them, inserted in one transaction."""
    from model.alphabet import load_alphabet
    from model.drawing_files import sample_to_json
    from model.drawing_store import DrawingStore
    from model.generator import generate_drawing

    alphabet, rng = load_alphabet(), np.random.default_rng(0)
    DrawingStore(path, alphabet).close()  # the schema, as the app makes it
    bases = [(alphabet.names[i % len(alphabet)],
              sample_to_json(generate_drawing(alphabet, i % len(alphabet), rng, (400, 400)).with_label(None)))
             for i in range(min(UNIQUE_DRAWINGS, count))]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    for number in range(count):
        label, base = bases[number % len(bases)]
        shift = number // len(bases)  # ms: the same picture, a different drawing
        body = dict(base, drawing=[[xs, ys, [t + shift for t in ts]] for xs, ys, ts in base["drawing"]])
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        created = "2026-01-01T00:00:00.000+00:00"
        connection.execute(
            "INSERT INTO drawings (label, source, created, kind, canvas_width, canvas_height, drawing, digest)"
            " VALUES (?, 'collected', ?, 'strokes', 400, 400, ?, ?)",
            (label, created, json.dumps(body, ensure_ascii=False), digest))
    connection.execute("COMMIT")
    connection.close()


def resident_mb() -> tuple[float, float]:
    """(resident now, peak) in MB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return (round(int(fields["VmRSS"].split()[0]) / 1024, 1), round(int(fields["VmHWM"].split()[0]) / 1024, 1))


class GapMeter:
    """The longest time between two ticks of a 50 ms timer on the UI thread: how long the window froze."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0


def run_for(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def measure(count: int) -> dict:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.drawing.mouse_replay import draw_strokes
    from desktop.drawing.stroke_geometry import unit_strokes_to_canvas

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.main_window import MainWindow

    figures: dict = {"drawings": count}
    window = MainWindow()
    window.show()
    meter = GapMeter()
    run_for(1.0)
    figures["rss_start_mb"] = resident_mb()[0]

    def freeze(name: str, action, settle_s: float = 1.5) -> None:
        """Do `action` from the event loop, let the window settle, and record the longest gap."""
        from PySide6.QtCore import QTimer

        meter.reset()
        QTimer.singleShot(0, action)
        run_for(settle_s)
        figures[f"{name}_freeze_ms"] = round(meter.longest * 1000)

    def wait_until(condition, most_s: float = 600.0) -> float:
        started = time.perf_counter()
        while not condition() and time.perf_counter() - started < most_s:
            run_for(0.05)
        return time.perf_counter() - started

    freeze("open_browser", window.dataset.action.trigger, 3.0)
    browser = window.dataset.browser
    view = browser.thumbnails
    bar = view.verticalScrollBar()

    def scroll_through() -> None:
        steps = 20
        for step in range(1, steps + 1):
            from PySide6.QtCore import QTimer

            QTimer.singleShot(step * 100, lambda step=step: bar.setValue(bar.maximum() * step // steps))

    freeze("scroll", scroll_through, 3.5)
    figures["rss_after_scroll_mb"] = resident_mb()[0]

    def choose_rune(name: str) -> None:
        row = next(row for row in range(browser.runes.count())
                   if browser.runes.item(row).data(Qt.ItemDataRole.UserRole) == name)
        browser.runes.setCurrentRow(row)

    freeze("filter_one_rune", lambda: choose_rune("fe"), 3.0)
    freeze("filter_all_runes", lambda: choose_rune("__all__"), 3.0)

    window.collect.action.trigger()
    run_for(0.5)
    saves = []
    for number in range(3):
        rune = window.alphabet.rune(window.collect.rune)
        points = unit_strokes_to_canvas(rune.trainable_forms[0].strokes, (window.canvas.width(),
                                                                         window.canvas.height()))
        draw_strokes(window.canvas, [p + number for p in points])
        run_for(0.3)
        freeze("collect_save", window.collect.save_action.trigger, 2.0)
        saves.append(figures.pop("collect_save_freeze_ms"))
    figures["collect_save_freeze_ms"] = max(saves)
    window.collect.action.trigger()
    run_for(0.5)

    model = view.model()

    def select_first(rows: int) -> None:
        rows = min(rows, model.rowCount())  # a small store (--drawings 500): all of it
        view.selectionModel().select(QItemSelection(model.index(0, 0), model.index(rows - 1, 0)),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect)

    select_first(1000)
    run_for(0.5)
    before = len(window.drawings.store)
    freeze("delete_1000", lambda: QTest.keyClick(view, Qt.Key.Key_Delete), 3.0)
    figures["deleted"] = before - len(window.drawings.store)
    freeze("undo_delete", lambda: QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier), 3.0)
    figures["after_undo"] = len(window.drawings.store)
    figures["rss_browser_mb"], _ = resident_mb()

    before_plan = resident_mb()[0]
    window.retrain.action.trigger()
    setup = window.retrain.dialog.setup
    figures["plan_s"] = round(wait_until(lambda: setup.start_button.isEnabled()), 2)
    run_for(1.0)
    figures["plan_keeps_mb"] = round(resident_mb()[0] - before_plan, 1)
    window.retrain.dialog.close()
    run_for(0.5)

    select_first(1000)
    QTest.keyClick(view, Qt.Key.Key_Delete)  # for the close to purge
    run_for(0.5)
    figures["rss_end_mb"], figures["rss_peak_mb"] = resident_mb()
    freeze("close_window", window.close, 2.0)
    meter.timer.stop()
    app.processEvents()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="runesight-browser-") as home:
        os.environ["RUNESIGHT_HOME"] = home
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        started = time.perf_counter()
        build_store(Path(home) / "drawings.sqlite3", args.drawings)
        built_s = round(time.perf_counter() - started, 1)
        figures = measure(args.drawings)
        figures["build_store_s"] = built_s
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
