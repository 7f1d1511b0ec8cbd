"""Recognition for the live app: one forward pass gives the probabilities and every layer's maps."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.alphabet import DEFAULT_ALPHABET, Alphabet, load_alphabet
from model.drawing import Sample
from model.model_files import ModelLoadError, load_network, read_metadata
from model.preprocessing import INPUT_SIZE, preprocess
from model.resource_files import SHIPPED_MODEL_PATH
from model.verdict import NON_RUNE_OUTPUT, Verdict, has_non_rune_output, split_outputs, verdict


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


class Recognizer:
    """A loaded model (safe mode) with a feature extractor over its convolution layers."""

    def __init__(self, network, alphabet: Alphabet, metadata: dict | None = None, path: Path | None = None):
        import keras

        from model.network import convolution_layers

        self.network = network
        self.alphabet = alphabet
        self.metadata = metadata or {}
        self.path = path
        outputs = network.outputs[0] if network.outputs else network.output
        count = outputs.shape[-1]
        if len(outputs.shape) != 2 or (count != len(alphabet) and not has_non_rune_output(count, len(alphabet))):
            raise ModelLoadError(
                f"Model {path or network.name} predicts {count} classes, "
                f"but the alphabet {alphabet.name} has {len(alphabet)} runes"
            )
        named = self.metadata.get("outputs")
        expected_names = list(alphabet.names) + ([NON_RUNE_OUTPUT] if count > len(alphabet) else [])
        if named is not None and list(named) != expected_names:
            raise ModelLoadError(f"Model {path or network.name} names its outputs {named}, "
                                 f"expected {expected_names}")
        self.has_non_rune_output = count > len(alphabet)
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
        network = load_network(path)
        try:
            alphabet = load_alphabet(metadata.get("alphabet", DEFAULT_ALPHABET))
        except KeyError as error:
            raise ModelLoadError(f"Model {path}: {error.args[0]}") from error
        names = metadata.get("runes")
        if names is not None and tuple(names) != alphabet.names:
            raise ModelLoadError(f"Model {path} was trained on runes {names}, not on {list(alphabet.names)}")
        return cls(network, alphabet, metadata, path)

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
        probabilities, non_rune = split_outputs(outputs[0][0], len(self.alphabet))
        activations = tuple(
            LayerActivations(layer.name, np.asarray(maps[0], dtype=np.float32))
            for layer, maps in zip(self.conv_layers, outputs[1:])
        )
        return Recognition(probabilities, self.alphabet.names, batch[0, :, :, 0], activations, float(non_rune),
                           self.has_non_rune_output)

    def recognize_sample(self, sample: Sample) -> Recognition:
        """Preprocess then recognise. Raises BlankDrawing / InvalidDrawing for unusable drawings."""
        return self.recognize(preprocess(sample))

    def predict_images(self, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Rune probabilities for many input images at once, (N, runes)."""
        return self.predict_outputs(images, batch_size)[0]

    def predict_outputs(self, images: np.ndarray, batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
        """For many input images at once: rune probabilities (N, runes) and the non-rune output (N,)."""
        from model.network import predict_in_batches

        images = np.asarray(images, dtype=np.float32).reshape(-1, INPUT_SIZE, INPUT_SIZE, 1)
        return split_outputs(predict_in_batches(self.network, images, batch_size), len(self.alphabet))
