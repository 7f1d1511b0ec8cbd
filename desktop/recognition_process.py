"""The network in a process of its own, so the window's process never imports the framework.

Why not simply a thread: importing TensorFlow holds Python's interpreter lock for long stretches
(loading its 1 GB library alone took 0.4-0.6 s at once on the 2-core machine), and a window whose
thread waits for that lock cannot draw: strokes stuttered while the model loaded. A child process
has its own interpreter, so the window stays smooth, and a model file that crashes the framework
takes only the child down.

The child is started with "spawn" (safe beside Qt's threads; a frozen app needs
`multiprocessing.freeze_support()`, which `desktop/__main__.py` calls). A worker thread in the
window's process sends one request at a time and waits for the answer, so `LiveRecognition`
schedules work exactly as with the in-process `RecognitionWorker`.
"""

from __future__ import annotations

import multiprocessing
from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.recognition_jobs import LoadFailed, RecognitionOutcome, load_model, load_recognizer, recognize_drawing
from model.drawing import Drawing

STOP_TIMEOUT_S = 2.0


class StartFailed(RuntimeError):
    """The child process could not be started (the message says why)."""


def serve(connection: Any) -> None:
    """The child's loop: a request in, a plain-data answer out, until "stop" or the pipe closes."""
    recognizer = None
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request[0] == "stop":
            return
        if request[0] == "load":
            try:
                recognizer, info = load_model(load_recognizer, request[1])
                connection.send(("loaded", info))
            except LoadFailed as failure:  # the previous recognizer stays
                connection.send(("failed", str(failure)))
        elif request[0] == "recognize":
            _, job_id, drawing, as_word = request
            if recognizer is None:
                connection.send(("recognized", RecognitionOutcome(job_id, None, "No model is loaded.", 0.0)))
            else:
                connection.send(("recognized", recognize_drawing(recognizer, job_id, drawing, as_word)))


class ProcessRecognitionWorker(QObject):
    """Same signals and slots as `RecognitionWorker`; lives on a worker QThread of the window."""

    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(str)
    recognized = Signal(object)  # RecognitionOutcome

    def __init__(self) -> None:
        super().__init__()
        self._process: multiprocessing.Process | None = None
        self._connection: Any = None
        self._good_path: tuple[Path | None] | None = None  # the model the child has, to restore after a crash
        self._stopping = False

    @property
    def process(self) -> multiprocessing.Process | None:
        return self._process

    # --- slots (on the worker thread) -------------------------------------------------------------
    @Slot(object)
    def load(self, path: Path | None) -> None:
        try:
            answer = self._ask(("load", path))
        except StartFailed as error:
            self.model_failed.emit(f"The recognition process could not be started: {error}")
            return
        if self._stopping:
            return
        if answer is None:
            self._restore_previous()
            where = path if path is not None else "the shipped model"
            self.model_failed.emit(f"The recognition process stopped while loading {where}.")
        elif answer[0] == "loaded":
            self._good_path = (path,)
            self.model_loaded.emit(answer[1])
        else:
            self.model_failed.emit(answer[1])

    @Slot(int, object, bool)
    def recognize(self, job_id: int, drawing: Drawing, as_word: bool = False) -> None:
        try:
            answer = self._ask(("recognize", job_id, drawing, as_word))
        except StartFailed as error:
            self.recognized.emit(RecognitionOutcome(job_id, None, f"No recognition process: {error}", 0.0))
            return
        if answer is None and not self._stopping:
            self._restore_previous()
            if self._good_path is not None:  # a fresh child has the model again: it reads this drawing once more
                with suppress(StartFailed):
                    answer = self._ask(("recognize", job_id, drawing, as_word))
                if answer is None and not self._stopping:
                    self._restore_previous()  # this drawing kills it: a child with the model for the next one
        if self._stopping:
            return
        if answer is None:
            problem = ("The recognition process stopped unexpectedly and could not read this drawing; "
                       "draw on to try again.")
            self.recognized.emit(RecognitionOutcome(job_id, None, problem, 0.0))
        else:
            self.recognized.emit(answer[1])

    # --- the child process ------------------------------------------------------------------------
    def _ask(self, request: tuple) -> tuple | None:
        """Send one request and wait for its answer; None when the child died (before or meanwhile)."""
        if self._process is not None and not self._process.is_alive():
            self._discard_process()  # it died while idle
            return None
        if self._process is None:
            try:
                self._start_process()
            except Exception as error:  # e.g. spawn refused while a script's main module is importing
                raise StartFailed(str(error).strip().splitlines()[0]) from error
        try:
            self._connection.send(request)
            return self._connection.recv()
        except (EOFError, OSError):
            self._discard_process()
            return None

    def _start_process(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(target=serve, args=(child_end,), name="runesight-recognition", daemon=True)
        process.start()
        child_end.close()
        self._process, self._connection = process, parent_end

    def _discard_process(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        self._process, self._connection = None, None

    def _restore_previous(self) -> None:
        """After a crash, load the last good model into a fresh child, so recognition goes on."""
        if self._good_path is not None and not self._stopping:
            try:
                answer = self._ask(("load", self._good_path[0]))
            except StartFailed:
                answer = None
            if answer is None or answer[0] != "loaded":
                self._good_path = None

    def stop(self) -> None:
        """From the window's thread at shut-down: end the child now, even in the middle of a load."""
        self._stopping = True
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_TIMEOUT_S)
            if process.is_alive():
                process.kill()
