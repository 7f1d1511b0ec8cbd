"""The in-process worker: loads models and recognises drawings on a worker thread.

Used when a loader is given (the tests inject one that shares a single recognizer, or a slow one).
The app itself uses `process_worker.ProcessRecognitionWorker`; both are a `jobs.RecognitionWorker`,
but that one keeps the framework out of the window's process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.recognition.jobs import Loader, LoadFailed, load_model, load_recognizer, recognize_drawing
from model.drawing import Drawing


class ThreadRecognitionWorker(QObject):
    """Lives on a worker QThread; its slots are called through queued signals, one at a time."""

    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(str)  # why, naming the file
    recognized = Signal(object)  # RecognitionOutcome
    model_lost = Signal(str, object)  # never sent: a thread of the window cannot crash on its own

    def __init__(self, loader: Loader = load_recognizer) -> None:
        super().__init__()
        self._loader = loader
        self._recognizer: Any | None = None

    @Slot()
    def start_early(self) -> None:
        """Nothing to start: the thread is there already."""

    @Slot(object)
    def load(self, path: Path | None) -> None:
        try:
            recognizer, info = load_model(self._loader, path)
        except LoadFailed as failure:  # the previous model stays in place
            self.model_failed.emit(str(failure))
            return
        self._recognizer = recognizer
        self.model_loaded.emit(info)

    @Slot(int, object, bool)
    def recognize(self, job_id: int, drawing: Drawing, as_word: bool = False) -> None:
        self.recognized.emit(recognize_drawing(self._recognizer, job_id, drawing, as_word))

    def stop(self) -> None:
        """Nothing to stop early: the thread ends after the job it is on."""
