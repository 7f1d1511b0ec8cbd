"""Recognition for the live app: one forward pass gives the probabilities and every layer's maps."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Sample
from model.model_files import ModelLoadError, keras_reason, load_network, metadata_alphabet, read_metadata
from model.preprocessing import INPUT_SIZE, preprocess
from model.resource_files import SHIPPED_MODEL_PATH


def prefer_single_thread_inference() -> bool:
    """Ask TensorFlow for one compute thread, before it is imported; returns whether it can still
    take effect. One small image at a time is faster on one thread than handed between several
    (measured in bench/latency.py), and the other core stays free for the UI."""
    if "tensorflow" in sys.modules:
        return False
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
    return True


@dataclass(frozen=True)
class LayerActivations:
    layer_name: str
    maps: np.ndarray = field(repr=False)  # (H, W, C) float32, one map per filter


@dataclass(frozen=True)
class Recognition:
    """Everything the app shows about one drawing, as plain arrays."""

    probabilities: np.ndarray  # (classes,) in alphabet order
    names: tuple[str, ...]  # rune names in alphabet order
    input_image: np.ndarray = field(repr=False)  # (INPUT_SIZE, INPUT_SIZE) float32
    activations: tuple[LayerActivations, ...] = field(repr=False, default=())

    @property
    def ranking(self) -> np.ndarray:
        """Class indices, most probable first."""
        return np.argsort(-self.probabilities, kind="stable")

    @property
    def best(self) -> tuple[str, float]:
        index = int(self.ranking[0])
        return self.names[index], float(self.probabilities[index])

    def ranked(self) -> list[tuple[str, float]]:
        return [(self.names[i], float(self.probabilities[i])) for i in self.ranking]


class Recognizer:
    """A loaded model (safe mode) with a feature extractor over its convolution layers."""

    def __init__(self, network, alphabet: Alphabet, metadata: dict | None = None, path: Path | None = None):
        import keras

        from model.network import convolution_layers

        self.network = network
        self.alphabet = alphabet
        self.metadata = metadata or {}
        self.path = path
        if len(network.inputs) != 1 or len(network.outputs or [network.output]) != 1:
            raise ModelLoadError(f"Model {path or network.name} takes {len(network.inputs)} inputs and gives "
                                 f"{len(network.outputs or [network.output])} outputs: Runesight needs one picture in "
                                 "and one list of rune probabilities out")
        outputs = network.outputs[0] if network.outputs else network.output
        if tuple(outputs.shape[1:]) != (len(alphabet),):
            raise ModelLoadError(
                f"Model {path or network.name} predicts {outputs.shape[-1]} classes, "
                f"but the alphabet {alphabet.name} has {len(alphabet)} runes"
            )
        expected = (INPUT_SIZE, INPUT_SIZE, 1)
        if tuple(network.inputs[0].shape[1:]) != expected:
            raise ModelLoadError(
                f"Model {path or network.name} takes input {tuple(network.inputs[0].shape[1:])}, expected {expected}"
            )
        self.conv_layers = convolution_layers(network)
        if not self.conv_layers:  # the app shows what each convolution sees: a network without one has nothing
            raise ModelLoadError(f"Model {path or network.name} has no convolution layers: Runesight shows what "
                                 "a convolutional network's layers see, and this network has none")
        # One model with several outputs: prediction and every convolution's maps in one pass.
        self._extractor = keras.Model(
            inputs=network.inputs, outputs=[outputs] + [layer.output for layer in self.conv_layers]
        )
        self.recognize(np.zeros((INPUT_SIZE, INPUT_SIZE), np.float32))  # build the compiled predict step now

    @classmethod
    def load(cls, path: Path | str | None = None) -> Recognizer:
        """Load a `.keras` file (the shipped model by default). Raises ModelLoadError."""
        path = Path(path) if path is not None else SHIPPED_MODEL_PATH
        metadata = read_metadata(path)
        alphabet = metadata_alphabet(metadata, path)
        network = load_network(path)
        try:
            return cls(network, alphabet, metadata, path)
        except ModelLoadError:
            raise
        except Exception as error:  # a network of a shape nothing foresaw: a reason, never a traceback
            raise ModelLoadError(f"Model file {path} cannot be used: {keras_reason(error)}") from error

    @property
    def layer_names(self) -> tuple[str, ...]:
        return tuple(layer.name for layer in self.conv_layers)

    def first_layer_kernels(self) -> np.ndarray:
        """The first convolution's learned kernels, (kh, kw, in_channels, filters)."""
        return np.asarray(self.conv_layers[0].get_weights()[0])

    def recognize(self, image: np.ndarray) -> Recognition:
        """Network input image (INPUT_SIZE x INPUT_SIZE) -> probabilities and activation maps."""
        batch = np.asarray(image, dtype=np.float32).reshape(1, INPUT_SIZE, INPUT_SIZE, 1)
        # predict_on_batch runs the compiled step once, without predict()'s per-call data pipeline.
        outputs = self._extractor.predict_on_batch(batch)
        probabilities = np.asarray(outputs[0][0], dtype=np.float64)
        activations = tuple(
            LayerActivations(layer.name, np.asarray(maps[0], dtype=np.float32))
            for layer, maps in zip(self.conv_layers, outputs[1:])
        )
        return Recognition(probabilities, self.alphabet.names, batch[0, :, :, 0], activations)

    def recognize_sample(self, sample: Sample) -> Recognition:
        """Preprocess then recognise. Raises BlankDrawing / InvalidDrawing for unusable drawings."""
        return self.recognize(preprocess(sample))

    def predict_images(self, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Probabilities for many input images at once, (N, classes)."""
        from model.network import predict_in_batches

        images = np.asarray(images, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        return predict_in_batches(self.network, images, batch_size)
