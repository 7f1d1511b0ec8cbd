"""Live recognition: which drawing goes to the worker, and when.

- A finished change (stroke ended, undo, ...) is sent at once; the stroke still being drawn is sent
  at most every `LIVE_INTERVAL_MS`.
- Newest wins (`common.newest_wins`): at most one drawing is on the worker, and at most one waits; a
  newer drawing replaces the waiting one, and an answer older than what is shown is dropped.
- The network runs in a child process (`process_worker`), or on a thread when a loader is given
  (tests, `thread_worker`): both are a `jobs.RecognitionWorker`.
- While a model loads, drawings wait; the newest is recognised as soon as the model is ready, and a
  newly loaded model re-recognises what is on the canvas.
- Where the recognition process keeps stopping as it reloads the model after a crash, `model_lost` says
  so and drawings wait until `reload_lost_model` (the person's "Try again") brings the model back.
- A stroke still being drawn that cannot be read yet (it starts as a dot, then a tick) changes nothing
  on screen: "too small to read" would flash at the start of every drawing. The finished stroke says it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from desktop.common.newest_wins import NewestWins
from desktop.recognition.jobs import Loader, ModelInfo, RecognitionOutcome, RecognitionWorker
from desktop.recognition.process_worker import ProcessRecognitionWorker
from desktop.recognition.thread_worker import ThreadRecognitionWorker
from model.drawing import Drawing

LIVE_INTERVAL_MS = 80


class LiveRecognition(QObject):
    recognized = Signal(object)  # model.recognizer.Recognition for the newest drawing
    word_read = Signal(object)  # model.word_reading.WordReading, in word mode, just before `recognized`
    cleared = Signal(str)  # no prediction to show; the text says why ("" for an empty canvas)
    model_loading = Signal(object)  # Path | None (None: the shipped model)
    model_ready = Signal(object)  # ModelInfo
    model_failed = Signal(str)
    # The recognition process kept stopping and has no model now; the text says so for a person, and
    # `reload_lost_model` tries again. Drawings wait meanwhile.
    model_lost = Signal(str)

    _load_requested = Signal(object)
    _early_start_requested = Signal()
    _recognition_requested = Signal(int, object, bool)

    def __init__(self, loader: Loader | None = None, parent: QObject | None = None) -> None:
        """`loader` None: the network runs in a child process (the app); a loader runs it on a thread."""
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("recognition")
        worker: RecognitionWorker = (ThreadRecognitionWorker(loader) if loader is not None
                                     else ProcessRecognitionWorker())
        self._worker = worker
        worker.moveToThread(self._thread)
        self._load_requested.connect(worker.load)
        self._recognition_requested.connect(worker.recognize)
        self._early_start_requested.connect(worker.start_early)
        worker.model_loaded.connect(self._on_model_loaded)
        worker.model_failed.connect(self._on_model_failed)
        worker.model_lost.connect(self._on_model_lost)
        worker.recognized.connect(self._on_recognized)
        self._thread.start()

        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self._send_live)

        self.model: ModelInfo | None = None
        self.last_elapsed_ms: float | None = None
        self._loads_running = 0
        self._next_job = 0
        self._shown_job = 0  # answers for this job or older are stale
        self._requests: NewestWins[tuple[int, Drawing, bool]] = NewestWins()  # (job, drawing, still being drawn)
        self._live: tuple[int, Drawing] | None = None
        self._current: Drawing | None = None  # what the canvas shows, for re-recognition by a new model
        self._lost: tuple[Path | None] | None = None  # the model the recognition process lost, to load again
        self.word_mode = False  # read the drawing as a word: glyph by glyph, left to right

    # --- requests from the window ---------------------------------------------------------------
    def start_early(self) -> None:
        """Start the recognition process now (on the worker thread), so that its imports overlap the window's
        start and a model loads soon after it is asked for. Nothing to start for an in-process worker."""
        self._early_start_requested.emit()

    def load_model(self, path: Path | None = None) -> None:
        """Load a model file (None: the shipped one) in the background; the old one stays until then."""
        self._loads_running += 1
        self.model_loading.emit(path)
        self._load_requested.emit(path)

    def reload_lost_model(self) -> None:
        """Load the model the recognition process lost (see `model_lost`) into a fresh one."""
        if self._lost is not None:
            (path,), self._lost = self._lost, None
            self.load_model(path)

    def submit(self, drawing: Drawing, *, live: bool = False) -> None:
        """A new state of the canvas. `live`: a stroke still being drawn (throttled)."""
        self._next_job += 1
        job = self._next_job
        if not drawing.strokes:
            self._live_timer.stop()
            self._live = self._current = None
            self._requests.drop_waiting()
            self._shown_job = job  # anything still on the worker is about an older drawing
            self.cleared.emit("")
            return
        if live:
            self._live = (job, drawing)
            if not self._live_timer.isActive():
                self._live_timer.start()
            return
        self._live_timer.stop()
        self._live = None
        self._current = drawing
        self._enqueue(job, drawing)

    def set_word_mode(self, on: bool) -> None:
        """Read drawings as words (or as one rune); what is on the canvas is read again the new way."""
        self.word_mode = on
        if self._current is not None:
            self._next_job += 1
            self._enqueue(self._next_job, self._current)

    @property
    def worker(self) -> RecognitionWorker:
        return self._worker

    @property
    def is_loading(self) -> bool:
        return self._loads_running > 0

    @property
    def busy(self) -> bool:
        """Whether an answer is still to come (work running, waiting for a model, or throttled)."""
        if self.is_loading or self._requests.running is not None:
            return True
        return self.model is not None and (self._requests.waiting is not None or self._live_timer.isActive())

    def shutdown(self) -> None:
        """Stop the worker (a child process at once) and its thread."""
        self._live_timer.stop()
        self._worker.stop()
        self._thread.quit()
        self._thread.wait()

    # --- scheduling -------------------------------------------------------------------------------
    def _send_live(self) -> None:
        if self._live is not None:
            job, drawing = self._live
            self._live = None
            self._enqueue(job, drawing, live=True)

    def _enqueue(self, job: int, drawing: Drawing, *, live: bool = False) -> None:
        self._requests.ask((job, drawing, live))
        self._dispatch()

    def _dispatch(self) -> None:
        if self.model is None or self.is_loading:
            return  # drawings wait for a model
        if (request := self._requests.next()) is not None:
            job, drawing, _live = request
            self._recognition_requested.emit(job, drawing, self.word_mode)

    # --- answers from the worker ------------------------------------------------------------------
    def _on_recognized(self, outcome: RecognitionOutcome) -> None:
        request = self._requests.done()
        live = request is not None and request[2]
        if live and outcome.drawing_unreadable:
            pass  # the stroke is still growing; its end is sent again when the pen lifts
        elif outcome.job_id > self._shown_job:
            self._shown_job = outcome.job_id
            self.last_elapsed_ms = outcome.elapsed_ms
            if outcome.recognition is not None:
                if outcome.word is not None:
                    self.word_read.emit(outcome.word)
                self.recognized.emit(outcome.recognition)
            else:
                self.cleared.emit(outcome.problem or "")
        self._dispatch()

    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._loads_running -= 1
        self.model, self._lost = info, None
        if self._requests.waiting is None and self._current is not None:
            self._next_job += 1  # show the new model's view of what is on the canvas
            self._requests.ask((self._next_job, self._current, False))
        self.model_ready.emit(info)
        self._dispatch()

    def _on_model_lost(self, message: str, path: Path | None) -> None:
        self.model, self._lost = None, (path,)  # drawings wait; the canvas is read again once it is back
        self.model_lost.emit(message)

    def _on_model_failed(self, message: str) -> None:
        self._loads_running -= 1
        self.model_failed.emit(message)
        self._dispatch()
