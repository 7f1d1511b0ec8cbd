"""A tiny Keras network of the X-or-O network's shape, trained in seconds on generated 9x9 pictures, so the
features it learns can be set beside the hand-made ones, with the lecture's backpropagation table.

The shape: three 3x3 convolution features (ReLU), max pooling (window 2, stride 2, "same": a window past the
edge takes what it covers), flatten, a dense layer of two votes and softmax. Keras 3 APIs only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.lessons.x_or_o import CLASSES, INK, PAPER, SIZE, blank

EPOCHS = 30
TRAINING_PICTURES = 1200


def random_picture(rng: np.random.Generator, letter: str) -> np.ndarray:
    """An X or an O as a person might draw it in 9x9 pixels: any size and place, thin or thick, a few flipped
    pixels."""
    picture = blank()
    span = int(rng.integers(4, 8))  # pixels from one end of a stroke to the other, less one
    top, left = (int(rng.integers(0, SIZE - span)) for _ in range(2))
    thick = rng.random() < 0.25
    if letter == "X":
        for i in range(span + 1):
            for row, col in ((top + i, left + i), (top + i, left + span - i)):
                picture[row, col] = INK
                if thick and col + 1 < SIZE:
                    picture[row, col + 1] = INK
    else:
        bottom, right = top + span, left + span
        picture[top, left + 1 : right] = picture[bottom, left + 1 : right] = INK
        picture[top + 1 : bottom, left] = picture[top + 1 : bottom, right] = INK
        if thick and span > 4:
            picture[top + 1, left + 1 : right] = picture[bottom - 1, left + 1 : right] = INK
            picture[top + 1 : bottom, left + 1] = picture[top + 1 : bottom, right - 1] = INK
    flips = rng.random(picture.shape) < rng.uniform(0.0, 0.04)
    picture[flips] = np.where(picture[flips] == INK, PAPER, INK)
    return picture


def training_pictures(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` pictures, half X and half O, shuffled: (count, 9, 9, 1) and labels (count,) as class indices."""
    rng = np.random.default_rng(seed)
    labels = np.arange(count) % len(CLASSES)
    rng.shuffle(labels)
    pictures = np.array([random_picture(rng, CLASSES[label]) for label in labels], dtype=np.float32)
    return pictures[..., None], labels


def build_tiny_network():
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input((SIZE, SIZE, 1), name="picture"),
            layers.Conv2D(3, 3, activation="relu", name="features"),
            layers.MaxPooling2D(2, padding="same", name="pool"),
            layers.Flatten(name="flatten"),
            layers.Dense(len(CLASSES), activation="softmax", name="votes"),
        ],
        name="x_or_o",
    )


@dataclass(frozen=True)
class EpochReport:
    epoch: int  # 0: before training
    loss: float
    accuracy: float
    validation_loss: float
    validation_accuracy: float
    features: np.ndarray  # (3, 3, 3): the three learned 3x3 features, one after another
    table: list[tuple[str, float, float, float]]  # per class: name, right answer, actual answer, error


def backpropagation_table(probabilities: np.ndarray, right: int) -> list[tuple[str, float, float, float]]:
    """The lecture's table for one example: per class the right answer (1 or 0), the actual answer and the error
    (their difference, as a size)."""
    return [(name, float(index == right), float(p), abs(float(index == right) - float(p)))
            for index, (name, p) in enumerate(zip(CLASSES, probabilities))]


def train_tiny_network(example: np.ndarray, example_class: str, on_epoch: Callable[[EpochReport], None],
                       should_stop: Callable[[], bool] = lambda: False, epochs: int = EPOCHS, seed: int = 3):
    """Train the tiny network. Before training (epoch 0, no curves yet) and after every epoch, `on_epoch` gets
    the curves' points, the learned features and the backpropagation table for `example`. Returns the network."""
    import keras

    keras.utils.set_random_seed(seed)
    pictures, labels = training_pictures(TRAINING_PICTURES, seed)
    check_pictures, check_labels = training_pictures(TRAINING_PICTURES // 4, seed + 1)
    network = build_tiny_network()
    network.compile(optimizer=keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy",
                    metrics=["accuracy"])
    example_batch = np.asarray(example, dtype=np.float32).reshape(1, SIZE, SIZE, 1)
    right = CLASSES.index(example_class)

    def report(epoch: int, logs: dict) -> None:
        kernel = np.asarray(network.get_layer("features").get_weights()[0])[:, :, 0, :]
        probabilities = np.asarray(network.predict_on_batch(example_batch))[0]
        on_epoch(EpochReport(epoch, float(logs.get("loss", np.nan)), float(logs.get("accuracy", np.nan)),
                             float(logs.get("val_loss", np.nan)), float(logs.get("val_accuracy", np.nan)),
                             np.moveaxis(kernel, -1, 0), backpropagation_table(probabilities, right)))

    class Report(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if should_stop():
                self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            report(epoch + 1, logs or {})

    report(0, {})  # the untrained network: random features, an answer near a coin toss
    network.fit(pictures, labels, batch_size=32, epochs=epochs, verbose=0, shuffle=True,
                validation_data=(check_pictures, check_labels), callbacks=[Report()])
    return network
