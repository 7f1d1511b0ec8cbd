"""The network in a process of its own, so the window's process never imports the framework.

Why not simply a thread: importing TensorFlow holds Python's interpreter lock for long stretches
(loading its 1 GB library alone took 0.4-0.6 s at once on the 2-core machine), and a window whose
thread waits for that lock cannot draw: strokes stuttered while the model loaded. A child process
has its own interpreter, so the window stays smooth, and a model file that crashes the framework
takes only the child down.

The child is started with "spawn" (safe beside Qt's threads; a frozen app needs
`multiprocessing.freeze_support()`, which `desktop/__main__.py` calls). A worker thread in the
window's process sends one request at a time and waits for the answer, so `LiveRecognition`
schedules work exactly as with the in-process `ThreadRecognitionWorker` (both are a
`jobs.RecognitionWorker`).
"""

from __future__ import annotations

import multiprocessing
from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.recognition.jobs import RecognitionOutcome
from desktop.recognition.service import serve
from model.drawing import Drawing

STOP_TIMEOUT_S = 2.0
# After a crash, fresh processes to load the last good model into before telling the person: a second
# crash while the first replacement reloads (a person's kill, the memory killer) must not end recognition.
RELOAD_ATTEMPTS = 3


class StartFailed(RuntimeError):
    """The child process could not be started (the message says why)."""


class ProcessRecognitionWorker(QObject):
    """A `jobs.RecognitionWorker`; lives on a worker QThread of the window."""

    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(str)
    recognized = Signal(object)  # RecognitionOutcome
    # The process kept stopping while it reloaded the model after a crash: (why, for a person; the model's
    # path, None for the shipped one, to load again when the person asks).
    model_lost = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self._process: multiprocessing.Process | None = None
        self._connection: Any = None
        self._good_path: tuple[Path | None] | None = None  # the model the child has, to restore after a crash
        self._stopping = False

    @property
    def process(self) -> multiprocessing.Process | None:
        return self._process

    @Slot()
    def start_early(self) -> None:
        """Start the process before there is anything to ask it: it imports while the window is built."""
        if self._process is None and not self._stopping:
            with suppress(Exception):  # a process that cannot start says why at the first request
                self._start_process()

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
            self.model_failed.emit(f"The recognition process stopped while loading {_model_name(path)}.")
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
        lost = False  # the model could not be given to a fresh process, and model_lost has said so
        if answer is None and not self._stopping:
            had_model = self._good_path is not None
            lost = had_model and not self._restore_previous()
            if had_model and not lost:  # a fresh child has the model again: it reads this drawing once more
                with suppress(StartFailed):
                    answer = self._ask(("recognize", job_id, drawing, as_word))
                if answer is None and not self._stopping:
                    lost = not self._restore_previous()  # this drawing kills it: a child with the model for the next
        if self._stopping:
            return
        if answer is None:
            problem = ("The recognition process stopped unexpectedly and could not read this drawing; "
                       "draw on to try again.")
            if lost:
                problem = "Not read: the recognition process keeps stopping (the message above says more)."
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

    def _restore_previous(self) -> bool:
        """After a crash, load the last good model into a fresh child, so recognition goes on; returns whether
        a child has it now. Where it cannot, `model_lost` says why, once, and the model is remembered no more:
        the person's "Try again" loads it anew."""
        if self._good_path is None or self._stopping:
            return False
        (path,) = self._good_path
        reason = f"stopped again each time it reloaded {_model_name(path)} ({RELOAD_ATTEMPTS} tries)"
        for _ in range(RELOAD_ATTEMPTS):
            try:
                answer = self._ask(("load", path))
            except StartFailed as error:
                reason = f"could not be started again ({error})"
                break
            if self._stopping:
                return False
            if answer is not None and answer[0] == "loaded":
                return True
            if answer is not None:  # the model itself cannot be loaded now (its file gone, say): trying on is no use
                reason = f"could not load the model again ({answer[1]})"
                break
        self._good_path = None
        self.model_lost.emit(f"The recognition process stopped, and {reason}, so drawings are not being read "
                             "for now. Choose Try again to start it once more.", path)
        return False

    def stop(self) -> None:
        """From the window's thread at shut-down: end the child now, even in the middle of a load."""
        self._stopping = True
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(STOP_TIMEOUT_S)
            if process.is_alive():
                process.kill()


def _model_name(path: Path | None) -> str:
    return str(path) if path is not None else "the shipped model"
