"""Loading a model and recognising one drawing, as plain functions and data (no Qt).

The workers (a thread in tests, a separate process in the app) run these; what they hand back is
plain data (`ModelInfo`, `RecognitionOutcome`), so widgets never touch Keras. `load_recognizer` runs
the network with NumPy where it can, and imports Keras only for a model with a layer NumPy's forward
pass does not know.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from model.drawing import Drawing

Loader = Callable[[Path | None], Any]  # a model path (None: the shipped model) -> a Recognizer


def load_recognizer(path: Path | None) -> Any:
    """The real loader: the `.keras` file run by NumPy, or by the framework (imported then) where NumPy cannot."""
    from model.recognizer import Recognizer, prefer_single_thread_inference

    prefer_single_thread_inference()  # one drawing at a time: one thread is faster, and leaves a core to the UI
    return Recognizer.load(path)  # Keras is imported (quietly) only where the NumPy forward pass cannot run it


@dataclass(frozen=True)
class ModelInfo:
    """What the window needs to know about the active model."""

    path: Path
    metadata: dict
    rune_names: tuple[str, ...]
    layer_names: tuple[str, ...]
    filter_counts: tuple[int, ...]
    first_layer_kernels: np.ndarray = field(repr=False)  # (kh, kw, 1, filters)
    load_seconds: float = 0.0
    # In words: per convolution layer, the steps from the maps before it ("pool ½", "conv 3×3", "ReLU"), and
    # the steps after the last one (to the bars); see model.layer_specs.steps_between.
    layer_steps: tuple[tuple[str, ...], ...] = ()
    steps_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecognitionOutcome:
    job_id: int
    recognition: Any | None  # a model.recognizer.Recognition, or None when the drawing cannot be used
    problem: str | None  # why there is no recognition, for a person
    elapsed_ms: float
    drawing_unreadable: bool = False  # the problem is the drawing (blank, too small), not a failure
    word: Any | None = None  # a model.word_reading.WordReading, when the drawing was read as a word


class RecognitionWorker(Protocol):
    """What live recognition needs of a worker, in a process of its own (the app) or on a thread (tests).
    It lives on a QThread; its slots run one at a time, and its signals (Qt's, named here without Qt, as
    the recognition process imports this module) answer: `model_loaded(ModelInfo)`, `model_failed(str)`,
    `model_lost(str, path)` where a crashed process could not get the model back, `recognized(RecognitionOutcome)`.
    """

    model_loaded: Any
    model_failed: Any
    model_lost: Any
    recognized: Any

    def start_early(self) -> None: ...

    def load(self, path: Path | None) -> None: ...

    def recognize(self, job_id: int, drawing: Drawing, as_word: bool = False) -> None: ...

    def stop(self) -> None:
        """From the window's thread at shut-down."""

    def moveToThread(self, thread: Any) -> bool: ...  # noqa: N802  (Qt's name)


class LoadFailed(Exception):
    """A model that could not be loaded; the message is for a person and names the file."""


def load_model(loader: Loader, path: Path | None) -> tuple[Any, ModelInfo]:
    """Load with `loader` and describe the result; any failure becomes LoadFailed with the reason."""
    started = time.perf_counter()
    try:
        recognizer = loader(path)
        return recognizer, describe(recognizer, time.perf_counter() - started)
    except Exception as error:  # Keras raises many kinds of error for one bad file
        raise LoadFailed(failure_reason(error, path)) from error


def describe(recognizer: Any, load_seconds: float) -> ModelInfo:
    from model.layer_specs import steps_between

    kernels = np.asarray(recognizer.first_layer_kernels(), dtype=np.float32)
    filters = tuple(int(layer.filters) for layer in recognizer.conv_layers)
    steps, after = steps_between(recognizer.network.layer_specs)
    return ModelInfo(
        path=Path(recognizer.path) if recognizer.path else Path("(in memory)"),
        metadata=dict(recognizer.metadata),
        rune_names=tuple(recognizer.alphabet.names),
        layer_names=tuple(recognizer.layer_names),
        filter_counts=filters,
        first_layer_kernels=kernels,
        load_seconds=load_seconds,
        layer_steps=steps,
        steps_after=after,
    )


def recognize_drawing(recognizer: Any, job_id: int, drawing: Drawing, as_word: bool = False) -> RecognitionOutcome:
    """Recognise one drawing (`as_word`: read it as a word, glyph by glyph; the recognition is then the last
    glyph's, the one being written); a drawing that cannot be read, or a failure, becomes a `problem`."""
    started = time.perf_counter()
    recognition, problem, unreadable, word = None, None, False, None
    try:
        from model.preprocessing import DrawingError

        try:
            if as_word:
                from model.word_reading import read_word

                word = read_word(drawing, recognizer.recognize_sample, recognizer.alphabet)
                recognition = word.glyphs[-1].recognition
            else:
                recognition = recognizer.recognize_sample(drawing)
        except DrawingError as error:
            problem, unreadable = f"Nothing to recognise yet: {error}.", True
    except Exception as error:  # a bug must not leave the window waiting for an answer forever
        problem = f"Recognition failed: {type(error).__name__}: {error}"
    return RecognitionOutcome(job_id, recognition, problem, (time.perf_counter() - started) * 1000, unreadable,
                              word)


def failure_reason(error: Exception, path: Path | None) -> str:
    from model.model_files import ModelLoadError

    if isinstance(error, ModelLoadError):
        return str(error)
    where = path if path is not None else "the shipped model"
    return f"Model file {where} cannot be loaded: {type(error).__name__}: {error}"
