"""The convolutional network, written against Keras 3 only (runs on TensorFlow, JAX and PyTorch)."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from model.preprocessing import INPUT_SIZE

CONV_LAYER_NAMES = ("conv1", "conv2", "conv3")


FILTERS = (32, 64, 128)  # per convolution layer; 16/32/64 underfit the full range of generated hands


def build_network(num_classes: int = 16, input_size: int = INPUT_SIZE, filters: tuple[int, int, int] = FILTERS
                  ) -> keras.Model:
    """Three convolution (+ReLU) and pooling stages, then a dense layer, dropout and softmax."""
    return keras.Sequential(
        [
            keras.Input((input_size, input_size, 1), name="drawing"),
            layers.Conv2D(filters[0], 3, padding="same", activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(filters[1], 3, padding="same", activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Conv2D(filters[2], 3, padding="same", activation="relu", name="conv3"),
            layers.MaxPooling2D(2, name="pool3"),
            layers.Flatten(name="flatten"),
            layers.Dense(128, activation="relu", name="dense"),
            layers.Dropout(0.25, name="dropout"),
            layers.Dense(num_classes, activation="softmax", name="probabilities"),
        ],
        name="runesight_cnn",
    )


def compile_network(
    network: keras.Model, learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3
) -> keras.Model:
    network.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=3, name="top3")],
    )
    return network


def predict_in_batches(network: keras.Model, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Probabilities for many input images, (N, classes): the compiled step once per batch, without
    predict()'s per-call data pipeline."""
    if len(images) == 0:
        return np.zeros((0, network.outputs[0].shape[-1]))
    batches = (images[i : i + batch_size] for i in range(0, len(images), batch_size))
    return np.concatenate([np.asarray(network.predict_on_batch(batch)) for batch in batches])


def convolution_layers(network: keras.Model) -> list[keras.layers.Layer]:
    return [layer for layer in network.layers if isinstance(layer, layers.Conv2D)]


def _activation_word(activation) -> str | None:
    name = getattr(activation, "__name__", str(activation))
    return None if name == "linear" else {"relu": "ReLU"}.get(name, name)


def _step_words(layer: keras.layers.Layer) -> list[str]:
    """One layer in the words the feature-map panel uses ("conv 3×3", "ReLU", "pool ½"); [] for a layer that
    changes nothing a person sees (input, dropout)."""
    if isinstance(layer, layers.Conv2D):
        height, width = layer.kernel_size
        return [f"conv {height}×{width}"] + [word for word in [_activation_word(layer.activation)] if word]
    if isinstance(layer, (layers.MaxPooling2D, layers.AveragePooling2D)):
        height, width = layer.pool_size
        return ["pool ½" if (height, width) == (2, 2) else f"pool {height}×{width}"]
    if isinstance(layer, layers.Activation):
        return [word for word in [_activation_word(layer.activation)] if word]
    if isinstance(layer, layers.ReLU):
        return ["ReLU"]
    if isinstance(layer, layers.Dense):
        return [f"dense {layer.units}"] + [word for word in [_activation_word(layer.activation)] if word]
    if isinstance(layer, (layers.Dropout, layers.InputLayer)):
        return []
    return [layer.__class__.__name__.lower()]  # flatten, and whatever else a model of someone's own has


def layer_steps(network: keras.Model) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """In words, how each convolution layer's maps come about and what follows the last one: per convolution
    layer the steps from the maps before it (("pool ½", "conv 3×3", "ReLU")), then the steps after the
    last (("pool ½", "flatten", "dense 128", "ReLU", "dense 16", "softmax")). The app names its arrows so."""
    per_layer, pending = [], []
    for layer in network.layers:
        pending += _step_words(layer)
        if isinstance(layer, layers.Conv2D):
            per_layer.append(tuple(pending))
            pending = []
    return tuple(per_layer), tuple(pending)
