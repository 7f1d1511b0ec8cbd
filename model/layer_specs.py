"""A network's layers as plain data (what kind, its name, its settings), and the steps between them in words.

Both ways of running a network describe their layers so: the NumPy forward pass reads them from the
`.keras` file's config, the Keras path from the loaded model. The app names its arrows from them, so
it never needs the framework to say "pool ½ → conv 3×3 → ReLU".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CONVOLUTION = "Conv2D"
POOLINGS = ("MaxPooling2D", "AveragePooling2D")


@dataclass(frozen=True)
class LayerSpec:
    kind: str  # the Keras class name ("Conv2D", "MaxPooling2D", "Dense", ...)
    name: str
    config: Mapping[str, Any] = field(repr=False, default_factory=dict)

    @property
    def is_convolution(self) -> bool:
        return self.kind == CONVOLUTION

    @property
    def filters(self) -> int:
        """A convolution's number of filters (maps)."""
        return int(self.config["filters"])


def activation_name(activation: Any) -> str:
    """The name of an activation as a config or a Keras layer holds it ("relu", "linear", ...)."""
    if isinstance(activation, str):
        return activation
    if isinstance(activation, Mapping):  # a serialised activation: {"class_name": "function", "config": "relu"}
        inner = activation.get("config")
        return inner if isinstance(inner, str) else str(activation.get("class_name", ""))
    if activation is None:
        return "linear"
    return getattr(activation, "__name__", str(activation))


def _activation_word(activation: Any) -> str | None:
    name = activation_name(activation)
    return None if name == "linear" else {"relu": "ReLU"}.get(name, name)


def _pair(value: Any) -> tuple[int, int]:
    return (int(value), int(value)) if isinstance(value, int) else (int(value[0]), int(value[1]))


def step_words(layer: LayerSpec) -> list[str]:
    """One layer in the words the feature-map panel uses ("conv 3×3", "ReLU", "pool ½"); [] for a layer that
    changes nothing a person sees (input, dropout)."""
    config = layer.config
    if layer.is_convolution:
        height, width = _pair(config["kernel_size"])
        return [f"conv {height}×{width}"] + [word for word in [_activation_word(config.get("activation"))] if word]
    if layer.kind in POOLINGS:
        height, width = _pair(config["pool_size"])
        return ["pool ½" if (height, width) == (2, 2) else f"pool {height}×{width}"]
    if layer.kind == "Activation":
        return [word for word in [_activation_word(config.get("activation"))] if word]
    if layer.kind == "ReLU":
        return ["ReLU"]
    if layer.kind == "Dense":
        return [f"dense {config['units']}"] + [word for word in [_activation_word(config.get("activation"))] if word]
    if layer.kind in ("Dropout", "InputLayer"):
        return []
    return [layer.kind.lower()]  # flatten, and whatever else a model of someone's own has


def steps_between(layers: Iterable[LayerSpec]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """In words, how each convolution layer's maps come about and what follows the last one: per convolution
    layer the steps from the maps before it (("pool ½", "conv 3×3", "ReLU")), then the steps after the
    last (("pool ½", "flatten", "dense 128", "ReLU", "dense 16", "softmax"))."""
    per_layer, pending = [], []
    for layer in layers:
        pending += step_words(layer)
        if layer.is_convolution:
            per_layer.append(tuple(pending))
            pending = []
    return tuple(per_layer), tuple(pending)
