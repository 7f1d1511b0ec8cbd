"""A retrain in a separate process: the window never freezes, and a crash there is only a message here.

    job = RetrainJob(RetrainRequest(samples, base_model, config, out_path, backend="tensorflow"))
    job.start()
    ... every 100 ms (a QTimer):  for message in job.poll(): show(message)
    job.cancel()                  # the run stops within about a second; nothing is written

Messages are plain picklable dataclasses: `Started`, `TrainingProgress` (from `model.fine_tuning`),
then one of `Finished`, `Cancelled` or `Failed`. The child is started with the 'spawn' method and
runs `run_retrain`, a top-level function, so it also works from a PyInstaller-frozen app, whose entry
point must call `multiprocessing.freeze_support()` first thing. The child sets `KERAS_BACKEND`
before Keras is imported, so it may train on JAX or PyTorch where they see a GPU; the `.keras` file
it writes loads in the app on TensorFlow.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from model.drawing import Sample
from model.fine_tuning import RetrainConfig, RetrainReport, TrainingProgress
from model.retrain_plan import PlannedDrawings

CANCEL_GRACE_SECONDS = 10.0  # after this, a run that does not stop is terminated
STOP_GRACE_SECONDS = 3.0  # the app is closing (its window already hidden): a shorter wait, then terminate


@dataclass(frozen=True)
class RetrainRequest:
    # A snapshot of the person's drawings (labelled), or the store's drawings by id, which the child reads
    # itself: the app need not hold 100,000 drawings to start a run.
    samples: Sequence[Sample] | PlannedDrawings
    base_model: Path  # the active model: fine-tuned from, and compared against
    config: RetrainConfig
    out_path: Path  # where the new model goes (a candidate; see model.model_versions)
    backend: str | None = None  # Keras backend for the run; None keeps $KERAS_BACKEND or TensorFlow
    cpu_only: bool = False  # the person chose the CPU: the backend must not take a GPU it can see


@dataclass(frozen=True)
class Started:
    pid: int
    backend: str
    device: str


@dataclass(frozen=True)
class Finished:
    model_path: Path
    report: RetrainReport


@dataclass(frozen=True)
class Cancelled:
    report: RetrainReport | None = None


@dataclass(frozen=True)
class Failed:
    message: str  # for people
    details: str = field(default="", repr=False)  # the traceback, for a "details" box


Message = Started | TrainingProgress | Finished | Cancelled | Failed
FINAL = (Finished, Cancelled, Failed)


def child_environment(request: RetrainRequest) -> dict[str, str]:
    """What the child sets before anything imports Keras: the backend, and for a CPU run no GPU at all
    (each framework reads these when it starts, so a CPU run cannot take a GPU the backend sees)."""
    environment = {"KERAS_BACKEND": request.backend} if request.backend else {}
    if request.cpu_only:
        environment |= {"CUDA_VISIBLE_DEVICES": "", "JAX_PLATFORMS": "cpu"}
    return environment


def run_retrain(request: RetrainRequest, messages, cancel) -> None:
    """The child process: train, save the model to `request.out_path`, report through `messages`."""
    parent = os.getppid()
    os.environ.update(child_environment(request))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import keras

        from model.compute_devices import describe_current_device
        from model.fine_tuning import retrain
        from model.model_files import save_model

        messages.put(Started(os.getpid(), keras.backend.backend(), describe_current_device()))

        def should_stop() -> bool:  # also stop when the app that started us has gone
            return cancel.is_set() or os.getppid() != parent

        damaged: list[int] = []
        samples = request.samples.read(damaged) if isinstance(request.samples, PlannedDrawings) else request.samples
        network, report = retrain(samples, request.base_model, request.config,
                                  progress=messages.put, should_stop=should_stop)
        report.unusable += [f"drawing {drawing_id}: stored damaged (or gone), could not be read"
                            for drawing_id in damaged]
        if network is None:
            messages.put(Cancelled(report))
            return
        save_model(network, request.out_path, report.metadata)
        messages.put(Finished(Path(request.out_path), report))
    except BaseException as error:  # everything becomes a message; the app decides what to show
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        messages.put(Failed(f"Training failed: {reason}", traceback.format_exc()))


class RetrainJob:
    """One retrain in a child process, driven from the app's thread without blocking it."""

    def __init__(self, request: RetrainRequest):
        self.request = request
        context = multiprocessing.get_context("spawn")
        self._messages = context.Queue()
        self._cancel = context.Event()
        self._process = context.Process(target=run_retrain, args=(request, self._messages, self._cancel),
                                        name="runesight-retrain", daemon=True)
        self.final: Message | None = None  # Finished, Cancelled or Failed, once it came

    def start(self) -> None:
        self._process.start()

    def cancel(self) -> None:
        """Ask the run to stop; it does within about a second, writing nothing."""
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._process.is_alive()

    def poll(self, timeout: float = 0.0) -> list[Message]:
        """The messages that came since the last call (waiting up to `timeout` for the first)."""
        out = []
        try:
            out.append(self._messages.get(timeout=timeout) if timeout > 0 else self._messages.get_nowait())
            while True:
                out.append(self._messages.get_nowait())
        except queue.Empty:
            pass
        for message in out:
            if isinstance(message, FINAL):
                self.final = message
        if self.final is None and not out and self._process.exitcode is not None:
            # Killed from outside (out of memory, say) before it could say anything more.
            self.final = Failed(ended_unexpectedly(self._process.exitcode))
            out.append(self.final)
        return out

    def wait(self, timeout: float | None = None) -> Message | None:
        """Block until the final message (for scripts and tests); returns it, or None on timeout."""
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.final is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            self.poll(timeout=min(0.5, left) if left is not None else 0.5)
        self._process.join(CANCEL_GRACE_SECONDS)
        return self.final

    def stop(self) -> None:
        """Cancel, and end the process if it does not stop in time (closing the app)."""
        self.cancel()
        self._process.join(STOP_GRACE_SECONDS)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5.0)


def ended_unexpectedly(exit_code: int) -> str:
    """Why a training process that died without a word probably did, and what to try, for a person."""
    if exit_code == -9:  # SIGKILL: on Linux nearly always the out-of-memory killer
        return ("The training process was stopped by the system (exit code -9), most likely because the "
                "computer ran out of memory. Close other programs, or fine-tune instead of training anew, "
                "or choose fewer epochs.")
    if exit_code < 0:
        return (f"The training process was stopped by a signal (exit code {exit_code}). Try again; if it "
                "happens again, fine-tune instead of training anew, or choose the CPU.")
    return (f"The training process ended unexpectedly (exit code {exit_code}). Try again; if it happens "
            "again, choose the CPU as the device.")
