"""The convolutional network, written against Keras 3 only (runs on TensorFlow, JAX and PyTorch)."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from model.layer_specs import LayerSpec, steps_between
from model.numpy_network import NetworkOutputs
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


def layer_specs(network: keras.Model) -> tuple[LayerSpec, ...]:
    """The network's layers as plain data, as the NumPy forward pass reads them from a file's config."""
    def kind(layer: keras.layers.Layer) -> str:
        for base in (layers.Conv2D, layers.MaxPooling2D, layers.AveragePooling2D):
            if isinstance(layer, base):  # Keras's aliases and subclasses are the same step
                return base.__name__
        return type(layer).__name__

    return tuple(LayerSpec(kind(layer), layer.name, layer.get_config()) for layer in network.layers)


def layer_steps(network: keras.Model) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """In words, how each convolution layer's maps come about and what follows the last one (see
    model.layer_specs.steps_between). The app names its arrows so."""
    return steps_between(layer_specs(network))


class KerasForwardPass:
    """The framework's forward pass, for a network the NumPy one does not run: the same interface as
    `model.numpy_network.NumpyNetwork`."""

    def __init__(self, network: keras.Model) -> None:
        self.model = network
        self.name = network.name
        outputs = network.outputs[0] if network.outputs else network.output
        self.input_shape = tuple(network.inputs[0].shape[1:])
        self.output_shape = tuple(outputs.shape[1:])
        self.layer_specs = layer_specs(network)
        self._convolutions = convolution_layers(network)
        self.convolution_specs = tuple(spec for spec in self.layer_specs if spec.is_convolution)
        # One model with several outputs: the network's output and every convolution's maps in one pass.
        self._extractor = keras.Model(inputs=network.inputs,
                                      outputs=[outputs] + [layer.output for layer in self._convolutions])

    def first_layer_kernels(self) -> np.ndarray:
        return np.asarray(self._convolutions[0].get_weights()[0], dtype=np.float32)

    def run(self, batch: np.ndarray) -> NetworkOutputs:
        # predict_on_batch runs the compiled step once, without predict()'s per-call data pipeline.
        outputs = self._extractor.predict_on_batch(np.asarray(batch, dtype=np.float32))
        return NetworkOutputs(np.asarray(outputs[0], dtype=np.float32),
                              tuple(np.asarray(maps, dtype=np.float32) for maps in outputs[1:]))

    def predict(self, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
        return predict_in_batches(self.model, images, batch_size)
