"""Teaching the network a person's hand: fine-tune the active model, or train anew, on their drawings.

Each epoch shows the network a fresh variation (`model.drawing_augmentation`) of the person's
drawings, every rune equally often, mixed with generated drawings so it does not forget runes in
general. Some of the person's drawings per rune are held back: they measure the old and the new
model side by side. A rune with too few drawings is filled in with generated ones (the split and
the choices are in `model.retrain_plan`, which needs no Keras). Progress goes to
a callback per batch and per epoch; `should_stop()` turning true stops the run within a batch.
Nothing here writes a model file: the caller decides (see `model.training_process`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Sample
from model.drawing_augmentation import varied_image
from model.evaluation import EvaluationReport, score
from model.preprocessing import CONTENT_SIZE, INPUT_SIZE, PEN_WIDTH, preprocess
from model.retrain_plan import MODES, RetrainConfig, RetrainPlan, RuneShortfall, plan_retrain, training_slots
from model.training_data import NON_RUNE_SHARE, generated_batch
from model.verdict import NON_RUNE_OUTPUT, split_outputs

__all__ = ["MODES", "RetrainConfig", "RetrainPlan", "RuneShortfall", "plan_retrain", "TrainingProgress", "Comparison",
           "RetrainReport", "RetrainCancelled", "confusion_matrix", "retrain"]


@dataclass(frozen=True)
class TrainingProgress:
    """One report on a run, for a progress bar, curves and a time-left label (plain data, picklable)."""

    phase: str  # "preparing", "training", "evaluating", "finished", "cancelled"
    fraction: float  # of the whole run, 0..1
    seconds: float  # since the run started
    seconds_left: float | None = None
    epoch: int = 0  # 1-based once training
    epochs: int = 0
    batch: int = 0
    batches: int = 0
    loss: float | None = None
    accuracy: float | None = None
    val_loss: float | None = None  # only at the end of an epoch
    val_accuracy: float | None = None
    epoch_end: bool = False


@dataclass
class Comparison:
    """The old and the new model on the same drawings; the confusion matrix is the new model's."""

    title: str
    before: EvaluationReport
    after: EvaluationReport
    confusion: list[list[int]]  # [true rune][predicted rune], alphabet order


@dataclass
class RetrainReport:
    """Everything the dialog shows at the end, as plain data (it crosses process boundaries)."""

    cancelled: bool
    seconds: float
    shortfalls: list[RuneShortfall]
    unusable: list[str]
    history: list[dict] = field(default_factory=list)  # one dict of losses and accuracies per epoch
    base_reads: float | None = None  # share of the training drawings the active model read before (fine-tune)
    held_back: Comparison | None = None  # None where no drawings could be held back
    generated: Comparison | None = None
    metadata: dict = field(default_factory=dict)  # written beside the new model


class RetrainCancelled(Exception):
    pass


def confusion_matrix(probabilities: np.ndarray, labels: np.ndarray, classes: int) -> list[list[int]]:
    matrix = np.zeros((classes, classes), dtype=int)
    np.add.at(matrix, (np.asarray(labels, dtype=int), np.asarray(probabilities).argmax(axis=1)), 1)
    return matrix.tolist()


def _dataset_class():
    import keras

    class RetrainBatches(keras.utils.PyDataset):
        """Batches of fresh variations of the person's drawings plus generated drawings."""

        def __init__(self, plan: RetrainPlan, config: RetrainConfig, pool: tuple[np.ndarray, np.ndarray],
                     should_stop: Callable[[], bool], **kwargs):
            super().__init__(**kwargs)
            self.plan, self.config, self.should_stop = plan, config, should_stop
            self.pool_images, self.pool_labels = pool
            self.by_rune = [np.flatnonzero(self.pool_labels == r) for r in range(len(plan.alphabet))]
            self.slots = training_slots(plan, config)
            self.personal = max(1, round(config.batch_size * (1.0 - config.generated_share)))
            self.generated = min(config.batch_size - self.personal, len(self.pool_labels))
            self.epoch, self._order = 0, None

        def __len__(self) -> int:
            return math.ceil(len(self.slots) / self.personal)

        def __getitem__(self, index: int):
            if self._order is None:
                self._order = np.random.default_rng([self.config.seed, self.epoch]).permutation(len(self.slots))
            rng = np.random.default_rng([self.config.seed, self.epoch, index])
            chosen = [self.slots[i] for i in self._order[index * self.personal:(index + 1) * self.personal]]
            images = np.zeros((len(chosen), INPUT_SIZE, INPUT_SIZE, 1), dtype=np.float32)
            for k, (rune, sample) in enumerate(chosen):
                if self.should_stop():
                    break  # the batch is thrown away: the run ends at this batch
                if sample is not None:
                    images[k, :, :, 0] = varied_image(sample, rng, self.config.variation)
                else:  # a generated stand-in for a drawing the person has not made
                    images[k] = self.pool_images[rng.choice(self.by_rune[rune])]
            labels = np.array([rune for rune, _ in chosen], dtype=np.int32)
            if self.generated:
                picked = rng.choice(len(self.pool_labels), self.generated, replace=False)
                images = np.concatenate([images, self.pool_images[picked]])
                labels = np.concatenate([labels, self.pool_labels[picked]])
            return images, labels

        def on_epoch_end(self) -> None:
            self.epoch, self._order = self.epoch + 1, None

    return RetrainBatches


def _generated_pool(alphabet: Alphabet, config: RetrainConfig, done: Callable[[float], None], non_rune_share: float):
    """Generated drawings for the whole run, every rune equally often, made in chunks (progress, cancel); a
    `non_rune_share` of them no rune, so a model with that output keeps it."""
    runes = len(alphabet)
    size = max(runes, config.generated_pool // runes * runes)
    chunk = runes * 8
    rng = np.random.default_rng([config.seed, 31])
    parts = []
    for start in range(0, size, chunk):
        parts.append(generated_batch(alphabet, min(chunk, size - start), rng, non_rune_share=non_rune_share))
        done(min(1.0, (start + chunk) / size))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _progress_callback(report: Callable[[TrainingProgress], None], epochs: int, batches: int, started: float,
                       throttle: float = 0.1):
    import keras

    class Progress(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epoch, self.training_started, self.last = 0, None, 0.0

        def _send(self, batch: int, logs: dict, epoch_end: bool) -> None:
            now = time.perf_counter()
            self.training_started = self.training_started or now
            done = self.epoch * batches + batch
            fraction = done / (epochs * batches)
            rate = (now - self.training_started) / max(done, 1)
            report(TrainingProgress(
                "training", 0.05 + 0.9 * fraction, now - started, rate * (epochs * batches - done) + 1.0,
                self.epoch + 1, epochs, batch, batches, _number(logs.get("loss")), _number(logs.get("accuracy")),
                _number(logs.get("val_loss")), _number(logs.get("val_accuracy")), epoch_end))
            self.last = now

        def on_train_batch_begin(self, batch, logs=None):
            self.training_started = self.training_started or time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            if time.perf_counter() - self.last >= throttle:
                self._send(batch + 1, logs or {}, False)

        def on_epoch_end(self, epoch, logs=None):
            if self.model.stop_training:
                return  # cancelled: Keras still ends the epoch, but it did not run to its end
            self._send(batches, logs or {}, True)
            self.epoch = epoch + 1

    return Progress()


def _number(value) -> float | None:
    return None if value is None else round(float(value), 5)


def _images(samples: Sequence[Sample], alphabet: Alphabet) -> tuple[np.ndarray, np.ndarray]:
    images = np.array([preprocess(s) for s in samples], dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
    return images, np.array([alphabet.index(s.label) for s in samples], dtype=np.int32)


def _compare(title, old, new, images, labels, alphabet) -> Comparison:
    from model.network import predict_in_batches

    before = split_outputs(predict_in_batches(old, images), len(alphabet))
    after = split_outputs(predict_in_batches(new, images), len(alphabet))
    return Comparison(title, score(before[0], labels, alphabet.names, before[1]),
                      score(after[0], labels, alphabet.names, after[1]),
                      confusion_matrix(after[0], labels, len(alphabet)))


def retrain(
    samples: Sequence[Sample],
    base_model: Path,
    config: RetrainConfig = RetrainConfig(),
    alphabet: Alphabet | None = None,
    progress: Callable[[TrainingProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
):
    """Fine-tune `base_model` (or train anew) on the person's drawings. Returns (network or None, RetrainReport).

    The network is None when the run was cancelled. `base_model` is the model in use now; the
    comparison is always against it. Raises ModelLoadError for an unusable base model.
    """
    import keras

    from model.compute_devices import describe_current_device
    from model.model_files import load_network, metadata_alphabet, read_metadata
    from model.network import build_network, compile_network
    from model.training import StopFlag

    config, started = config.checked(), time.perf_counter()
    alphabet = alphabet or metadata_alphabet(read_metadata(base_model), base_model)
    report_progress = progress or (lambda _: None)
    stop = should_stop or (lambda: False)

    def phase(name: str, fraction: float) -> None:
        if stop():
            raise RetrainCancelled
        report_progress(TrainingProgress(name, fraction, time.perf_counter() - started))

    plan = plan_retrain(samples, alphabet, config)
    report = RetrainReport(False, 0.0, plan.shortfalls, plan.unusable)
    try:
        phase("preparing", 0.0)
        keras.utils.set_random_seed(config.seed)
        old = load_network(base_model)
        outputs = int(old.outputs[0].shape[-1])  # the runes, and the non-rune output where the model has it
        network = build_network(outputs) if config.mode == "scratch" else load_network(base_model)
        for layer in network.layers:
            layer.trainable = layer.name not in config.frozen_layers
        report.base_reads, learning_rate = _starting_rate(old, plan, config)
        pool = _generated_pool(alphabet, config, lambda done: phase("preparing", 0.01 + 0.04 * done),
                               NON_RUNE_SHARE if outputs > len(alphabet) else 0.0)
        data = _dataset_class()(plan, config, pool, stop, workers=1, use_multiprocessing=False)
        rate = (keras.optimizers.schedules.CosineDecay(learning_rate, config.epochs * len(data))
                if config.cosine_decay else learning_rate)
        compile_network(network, rate)
        held_images, held_labels = _images([s for name in alphabet.names for s in plan.held_back[name]], alphabet)
        generated = generated_batch(alphabet, config.evaluation_per_rune * len(alphabet),
                                    np.random.default_rng([config.seed, 424242]))
        validation = (held_images, held_labels) if len(held_labels) else generated
        phase("training", 0.05)
        flag = StopFlag(stop)
        history = network.fit(data, validation_data=validation, epochs=config.epochs, verbose=0, callbacks=[
            flag, _progress_callback(report_progress, config.epochs, len(data), started)])
        if flag.stopped or stop():
            raise RetrainCancelled
        report.history = [dict(zip(history.history, map(_number, values)))
                          for values in zip(*history.history.values())]
        phase("evaluating", 0.96)
        if len(held_labels):
            report.held_back = _compare("your held-back drawings", old, network, held_images, held_labels, alphabet)
        report.generated = _compare("generated drawings", old, network, *generated, alphabet)
    except RetrainCancelled:
        report.cancelled, report.seconds = True, round(time.perf_counter() - started, 2)
        report_progress(TrainingProgress("cancelled", 0.0, report.seconds))
        return None, report
    report.seconds = round(time.perf_counter() - started, 2)
    report.metadata = _metadata(plan, config, base_model, report, len(data), describe_current_device(), learning_rate)
    if outputs > len(alphabet):
        report.metadata["outputs"] = list(alphabet.names) + [NON_RUNE_OUTPUT]
    report_progress(TrainingProgress("finished", 1.0, report.seconds, 0.0, config.epochs, config.epochs))
    return network, report


def _starting_rate(old, plan: RetrainPlan, config: RetrainConfig) -> tuple[float | None, float]:
    """(share of the person's training drawings the active model reads already, or None; the rate to learn at).

    A model that reads nearly all of them has little to learn: at the full rate it drifts, now and then
    misreading a drawing it read before; gently, it keeps what it knows. One that misreads many (a rune
    written in a shape of the person's own) needs the full rate to learn the new shape.
    """
    from model.network import predict_in_batches

    samples = [s for name in plan.alphabet.names for s in plan.training[name]]
    if config.mode != "fine-tune" or not samples:
        return None, config.learning_rate
    images, labels = _images(samples, plan.alphabet)
    probabilities, non_rune = split_outputs(predict_in_batches(old, images), len(plan.alphabet))
    reads = float(np.mean((probabilities.argmax(axis=1) == labels) & (non_rune < probabilities.max(axis=1))))
    gentle = reads >= config.gentle_above
    return round(reads, 5), config.learning_rate * (config.gentle_factor if gentle else 1.0)


def _metadata(plan: RetrainPlan, config: RetrainConfig, base_model: Path, report: RetrainReport, batches: int,
              device: str, learning_rate: float) -> dict:
    import keras

    def top1(comparison: Comparison | None) -> dict | None:
        return None if comparison is None else {"before": comparison.before.top1, "after": comparison.after.top1,
                                                "count": comparison.after.count}

    personal = sum(len(v) for v in plan.training.values())
    return {
        "alphabet": plan.alphabet.name,
        "runes": list(plan.alphabet.names),
        "input_size": INPUT_SIZE,
        "content_size": CONTENT_SIZE,
        "pen_width": PEN_WIDTH,
        "mode": config.mode,
        "trained_on": "the person's drawings and generated drawings",
        "base_model": str(base_model),
        "personal_drawings": personal,
        "personal_per_rune": {name: len(v) for name, v in plan.training.items()},
        "held_back_per_rune": {name: len(v) for name, v in plan.held_back.items()},
        "runes_filled_in": [s.rune for s in plan.shortfalls],
        "generated_share": config.generated_share,
        "images_per_epoch": batches * config.batch_size,
        "epochs": config.epochs,
        "epochs_run": len(report.history),
        "learning_rate": learning_rate,  # as used: gentler than chosen where the model read the drawings already
        "learning_rate_chosen": config.learning_rate,
        "base_read_training_drawings": report.base_reads,
        "frozen_layers": list(config.frozen_layers),
        "seed": config.seed,
        "scores": {"held_back": top1(report.held_back), "generated": top1(report.generated)},
        "training_seconds": report.seconds,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "device": device,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
