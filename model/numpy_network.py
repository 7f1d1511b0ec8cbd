"""A saved Keras network run with NumPy alone, for live recognition without the training framework.

Importing TensorFlow to run a 1.4 MB network made the model ready 3.5-4.8 s after launch and the app
hold 780-920 MB; the app's networks are a handful of simple layers, and NumPy runs them in well under
a millisecond (docs/benchmarks.md). `read_numpy_network` reads the `.keras` archive as data (its JSON
config and its HDF5 weights, through h5py) and never runs anything from the file.

It knows the layers the app's networks use: Conv2D (any kernel size and strides, "same" or "valid"
padding), max and average pooling, flatten, dense, dropout (identity at inference), and the
activations linear, ReLU, sigmoid, tanh and softmax. For anything else - another layer, another
kind of model, a setting it does not know, weights not where they should be - it returns None and the
caller loads the file with Keras instead, in safe mode, as before; so a file Keras would refuse is
still refused with Keras's reason.

The arithmetic is float32, as Keras's: on 300 drawings float64 came no closer to Keras's answers (the
largest difference, 8e-6 on a map value of 9.4, is float32 rounding either way) and took twice as long
(tests/test_numpy_network.py checks the agreement).
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import h5py
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from model.layer_specs import LayerSpec, activation_name

CONFIG_MEMBER = "config.json"
WEIGHTS_MEMBER = "model.weights.h5"
COMPUTE_DTYPE = np.float32
PREDICT_CHUNK = 64  # inputs per forward pass when predicting many: conv2's windows for 64 are 38 MB
# Beyond these the file is left to Keras (and its checks): the shipped model's are 6.5 KB and 1.4 MB.
LARGEST_CONFIG = 4 << 20
LARGEST_WEIGHTS = 256 << 20
LARGEST_INTERMEDIATE = 1 << 24  # numbers in one layer's working array for one input (64 MB of float32)


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # = 1 / (1 + e^-x), without overflow for large negative x


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "softmax": _softmax,
}


class Unsupported(Exception):
    """The file holds something this forward pass does not run; Keras runs it instead."""


@dataclass(frozen=True)
class NetworkOutputs:
    """What one forward pass gives: the network's own outputs and every convolution layer's maps."""

    outputs: np.ndarray  # (N, outputs) float32, as the last layer gives them
    maps: tuple[np.ndarray, ...] = field(repr=False)  # per convolution layer, (N, H, W, filters) float32


# --- the layers, each a function of a batch (N, ...) float32 -----------------------------------------------
def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return int(value[0]), int(value[1])
    raise Unsupported(f"not a pair of sizes: {value!r}")


def _padding_amounts(size: int, window: int, stride: int, padding: str) -> tuple[int, int, int]:
    """(pad before, pad after, output size) along one axis, as Keras (and TensorFlow) pad."""
    if padding == "valid":
        return 0, 0, (size - window) // stride + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + window - size, 0)
    return total // 2, total - total // 2, out


def _windows(x: np.ndarray, window: tuple[int, int], strides: tuple[int, int], padding: str,
             fill: float) -> np.ndarray:
    """Every window of x (N, H, W, C) as (N, H', W', C, kh, kw): a view, no copy beyond the padding."""
    (kh, kw), (sh, sw) = window, strides
    top, bottom, out_h = _padding_amounts(x.shape[1], kh, sh, padding)
    left, right, out_w = _padding_amounts(x.shape[2], kw, sw, padding)
    if top or bottom or left or right:
        x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
    views = sliding_window_view(x, (kh, kw), axis=(1, 2))
    return views[:, : out_h * sh : sh, : out_w * sw : sw]


@dataclass
class _Convolution:
    spec: LayerSpec
    kernel: np.ndarray  # (kh, kw, in, out)
    bias: np.ndarray | None
    strides: tuple[int, int]
    padding: str
    activation: Callable[[np.ndarray], np.ndarray]

    def __post_init__(self) -> None:
        self._matrix = self.kernel.reshape(-1, self.kernel.shape[3])  # rows in (kh, kw, in) order

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """As one matrix product: each output cell's window laid out as a row (kh, kw, in), times the kernel.
        The rows are filled one kernel offset at a time, each a strided slice of the padded input: much
        faster than copying a view of every window."""
        (kh, kw, channels, filters), (sh, sw) = self.kernel.shape, self.strides
        n, height, width, _ = x.shape
        top, bottom, out_h = _padding_amounts(height, kh, sh, self.padding)
        left, right, out_w = _padding_amounts(width, kw, sw, self.padding)
        if top or bottom or left or right:
            padded = np.zeros((n, height + top + bottom, width + left + right, channels), x.dtype)
            padded[:, top : top + height, left : left + width] = x
            x = padded
        rows = np.empty((n, out_h, out_w, kh * kw * channels), x.dtype)
        span_h, span_w = (out_h - 1) * sh + 1, (out_w - 1) * sw + 1
        for i in range(kh):
            for j in range(kw):
                at = (i * kw + j) * channels
                rows[..., at : at + channels] = x[:, i : i + span_h : sh, j : j + span_w : sw]
        out = rows.reshape(n * out_h * out_w, -1) @ self._matrix
        if self.bias is not None:
            out += self.bias
        return self.activation(out.reshape(n, out_h, out_w, filters))


@dataclass
class _Pooling:
    spec: LayerSpec
    pool: tuple[int, int]
    strides: tuple[int, int]
    padding: str
    maximum: bool

    def __call__(self, x: np.ndarray) -> np.ndarray:
        (ph, pw), (sh, sw) = self.pool, self.strides
        n, height, width, channels = x.shape
        if self.padding == "valid" and (ph, pw) == (sh, sw) and height % ph == 0 and width % pw == 0:
            # The common case: the pool's cells as strided slices, combined element by element (faster than
            # a reduction over the windows, which NumPy runs a cell at a time).
            cells = [x[:, i::ph, j::pw] for i in range(ph) for j in range(pw)]
            combined = cells[0].copy()
            for cell in cells[1:]:
                (np.maximum if self.maximum else np.add)(combined, cell, out=combined)
            return combined if self.maximum else combined / (ph * pw)
        if self.maximum:
            return _windows(x, self.pool, self.strides, self.padding, -np.inf).max(axis=(4, 5))
        # Average pooling with "same" padding divides by the cells inside the image only, as TensorFlow does.
        sums = _windows(x, self.pool, self.strides, self.padding, 0.0).sum(axis=(4, 5))
        inside = np.ones((1, height, width, 1), x.dtype)
        counts = _windows(inside, self.pool, self.strides, self.padding, 0.0).sum(axis=(4, 5))
        return sums / counts


@dataclass
class _Dense:
    spec: LayerSpec
    kernel: np.ndarray  # (in, units)
    bias: np.ndarray | None
    activation: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        out = x @ self.kernel
        if self.bias is not None:
            out += self.bias
        return self.activation(out)


@dataclass
class _Elementwise:
    """Flatten, dropout (identity at inference) and activation layers."""

    spec: LayerSpec
    function: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.function(x)


_Layer = _Convolution | _Pooling | _Dense | _Elementwise  # each: spec, and called on a batch gives the next


# --- the network ------------------------------------------------------------------------------------------
class NumpyNetwork:
    """A sequential network's layers with their weights; `run` is one forward pass over a batch."""

    def __init__(self, name: str, input_shape: tuple[int, ...], layers: list[_Layer], specs: tuple[LayerSpec, ...]):
        self.name = name
        self.input_shape = input_shape  # without the batch axis, e.g. (32, 32, 1)
        self.layer_specs = specs  # every layer, the input included, as the config lists them
        self._layers = layers
        self.output_shape = tuple(self.run(np.zeros((1, *input_shape), np.float32)).outputs.shape[1:])

    @property
    def convolution_specs(self) -> tuple[LayerSpec, ...]:
        return tuple(layer.spec for layer in self._layers if isinstance(layer, _Convolution))

    def first_layer_kernels(self) -> np.ndarray:
        """The first convolution's kernels, (kh, kw, in_channels, filters) float32."""
        first = next(layer for layer in self._layers if isinstance(layer, _Convolution))
        return first.kernel.astype(np.float32)

    def run(self, batch: np.ndarray, *, with_maps: bool = True) -> NetworkOutputs:
        """Inputs (N, *input_shape) -> the network's outputs and every convolution layer's maps."""
        x = np.asarray(batch, dtype=COMPUTE_DTYPE).reshape(-1, *self.input_shape)
        maps = []
        for layer in self._layers:
            x = layer(x)
            if with_maps and isinstance(layer, _Convolution):
                maps.append(np.asarray(x, dtype=np.float32))  # no copy: no layer changes its input
        return NetworkOutputs(np.asarray(x, dtype=np.float32), tuple(maps))

    def predict(self, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """The outputs for many inputs, (N, outputs). `batch_size` is the caller's; the work goes in
        chunks small enough that the convolution windows of one stay in tens of megabytes."""
        images = np.asarray(images, dtype=np.float32).reshape(-1, *self.input_shape)
        step = max(1, min(batch_size, PREDICT_CHUNK))
        chunks = [self.run(images[i : i + step], with_maps=False).outputs for i in range(0, len(images), step)]
        return np.concatenate(chunks) if chunks else np.zeros((0, *self.output_shape), np.float32)


def read_numpy_network(path: Path) -> NumpyNetwork | None:
    """The network in a `.keras` file, ready to run with NumPy; None where this forward pass cannot run it
    exactly (then Keras must), or where the file is not as Keras writes it (then Keras says what is wrong)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member, largest in ((CONFIG_MEMBER, LARGEST_CONFIG), (WEIGHTS_MEMBER, LARGEST_WEIGHTS)):
                if archive.getinfo(member).file_size > largest:  # the size a member unpacks to is read no further
                    raise Unsupported(f"{member} is larger than any network the app runs")
            config = json.loads(archive.read(CONFIG_MEMBER))
            weights = archive.read(WEIGHTS_MEMBER)
        return _build(config, _read_weights(weights))
    except (Unsupported, OSError, KeyError, ValueError, TypeError, RecursionError, zipfile.BadZipFile):
        return None


def _read_weights(data: bytes) -> dict[str, list[np.ndarray]]:
    """Layer name -> its variables in order, from the HDF5 weights file (layers/<key>/vars/0, 1, ...)."""
    found: dict[str, list[np.ndarray]] = {}
    with h5py.File(io.BytesIO(data), "r") as weights:
        layers = weights.get("layers")
        if not isinstance(layers, h5py.Group):
            raise Unsupported("no layers group")
        for group in layers.values():
            variables = group.get("vars") if isinstance(group, h5py.Group) else None
            if not isinstance(variables, h5py.Group) or "name" not in variables.attrs:
                raise Unsupported("a layer's variables without its name")
            if any(not isinstance(item, h5py.Dataset) for item in variables.values()):
                raise Unsupported("nested variables")  # a layer made of layers
            name = variables.attrs["name"]
            name = name.decode() if isinstance(name, bytes) else str(name)
            if name in found:
                raise Unsupported(f"two layers named {name}")
            found[name] = [np.asarray(variables[str(i)], dtype=COMPUTE_DTYPE) for i in range(len(variables))]
    return found


def _keras_layer(entry: Any) -> LayerSpec:
    if not isinstance(entry, Mapping) or entry.get("module") != "keras.layers" or entry.get("registered_name"):
        raise Unsupported("a layer that is not one of Keras's own")
    config = entry.get("config")
    if not isinstance(config, Mapping) or not isinstance(config.get("name"), str):
        raise Unsupported("a layer without a config")
    if _dtype_name(config.get("dtype", "float32")) != "float32":
        raise Unsupported("a layer not computed in float32")
    return LayerSpec(str(entry.get("class_name")), config["name"], config)


def _dtype_name(dtype: Any) -> str:
    if isinstance(dtype, Mapping):  # a DTypePolicy
        return str(dtype.get("config", {}).get("name"))
    return str(dtype)


def _activation(config: Mapping[str, Any]) -> Callable[[np.ndarray], np.ndarray]:
    name = activation_name(config.get("activation"))
    if name not in ACTIVATIONS:
        raise Unsupported(f"activation {name}")
    return ACTIVATIONS[name]


def _channels_last(config: Mapping[str, Any]) -> None:
    if config.get("data_format", "channels_last") not in ("channels_last", None):
        raise Unsupported("channels first")


def _no_extras(config: Mapping[str, Any], *names: str) -> None:
    """Settings that change the arithmetic when set (regularisers and constraints change only training)."""
    for name in names:
        if config.get(name) not in (None, False, 0):
            raise Unsupported(f"{name} is set")


def _weights_of(spec: LayerSpec, weights: dict[str, list[np.ndarray]], shapes: list[tuple[int, ...]]
                ) -> list[np.ndarray]:
    variables = weights.pop(spec.name, [])
    if [v.shape for v in variables] != shapes:
        raise Unsupported(f"{spec.name}'s weights are not the shapes its config says")
    return variables


def _build(config: Any, weights: dict[str, list[np.ndarray]]) -> NumpyNetwork:
    if not isinstance(config, Mapping) or config.get("module") != "keras" or config.get("class_name") != "Sequential":
        raise Unsupported("not a Keras Sequential model")
    model_config = config.get("config")
    entries = model_config.get("layers") if isinstance(model_config, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise Unsupported("no layers")
    specs = tuple(_keras_layer(entry) for entry in entries)
    if specs[0].kind != "InputLayer":
        raise Unsupported("no input layer")
    batch_shape = specs[0].config.get("batch_shape")
    if not isinstance(batch_shape, list) or len(batch_shape) != 4 or not all(
            isinstance(size, int) and size > 0 for size in batch_shape[1:]) or math.prod(
            batch_shape[1:]) > LARGEST_INTERMEDIATE:
        raise Unsupported("an input that is not one image")
    shape = tuple(batch_shape[1:])  # (H, W, C), followed through the layers to check every weight's shape
    layers: list[_Layer] = []
    for spec in specs[1:]:
        layer, shape = _layer(spec, shape, weights)
        layers.append(layer)
    if weights:
        raise Unsupported(f"weights for layers the config does not have: {sorted(weights)}")
    return NumpyNetwork(str(model_config.get("name", "")), tuple(batch_shape[1:]), layers, specs)


def _layer(spec: LayerSpec, shape: tuple[int, ...], weights: dict[str, list[np.ndarray]]
           ) -> tuple[_Layer, tuple[int, ...]]:
    """The runnable layer for one spec, and the shape (without the batch axis) it gives."""
    config = spec.config
    if spec.kind == "Conv2D":
        if len(shape) != 3:
            raise Unsupported("a convolution after flatten")
        _channels_last(config)
        _no_extras(config, "lora_rank", "quantization_config")
        if _pair(config.get("dilation_rate", 1)) != (1, 1) or config.get("groups", 1) != 1:
            raise Unsupported("dilated or grouped convolution")
        kernel_size, strides = _pair(config["kernel_size"]), _pair(config.get("strides", 1))
        padding, filters, use_bias = config.get("padding", "valid"), config["filters"], config.get("use_bias", True)
        if padding not in ("same", "valid") or not isinstance(filters, int) or min(*kernel_size, *strides) < 1:
            raise Unsupported("convolution settings")
        variables = _weights_of(spec, weights, [(*kernel_size, shape[2], filters)] + ([(filters,)] if use_bias else []))
        (_, _, out_h), (_, _, out_w) = (_padding_amounts(shape[i], kernel_size[i], strides[i], padding) for i in (0, 1))
        if out_h < 1 or out_w < 1:
            raise Unsupported("a kernel larger than its input")
        if out_h * out_w * max(kernel_size[0] * kernel_size[1] * shape[2], filters) > LARGEST_INTERMEDIATE:
            raise Unsupported("a convolution larger than any the app runs")
        layer = _Convolution(spec, variables[0], variables[1] if use_bias else None, strides, padding,
                             _activation(config))
        return layer, (out_h, out_w, filters)
    if spec.kind in ("MaxPooling2D", "AveragePooling2D"):
        if len(shape) != 3:
            raise Unsupported("pooling after flatten")
        _channels_last(config)
        pool = _pair(config["pool_size"])
        strides = _pair(config["strides"]) if config.get("strides") is not None else pool
        padding = config.get("padding", "valid")
        if padding not in ("same", "valid") or min(*pool, *strides) < 1:
            raise Unsupported("pooling settings")
        _weights_of(spec, weights, [])
        (_, _, out_h), (_, _, out_w) = (_padding_amounts(shape[i], pool[i], strides[i], padding) for i in (0, 1))
        if out_h < 1 or out_w < 1:
            raise Unsupported("a pool larger than its input")
        return _Pooling(spec, pool, strides, padding, spec.kind == "MaxPooling2D"), (out_h, out_w, shape[2])
    if spec.kind == "Flatten":
        _channels_last(config)
        _weights_of(spec, weights, [])
        return _Elementwise(spec, lambda x: x.reshape(len(x), -1)), (math.prod(shape),)
    if spec.kind == "Dense":
        if len(shape) != 1:
            raise Unsupported("dense on an image")  # Keras would apply it to the last axis only
        _no_extras(config, "lora_rank", "quantization_config")
        units, use_bias = config["units"], config.get("use_bias", True)
        if not isinstance(units, int):
            raise Unsupported("dense settings")
        variables = _weights_of(spec, weights, [(shape[0], units)] + ([(units,)] if use_bias else []))
        return _Dense(spec, variables[0], variables[1] if use_bias else None, _activation(config)), (units,)
    if spec.kind == "Dropout":
        _weights_of(spec, weights, [])
        return _Elementwise(spec, lambda x: x), shape
    if spec.kind == "Activation":
        _weights_of(spec, weights, [])
        function = _activation(config)
        if function is _softmax and len(shape) != 1:
            raise Unsupported("softmax over an image")
        return _Elementwise(spec, function), shape
    if spec.kind == "ReLU":
        if any(config.get(name) not in (None, 0, 0.0) for name in ("max_value", "negative_slope", "threshold")):
            raise Unsupported("a ReLU with settings")
        _weights_of(spec, weights, [])
        return _Elementwise(spec, ACTIVATIONS["relu"]), shape
    raise Unsupported(f"layer {spec.kind}")
