"""Long work off the window's thread, one way for all of it: a function on a worker thread whose signals
arrive on the window's thread (queued, as the task object lives there):

    task = BackgroundTask(lambda report: import_drawings(store, paths, report), parent)
    task.progress.connect(...)   # each report(...) the function makes, as a tuple: (done, total), or its news
    task.finished.connect(...)   # the function's result
    task.failed.connect(...)     # why, for a person (`details`: the traceback, or what the work gave)
    task.cancelled.connect(...)
    task.start()
    task.cancel()   # the next report(...) raises TaskCancelled inside the function

`started` comes first, then any `progress`, then exactly one of `finished`, `failed` or `cancelled`.
Work in a child process (a training run) is followed the same way: the function waits for the child's
messages, reports them, and returns, raises `WorkFailed` or raises `TaskCancelled` as the child ends.

The worker is a daemon thread rather than a QThread: a device search may still be waiting on a
framework's start-up when the window closes, and a QThread destroyed while it runs takes the whole
process down, while a daemon thread simply ends with it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, Signal

Report = Callable[..., None]


class TaskCancelled(Exception):
    """Raised inside the function by its report callback once the task was cancelled (or by the function,
    where the work it follows was cancelled)."""


class WorkFailed(Exception):
    """Raised by the function to fail with a message for a person, and details for a tooltip."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message, self.details = message, details


class BackgroundTask(QObject):
    started = Signal()
    progress = Signal(tuple)  # what the function reported: (done, total), or its own news
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # why, for a person
    cancelled = Signal()

    def __init__(self, function: Callable[[Report], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="runesight-task", daemon=True)
        self.details = ""  # the traceback of a failure, or a WorkFailed's details

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

    def _report(self, *news: Any) -> None:
        if self._cancel.is_set():
            raise TaskCancelled
        self._emit(self.progress, news)

    def _run(self) -> None:
        self._emit(self.started)
        try:
            result = self._function(self._report)
        except TaskCancelled:
            self._emit(self.cancelled)
        except WorkFailed as failure:
            self.details = failure.details
            self._emit(self.failed, failure.message)
        except BaseException as error:  # any failure becomes a message: the window waits for one signal or another
            self.details = traceback.format_exc()
            self._emit(self.failed, f"{type(error).__name__}: {error}")
        else:
            self._emit(self.finished, result)

    @staticmethod
    def _emit(signal, *args) -> None:
        with suppress(RuntimeError):  # the window (and this object) went away meanwhile: nobody to tell
            signal.emit(*args)
