"""`python -m desktop --self-test`: the whole app checked end to end, on a screen or offscreen.

It opens the real window, draws one generated drawing of every rune with real mouse events on the
canvas (the mouse's own input path), waits for each prediction and prints one JSON line (with the
resident memory of the app and its child processes at the end, `memory_mb`). Exit code 0 only if
every rune was read right. The packaged app runs this to prove the bundle works.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.drawing.mouse_replay import draw_strokes
from desktop.drawing.stroke_geometry import unit_strokes_to_canvas
from model.alphabet import Alphabet

MODEL_TIMEOUT_S = 180.0
RECOGNITION_TIMEOUT_S = 20.0


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `condition()` holds or the time is up; returns whether it held."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    return True


def careful_hand(style):
    """The generator's hand with half its variation: the self-test checks that the app works end to
    end, not how the model copes with its hardest drawings (bench/accuracy.py measures that)."""
    halved = ("rotation_sd_deg", "rotation_max_deg", "shear_sd", "shear_max", "aspect_sd", "vertex_jitter",
              "end_change", "bow", "shake")
    return replace(style, **{name: getattr(style, name) / 2 for name in halved})


def rune_drawings(alphabet: Alphabet, canvas_size: tuple[int, int], seed: int) -> tuple[str, list[list[np.ndarray]]]:
    """One drawing per rune, in canvas pixels: from the generator if there is one, else the first form."""
    try:
        # The base hand, without training's real-hand habits: the same drawings the self-test always drew.
        from model.generator import BASE_STYLE, generate_drawing
    except ImportError:
        generate_drawing = None
    if generate_drawing is not None:
        rng, style = np.random.default_rng(seed), careful_hand(BASE_STYLE)
        drawings = [generate_drawing(alphabet, index, rng, canvas_size=canvas_size, style=style)
                    for index in range(len(alphabet))]
        return "generator (careful hand)", [[stroke.points for stroke in drawing.strokes] for drawing in drawings]
    strokes = [unit_strokes_to_canvas(rune.trainable_forms[0].strokes, canvas_size) for rune in alphabet.runes]
    return "templates", strokes


def run_self_test(window, seed: int = 0) -> int:
    """Drive the (shown, started) main window; prints the JSON line and returns the exit code."""
    report: dict = {"runes": len(window.alphabet), "correct": 0, "qt_platform": QGuiApplication.platformName()}
    wait_until(lambda: window.window_shown_ms is not None, 10.0)
    report["window_shown_ms"] = _rounded(window.window_shown_ms)
    ready = wait_until(lambda: not window.loading_model, MODEL_TIMEOUT_S) and window.model is not None
    report["model_ready_ms"] = _rounded(window.model_ready_ms)
    if not ready:
        report["error"] = window.banner.text or "the model did not load in time"
        return _finish(window, report, ok=False)
    report["model"] = str(window.model.path)

    canvas = window.canvas
    source, drawings = rune_drawings(window.alphabet, (canvas.width(), canvas.height()), seed)
    report["drawings"] = source
    wrong, timings = [], []
    for rune, strokes in zip(window.alphabet.runes, drawings):
        canvas.clear()
        draw_strokes(canvas, strokes)
        if not wait_until(lambda: not window.live.busy, RECOGNITION_TIMEOUT_S) or window.last_recognition is None:
            wrong.append({"rune": rune.name, "guess": None, "probability": 0.0})
            continue
        timings.append(window.live.last_elapsed_ms or 0.0)
        guess, probability = window.last_recognition.best
        if guess == rune.name:
            report["correct"] += 1
        else:
            wrong.append({"rune": rune.name, "guess": guess, "probability": round(probability, 3)})
    report["wrong"] = wrong
    report["recognition_ms_mean"] = _rounded(float(np.mean(timings)) if timings else None, 2)
    canvas.clear()
    return _finish(window, report, ok=report["correct"] == report["runes"])


def _rounded(value: float | None, digits: int = 0) -> float | None:
    return None if value is None else round(float(value), digits)


def _finish(window, report: dict, *, ok: bool) -> int:
    from desktop.common.process_memory import app_memory_mb

    report["memory_mb"] = _rounded(app_memory_mb())  # the window's process and the recognition process
    report["passed"] = ok
    print(json.dumps(report, ensure_ascii=False), flush=True)
    window.close()
    return 0 if ok else 1
