"""Recognition for the live app: one forward pass gives the probabilities and every layer's maps.

Importing this module does not import the framework: a model whose every layer the NumPy forward pass
knows is loaded and run without it (docs/recognizer.md)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Sample
from model.model_files import (
    ModelLoadError,
    check_model_file,
    keras_reason,
    load_network,
    metadata_alphabet,
    read_metadata,
)
from model.numpy_network import NetworkOutputs, NumpyNetwork, read_numpy_network
from model.preprocessing import INPUT_SIZE, preprocess
from model.resource_files import SHIPPED_MODEL_PATH
from model.verdict import NON_RUNE_OUTPUT, Verdict, has_non_rune_output, split_outputs, verdict

if TYPE_CHECKING:
    from model.network import KerasForwardPass


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

    probabilities: np.ndarray  # (runes,) in alphabet order; with a non-rune output they add up to 1 less it
    names: tuple[str, ...]  # rune names in alphabet order
    input_image: np.ndarray = field(repr=False)  # (INPUT_SIZE, INPUT_SIZE) float32
    activations: tuple[LayerActivations, ...] = field(repr=False, default=())
    non_rune_probability: float = 0.0  # the "not a rune" output; 0 for a model without one
    knows_non_runes: bool = False  # whether the model has the "not a rune" output

    @property
    def verdict(self) -> Verdict:
        """A rune, "not sure" or "not a rune", by the one rule in model.verdict."""
        return verdict(self.probabilities, self.non_rune_probability)

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


def _keras_forward_pass(model, path: Path) -> KerasForwardPass:
    """The framework's forward pass over a loaded file, for a network of one input and one output (the
    only kind the app can give a drawing to and read bars from)."""
    from model.network import KerasForwardPass

    inputs, outputs = len(model.inputs), len(model.outputs or [model.output])
    if inputs != 1 or outputs != 1:
        raise ModelLoadError(f"Model {path} takes {inputs} inputs and gives {outputs} outputs: Runesight needs one "
                             "picture in and one list of rune probabilities out")
    return KerasForwardPass(model)


class Recognizer:
    """A loaded model with a forward pass that gives its outputs and every convolution layer's maps.

    The forward pass is NumPy's (`model.numpy_network`) wherever it knows every layer of the file, else the
    framework's (`model.network.KerasForwardPass`, the file loaded in safe mode); both have the same
    interface, and what the app shows is built from their outputs in one place, `recognize`."""

    def __init__(self, network: NumpyNetwork | KerasForwardPass, alphabet: Alphabet, metadata: dict | None = None,
                 path: Path | None = None):
        self.network = network
        self.alphabet = alphabet
        self.metadata = metadata or {}
        self.path = path
        name = path or network.name
        count = network.output_shape[-1]
        if len(network.output_shape) != 1 or (count != len(alphabet) and not has_non_rune_output(count, len(alphabet))):
            raise ModelLoadError(
                f"Model {name} predicts {count} classes, "
                f"but the alphabet {alphabet.name} has {len(alphabet)} runes"
            )
        named = self.metadata.get("outputs")
        expected_names = list(alphabet.names) + ([NON_RUNE_OUTPUT] if count > len(alphabet) else [])
        if named is not None and list(named) != expected_names:
            raise ModelLoadError(f"Model {name} names its outputs {named}, expected {expected_names}")
        self.has_non_rune_output = count > len(alphabet)
        expected = (INPUT_SIZE, INPUT_SIZE, 1)
        if network.input_shape != expected:
            raise ModelLoadError(f"Model {name} takes input {network.input_shape}, expected {expected}")
        self.conv_layers = network.convolution_specs
        if not self.conv_layers:  # the app shows what each convolution sees: a network without one has nothing
            raise ModelLoadError(f"Model {name} has no convolution layers: Runesight shows what "
                                 "a convolutional network's layers see, and this network has none")
        self.recognize(np.zeros((INPUT_SIZE, INPUT_SIZE), np.float32))  # Keras builds its compiled step now

    @classmethod
    def from_keras(cls, network, alphabet: Alphabet, metadata: dict | None = None,
                   path: Path | None = None) -> Recognizer:
        """A recognizer over a Keras model in memory (one just trained, say)."""
        from model.network import KerasForwardPass

        return cls(KerasForwardPass(network), alphabet, metadata, path)

    @classmethod
    def load(cls, path: Path | str | None = None, *, with_keras: bool = False) -> Recognizer:
        """Load a `.keras` file (the shipped model by default). Raises ModelLoadError.

        The NumPy forward pass where it runs the file, else Keras; `with_keras` always Keras (to compare)."""
        path = Path(path) if path is not None else SHIPPED_MODEL_PATH
        metadata = read_metadata(path)
        check_model_file(path)
        network = None if with_keras else read_numpy_network(path)
        try:
            if network is None:
                network = _keras_forward_pass(load_network(path), path)
            return cls(network, metadata_alphabet(metadata, path), metadata, path)
        except ModelLoadError:
            raise
        except Exception as error:  # a network of a shape nothing foresaw: a reason, never a traceback
            raise ModelLoadError(f"Model file {path} cannot be used: {keras_reason(error)}") from error

    @property
    def runs_on(self) -> str:
        """"NumPy" or "Keras": which forward pass runs this model."""
        return "NumPy" if isinstance(self.network, NumpyNetwork) else "Keras"

    @property
    def layer_names(self) -> tuple[str, ...]:
        return tuple(layer.name for layer in self.conv_layers)

    def first_layer_kernels(self) -> np.ndarray:
        """The first convolution's learned kernels, (kh, kw, in_channels, filters)."""
        return self.network.first_layer_kernels()

    def recognize(self, image: np.ndarray) -> Recognition:
        """Network input image (INPUT_SIZE x INPUT_SIZE) -> probabilities and activation maps."""
        batch = np.asarray(image, dtype=np.float32).reshape(1, INPUT_SIZE, INPUT_SIZE, 1)
        result = self.network.run(batch)
        return self._recognition(batch[0, :, :, 0], result)

    def _recognition(self, image: np.ndarray, result: NetworkOutputs) -> Recognition:
        """The one place where the network's outputs become what the app shows."""
        probabilities, non_rune = split_outputs(result.outputs[0], len(self.alphabet))
        activations = tuple(
            LayerActivations(layer.name, maps[0]) for layer, maps in zip(self.conv_layers, result.maps)
        )
        return Recognition(probabilities, self.alphabet.names, image, activations, float(non_rune),
                           self.has_non_rune_output)

    def recognize_sample(self, sample: Sample) -> Recognition:
        """Preprocess then recognise. Raises BlankDrawing / InvalidDrawing for unusable drawings."""
        return self.recognize(preprocess(sample))

    def predict_images(self, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Rune probabilities for many input images at once, (N, runes), by the same forward pass."""
        return self.predict_outputs(images, batch_size)[0]

    def predict_outputs(self, images: np.ndarray, batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
        """For many input images at once: rune probabilities (N, runes) and the non-rune output (N,)."""
        images = np.asarray(images, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        return split_outputs(self.network.predict(images, batch_size), len(self.alphabet))
