"""Training the network: from scratch on generated drawings, or fine-tuning on a person's drawings.

Written against Keras 3 only; the same code trains on the TensorFlow, JAX and PyTorch backends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import keras
import numpy as np

from model.alphabet import Alphabet
from model.generator import DEFAULT_STYLE, HandStyle
from model.network import build_network, compile_network
from model.training_data import PathMix, generated_batch


@dataclass(frozen=True)
class TrainingConfig:
    seed: int = 7
    samples_per_epoch: int = 32768
    validation_samples: int = 4096
    batch_size: int = 128
    max_epochs: int = 72  # the learning rate is at its floor by about epoch 45; early stopping ends it
    patience: int = 5  # epochs without a lower validation loss before stopping
    learning_rate: float = 1e-3


class GeneratedRunes(keras.utils.PyDataset):
    """Fresh generated drawings every epoch; batch (epoch, index) is the same in every run of a seed."""

    def __init__(self, alphabet: Alphabet, batches: int, batch_size: int, seed: int,
                 style: HandStyle = DEFAULT_STYLE, mix: PathMix = PathMix(), **kwargs):
        super().__init__(**kwargs)
        self.alphabet, self.batches, self.batch_size = alphabet, batches, batch_size
        self.seed, self.style, self.mix = seed, style, mix
        self.epoch = 0

    def __len__(self) -> int:
        return self.batches

    def __getitem__(self, index: int):
        rng = np.random.default_rng([self.seed, self.epoch, index])
        return generated_batch(self.alphabet, self.batch_size, rng, self.style, self.mix)

    def on_epoch_end(self) -> None:
        self.epoch += 1


def validation_set(alphabet: Alphabet, count: int, seed: int, style: HandStyle = DEFAULT_STYLE):
    """A fixed generated set, seeded apart from the training batches."""
    return generated_batch(alphabet, count, np.random.default_rng([seed, 999_999]), style)


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


def train_from_scratch(alphabet: Alphabet, config: TrainingConfig, callbacks=(), verbose: int | str = "auto"):
    """Train a new network on generated drawings. Returns (network, summary dict)."""
    keras.utils.set_random_seed(config.seed)
    started = time.perf_counter()
    validation = validation_set(alphabet, config.validation_samples, config.seed)
    batches = max(1, config.samples_per_epoch // config.batch_size)
    data = GeneratedRunes(alphabet, batches, config.batch_size, config.seed, workers=1, use_multiprocessing=False,
                          max_queue_size=16)
    network = compile_network(build_network(len(alphabet)), config.learning_rate)
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
            keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=1e-5, verbose=1),
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
    }
    return network, summary
