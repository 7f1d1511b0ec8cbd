"""Scheduling of recognitions: latest wins, nothing stale is shown, slow and failing model loads."""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import pytest
from desktop_helpers import slow_loader

from desktop.recognition.live import LiveRecognition
from model.drawing import Drawing, Stroke


def line_drawing(x: float) -> Drawing:
    return Drawing((Stroke.from_xy(np.array([[x, 0.0], [x, 100.0], [x + 50, 100.0]])),), (400, 400))


class CountingRecognizer:
    """Wraps the real recognizer: counts recognitions and makes each one slow."""

    def __init__(self, inner, delay: float = 0.05) -> None:
        self._inner, self.delay, self.seen = inner, delay, []
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def recognize_sample(self, drawing):
        with self._lock:
            self.seen.append(drawing)
        time.sleep(self.delay)
        return self._inner.recognize_sample(drawing)


@pytest.fixture
def live(qtbot):
    made = []

    def make(loader) -> LiveRecognition:
        controller = LiveRecognition(loader)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def test_latest_drawing_wins_and_stale_work_is_skipped(qtbot, live, shipped_recognizer):
    counting = CountingRecognizer(shipped_recognizer, delay=0.1)
    controller = live(lambda path: counting)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    shown = []
    controller.recognized.connect(shown.append)
    drawings = [line_drawing(x) for x in range(10, 210, 10)]
    for drawing in drawings:  # twenty changes while the worker is busy with the first
        controller.submit(drawing)
    qtbot.waitUntil(lambda: not controller.busy, timeout=10_000)
    assert counting.seen[0] is drawings[0]
    assert counting.seen[-1] is drawings[-1]
    assert len(counting.seen) == 2  # the first, then only the newest; the 18 in between were never run
    np.testing.assert_allclose(shown[-1].input_image, shipped_recognizer.recognize_sample(drawings[-1]).input_image)


def test_live_updates_are_throttled(qtbot, live, shipped_recognizer):
    counting = CountingRecognizer(shipped_recognizer, delay=0.0)
    controller = live(lambda path: counting)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    for x in range(50):
        controller.submit(line_drawing(float(x)), live=True)
    assert counting.seen == []  # nothing sent yet: the first live update waits for the interval
    qtbot.waitUntil(lambda: not controller.busy, timeout=5_000)
    assert len(counting.seen) == 1 and counting.seen[0].strokes[0].points[0, 0] == 49.0


def test_an_empty_canvas_clears_at_once_and_drops_the_answer_in_flight(qtbot, live, shipped_recognizer):
    counting = CountingRecognizer(shipped_recognizer, delay=0.3)
    controller = live(lambda path: counting)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    shown, cleared = [], []
    controller.recognized.connect(shown.append)
    controller.cleared.connect(cleared.append)
    controller.submit(line_drawing(10))
    qtbot.waitUntil(lambda: len(counting.seen) == 1)
    controller.submit(Drawing((), (400, 400)))
    assert cleared == [""]
    qtbot.waitUntil(lambda: not controller.busy, timeout=5_000)
    assert shown == []  # the answer for the drawing that was cleared never shows


def test_an_unreadable_drawing_says_why(qtbot, live, shipped_recognizer):
    controller = live(lambda path: shipped_recognizer)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    with qtbot.waitSignal(controller.cleared) as cleared:
        controller.submit(Drawing((Stroke.from_xy([[5, 5], [5, 5]]),)))
    assert "dot" in cleared.args[0]


def test_drawings_made_while_the_model_loads_are_recognised_when_it_is_ready(qtbot, live, session_loader):
    controller = live(slow_loader(session_loader, 1.0))
    shown = []
    controller.recognized.connect(shown.append)
    controller.load_model()
    controller.submit(line_drawing(10))
    controller.submit(line_drawing(20))
    assert controller.busy and controller.model is None
    qtbot.waitUntil(lambda: controller.model is not None and not controller.busy, timeout=30_000)
    assert len(shown) == 1  # only the newest drawing, once


def test_a_failed_load_keeps_the_previous_model(qtbot, live, session_loader, tmp_path):
    controller = live(session_loader)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    first = controller.model
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"this is not a zip archive")
    with qtbot.waitSignal(controller.model_failed, timeout=30_000) as failed:
        controller.load_model(broken)
    assert str(broken) in failed.args[0]
    assert controller.model is first and not controller.is_loading
    with qtbot.waitSignal(controller.recognized, timeout=5_000):
        controller.submit(line_drawing(10))


def test_a_new_model_re_reads_the_drawing_on_the_canvas(qtbot, live, session_loader):
    controller = live(session_loader)
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=30_000)
    controller.submit(line_drawing(10))
    qtbot.waitUntil(lambda: not controller.busy)
    with qtbot.waitSignals([controller.model_ready, controller.recognized], order="strict", timeout=30_000):
        controller.load_model()


def test_the_app_runs_the_network_in_a_child_process_and_survives_its_crash(qtbot, live, tmp_path):
    controller = live(None)  # no loader: the app's own set-up
    controller.load_model()
    qtbot.waitUntil(lambda: controller.model is not None, timeout=120_000)
    process = controller.worker.process
    assert process.is_alive() and process.pid != os.getpid()
    with qtbot.waitSignal(controller.recognized, timeout=10_000) as recognized:
        controller.submit(line_drawing(10))
    recognition = recognized.args[0]
    assert recognition.probabilities.shape == (16,) and len(recognition.activations) == 3

    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a model")
    first = controller.model
    with qtbot.waitSignal(controller.model_failed, timeout=30_000) as failed:
        controller.load_model(broken)
    assert str(broken) in failed.args[0] and controller.model is first

    process.kill()  # as if the framework had crashed
    process.join(5)
    with qtbot.waitSignal(controller.recognized, timeout=120_000):  # the last good model back, the drawing read
        controller.submit(line_drawing(20))
    with qtbot.waitSignal(controller.recognized, timeout=10_000):
        controller.submit(line_drawing(30))
    child = controller.worker.process
    assert child.pid != process.pid
    controller.shutdown()
    assert not child.is_alive()


class DrawingThatKillsTheProcess:
    """Unpickled in the recognition process, it ends that process: a drawing that crashes the framework."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_drawing_that_kills_the_process_twice_leaves_a_process_with_the_model_for_the_next(qtbot):
    from desktop.recognition.process_worker import ProcessRecognitionWorker

    worker = ProcessRecognitionWorker()
    answers = []
    worker.recognized.connect(answers.append)
    worker.load(None)
    try:
        worker.recognize(1, DrawingThatKillsTheProcess())
        assert answers[-1].recognition is None and "could not read this drawing" in answers[-1].problem
        worker.recognize(2, line_drawing(10))
        assert answers[-1].recognition is not None, "the next drawing is read: the model was loaded again"
    finally:
        worker.stop()


@pytest.mark.slow
def test_recognition_recovers_when_the_replacement_process_dies_while_it_reloads(qtbot, tmp_path):
    from crashing_paths import PathThatEndsTheProcess

    from desktop.recognition.process_worker import ProcessRecognitionWorker
    from model.resource_files import SHIPPED_MODEL_PATH

    worker = ProcessRecognitionWorker()
    answers, failures = [], []
    worker.recognized.connect(answers.append)
    worker.model_failed.connect(failures.append)
    path = PathThatEndsTheProcess(SHIPPED_MODEL_PATH, markers=tmp_path)
    worker.load(path)
    try:
        first = worker.process
        path.end_next_loads(1)  # the replacement dies while it reloads the model
        first.kill()
        first.join(5)
        worker.recognize(1, line_drawing(10))
        worker.recognize(2, line_drawing(20))
        assert [answer.problem for answer in answers] == [None, None], "both drawings read: the model is back"
        assert failures == []
    finally:
        worker.stop()


@pytest.mark.slow
def test_when_the_process_keeps_stopping_the_window_says_so_and_try_again_brings_recognition_back(qtbot, tmp_path):
    from crashing_paths import PathThatEndsTheProcess
    from desktop_helpers import rune_strokes
    from PySide6.QtCore import Qt

    from desktop.drawing.mouse_replay import draw_strokes
    from desktop.main_window import MainWindow
    from desktop.recognition.process_worker import RELOAD_ATTEMPTS
    from model.resource_files import SHIPPED_MODEL_PATH

    window = MainWindow(persist=False)  # no loader: the network in its own process, as in the app
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    path = PathThatEndsTheProcess(SHIPPED_MODEL_PATH, markers=tmp_path)
    window.start(path)
    try:
        qtbot.waitUntil(lambda: window.model is not None, timeout=120_000)
        path.end_next_loads(RELOAD_ATTEMPTS)  # every replacement dies while it reloads the model
        first = window.live.worker.process
        first.kill()
        first.join(5)
        draw_strokes(window.canvas, rune_strokes(window.alphabet, "kaun", window.canvas))
        qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.action_button.isVisible(), timeout=60_000)
        assert "recognition process stopped" in window.banner.text and "Try again" in window.banner.text
        assert window.banner.action_button.text() == "Try again"
        assert window.last_recognition is None and window.model is None

        qtbot.mouseClick(window.banner.action_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.model is not None and window.last_recognition is not None, timeout=60_000)
        assert window.last_recognition.best[0] == "kaun", "the drawing on the canvas is read once the model is back"
        assert not window.banner.isVisible()
    finally:
        window.live.shutdown()
