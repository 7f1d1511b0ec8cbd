"""Training the network: from scratch on generated drawings, or fine-tuning on a person's drawings.

Written against Keras 3 only; the same code trains on the TensorFlow, JAX and PyTorch backends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from model.alphabet import Alphabet
from model.generator import DEFAULT_STYLE, HandStyle
from model.model_files import load_network
from model.network import build_network, compile_network
from model.training_data import NON_RUNE_SHARE, PathMix, generated_batch


@dataclass(frozen=True)
class TrainingConfig:
    seed: int = 7
    samples_per_epoch: int = 32768
    validation_samples: int = 4096
    batch_size: int = 128
    max_epochs: int = 72  # the learning rate is at its floor by about epoch 45; early stopping ends it
    patience: int = 5  # epochs without a lower validation loss before stopping
    learning_rate: float = 1e-3
    non_rune_share: float = NON_RUNE_SHARE  # generated drawings that are no rune: the extra, last output
    # Start from this model's weights instead of random ones (a 16-output model gains the non-rune output).
    start_from: Path | None = None
    # Stop at the end of the epoch after which the next one would not end within this many seconds of the
    # start (a shared machine's deadline); None: no limit. Early stopping and max_epochs still apply.
    time_limit: float | None = None
    # The learning rate falls along a cosine over max_epochs (to 2 % of it) instead of halving on plateaus:
    # for a short run from a trained model, which has no plateaus to wait for.
    cosine_decay: bool = False

    @property
    def outputs(self) -> int:
        """Outputs per rune of the alphabet, plus one for "not a rune" when it is trained."""
        return 1 if self.non_rune_share > 0 else 0


class GeneratedRunes(keras.utils.PyDataset):
    """Fresh generated drawings every epoch; batch (epoch, index) is the same in every run of a seed."""

    def __init__(self, alphabet: Alphabet, batches: int, batch_size: int, seed: int,
                 style: HandStyle = DEFAULT_STYLE, mix: PathMix = PathMix(), non_rune_share: float = NON_RUNE_SHARE,
                 **kwargs):
        super().__init__(**kwargs)
        self.alphabet, self.batches, self.batch_size = alphabet, batches, batch_size
        self.seed, self.style, self.mix, self.non_rune_share = seed, style, mix, non_rune_share
        self.epoch = 0

    def __len__(self) -> int:
        return self.batches

    def __getitem__(self, index: int):
        rng = np.random.default_rng([self.seed, self.epoch, index])
        return generated_batch(self.alphabet, self.batch_size, rng, self.style, self.mix, self.non_rune_share)

    def on_epoch_end(self) -> None:
        self.epoch += 1


def validation_set(alphabet: Alphabet, count: int, seed: int, style: HandStyle = DEFAULT_STYLE,
                   non_rune_share: float = NON_RUNE_SHARE):
    """A fixed generated set, seeded apart from the training batches."""
    rng = np.random.default_rng([seed, 999_999])
    return generated_batch(alphabet, count, rng, style, non_rune_share=non_rune_share)


class TimeLimit(keras.callbacks.Callback):
    """Ends training at an epoch's end when one more epoch, as long as the slowest so far, would pass the limit."""

    def __init__(self, seconds: float, started: float):
        super().__init__()
        self.seconds, self.started, self.epoch_started, self.slowest = seconds, started, started, 0.0
        self.stopped_at: int | None = None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        now = time.perf_counter()
        self.slowest = max(self.slowest, now - self.epoch_started)
        if now - self.started + self.slowest > self.seconds:
            self.stopped_at = epoch + 1
            self.model.stop_training = True


class StopFlag(keras.callbacks.Callback):
    """Stops training at the end of the current batch once `should_stop()` turns true (cancel)."""

    def __init__(self, should_stop):
        super().__init__()
        self.should_stop = should_stop
        self.stopped = False

    def on_train_batch_end(self, batch, logs=None):
        if self.should_stop():
            self.stopped = True
            self.model.stop_training = True


def widen_into(trained: keras.Model, network: keras.Model) -> None:
    """Copy a trained network's weights into `network` of the same layers; where `network` has more outputs
    (a 16-output model, the non-rune output added), the new outputs start at zero weights and a bias that
    gives them a small share, so the trained outputs keep reading as they did."""
    for old, new in zip(trained.layers, network.layers):
        weights, shapes = old.get_weights(), [w.shape for w in new.get_weights()]
        if [w.shape for w in weights] == shapes:
            new.set_weights(weights)
            continue
        kernel, bias = weights
        if len(shapes) != 2 or shapes[0][:-1] != kernel.shape[:-1] or shapes[1][0] < bias.shape[0]:
            raise ValueError(f"layer {old.name}: cannot widen {kernel.shape} to {shapes[0]}")
        extra = shapes[1][0] - bias.shape[0]
        new.set_weights([np.concatenate([kernel, np.zeros((*kernel.shape[:-1], extra), kernel.dtype)], axis=-1),
                         np.concatenate([bias, np.full(extra, float(np.mean(bias)) - 2.0, bias.dtype)])])


def train_from_scratch(alphabet: Alphabet, config: TrainingConfig, callbacks=(), verbose: int | str = "auto"):
    """Train a new network on generated drawings. Returns (network, summary dict)."""
    keras.utils.set_random_seed(config.seed)
    started = time.perf_counter()
    validation = validation_set(alphabet, config.validation_samples, config.seed, non_rune_share=config.non_rune_share)
    batches = max(1, config.samples_per_epoch // config.batch_size)
    data = GeneratedRunes(alphabet, batches, config.batch_size, config.seed, non_rune_share=config.non_rune_share,
                          workers=1, use_multiprocessing=False, max_queue_size=16)
    network = build_network(len(alphabet) + config.outputs)
    if config.start_from is not None:
        widen_into(load_network(config.start_from), network)
    rate = (keras.optimizers.schedules.CosineDecay(config.learning_rate, config.max_epochs * batches, alpha=0.02)
            if config.cosine_decay else config.learning_rate)
    network = compile_network(network, rate)
    plateaus = [] if config.cosine_decay else [
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=1e-5, verbose=1)]
    history = network.fit(
        data,
        validation_data=validation,
        epochs=config.max_epochs,
        verbose=verbose,
        callbacks=[
            # Validation loss, not accuracy: near 98% accuracy moves in noisy steps of a few drawings
            # and stopped training while the loss was still falling.
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=config.patience, restore_best_weights=True, verbose=1
            ),
            *plateaus,
            *([TimeLimit(config.time_limit, started)] if config.time_limit else []),
            *callbacks,
        ],
    )
    scores = network.evaluate(*validation, batch_size=512, verbose=0, return_dict=True)
    summary = {
        "epochs_run": len(history.history["loss"]),
        "train_samples_seen": len(history.history["loss"]) * batches * config.batch_size,
        "samples_per_epoch": batches * config.batch_size,
        "validation_samples": len(validation[1]),
        "validation_accuracy": round(float(scores["accuracy"]), 5),
        "validation_top3": round(float(scores["top3"]), 5),
        "training_seconds": round(time.perf_counter() - started, 1),
        "non_rune_share": config.non_rune_share,
        "started_from": None if config.start_from is None else Path(config.start_from).name,
        "learning_rate": config.learning_rate,
        "learning_rate_schedule": "cosine" if config.cosine_decay else "halved on plateaus",
    }
    return network, summary
