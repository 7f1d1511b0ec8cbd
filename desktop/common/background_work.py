"""Slow work off the window's thread: a function on a worker thread, with progress, result and cancel.

    task = BackgroundTask(lambda progress: import_drawings(store, paths, progress), parent)
    task.progress.connect(...); task.done.connect(...); task.failed.connect(...)
    task.start()
    task.cancel()   # the next progress call raises TaskCancelled inside the function

The function gets a `progress(done, total)` callable; the signals arrive on the window's thread
(queued, as the task object lives there). The worker is a daemon thread rather than a QThread: a
device search may still be waiting on a framework's start-up when the window closes, and a QThread
destroyed while it runs takes the whole process down, while a daemon thread simply ends with it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, Signal


class TaskCancelled(Exception):
    """Raised inside the function by its progress callback once the task was cancelled."""


class BackgroundTask(QObject):
    progress = Signal(int, int)  # done, total
    done = Signal(object)  # the function's result
    failed = Signal(str)  # why, for a person
    cancelled = Signal()

    def __init__(self, function: Callable[[Callable[[int, int], None]], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="runesight-task", daemon=True)
        self.details = ""  # the traceback of a failure

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the function has returned (scripts, shut-down); returns whether it has."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise TaskCancelled
        self._emit(self.progress, done, total)

    def _run(self) -> None:
        try:
            result = self._function(self._report)
        except TaskCancelled:
            self._emit(self.cancelled)
        except BaseException as error:  # any failure becomes a message: the window waits for one signal or another
            self.details = traceback.format_exc()
            self._emit(self.failed, f"{type(error).__name__}: {error}")
        else:
            self._emit(self.done, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        with suppress(RuntimeError):  # the window (and this object) went away meanwhile: nobody to tell
            signal.emit(*args)
