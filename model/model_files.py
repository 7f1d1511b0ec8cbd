"""Model files: the `.keras` archive plus a small JSON of metadata beside it.

Writes are atomic and durable (`model.atomic_files`), so neither a crash nor a power cut leaves half a model.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from model.alphabet import DEFAULT_ALPHABET, Alphabet, load_alphabet
from model.atomic_files import atomic_write, staged, sync_file, sync_folder
from model.wording import quoted


class ModelLoadError(RuntimeError):
    """A model file that cannot be used; the message names the file and what is wrong."""


# What a `.keras` archive may ask for, checked in its zip directory and config before anything is unpacked
# or built. The shipped model is 1.5 MB and about 0.4 million weights; these leave room for far larger ones.
MAX_MODEL_BYTES = 128 * 2**20  # all members, unpacked
MAX_MEMBERS = 64
MAX_CONFIG_BYTES = 4 * 2**20
MAX_COMPRESSION_RATIO = 20  # weights hardly compress; a member that packs tighter than this is a zip bomb
RATIO_CHECKED_FROM = 2**20  # bytes: small text members (config, metadata) compress well and harmlessly
MAX_WEIGHTS = 50_000_000  # estimated from the config, an upper bound: 200 MB of float32
MAX_LAYER_NUMBER = 1_000_000  # no size in a layer's config (units, filters, shapes) needs more
SAFETY = "it contains code or classes Runesight does not know ({}), and was refused for safety"
CODE_CLASSES = {"Lambda", "__lambda__", "TFOpLambda"}  # layers that carry a Python function


def _size(number: int) -> str:
    return f"{number / 2**20:,.0f} MB" if number >= 2**20 else f"{number:,} bytes"


def _classes(node, found: list[str]) -> None:
    """Every class the config names that safe mode must not build: code, and classes from outside Keras."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            name, module, registered = item.get("class_name"), item.get("module"), item.get("registered_name")
            if isinstance(name, str) and name in CODE_CLASSES:
                found.append(name)
            elif isinstance(registered, str) and ">" in registered:  # registered by a package, not by Keras
                found.append(registered)
            elif isinstance(name, str) and isinstance(module, str) and module.split(".")[0] != "keras":
                found.append(f"{module}.{name}")
            stack.extend(item.values())


def _layer_numbers(config: dict) -> list[int]:
    return [value for key, value in config.items() if key in ("units", "filters", "kernel_size", "batch_shape",
                                                               "target_shape", "input_dim", "output_dim", "n",
                                                               "size", "pool_size")
            for value in (value if isinstance(value, list) else [value]) if isinstance(value, int)]


class _Shapes:
    """What a layer's input may be, traced from the input layers: exactly along a Sequential model's
    chain; for any other graph an upper bound (the most channels and the largest sides met so far, never
    shrunk), as a hostile config's list of layers may not be in the order they are applied."""

    def __init__(self, exact: bool) -> None:
        self.exact, self.sides, self.channels = exact, [1], 1

    @property
    def numbers(self) -> int:  # per drawing
        return _product(self.sides) * self.channels

    def input(self, shape: list) -> None:
        sides = [side if isinstance(side, int) and side > 0 else 1 for side in shape[1:]] or [1]
        if self.exact:
            self.sides, self.channels = sides[:-1] or [1], sides[-1]
        else:
            self.sides = [max(_product(self.sides), _product(sides[:-1]))]
            self.channels = max(self.channels, sides[-1])

    def output(self, channels: int, shrink: list[int] | None = None, flat: bool = False) -> None:
        if not self.exact:
            self.channels = max(self.channels, channels)
        elif flat:
            self.sides, self.channels = [1], channels
        else:
            if shrink:
                self.sides = [max(1, -(-side // step)) for side, step in zip(self.sides, shrink + shrink[-1:] * 3)]
            self.channels = channels


def _product(values) -> int:
    result = 1
    for value in values:
        result *= value if isinstance(value, int) and value > 0 else 1
    return result


def _steps(options: dict, *keys: str) -> list[int]:
    for key in keys:
        value = options.get(key)
        if isinstance(value, int):
            return [max(1, value)]
        if isinstance(value, list) and value and all(isinstance(step, int) for step in value):
            return [max(1, step) for step in value]
    return [1]


def _estimated_weights(config: dict) -> tuple[int, str, int]:
    """An upper bound of the weights a model config's layers ask for, its largest layer's class, and the
    most numbers any of its layers gives out per drawing, without building anything (nested models
    included)."""
    inner = config.get("config")
    layers = inner.get("layers") if isinstance(inner, dict) else None
    if not isinstance(layers, list):
        return 0, "", 1
    shapes = _Shapes(exact=config.get("class_name") == "Sequential")
    total, largest, widest = 0, (0, ""), 1
    for layer in layers:
        if not isinstance(layer, dict) or not isinstance(layer.get("config"), dict):
            continue
        name, options = str(layer.get("class_name")), layer["config"]
        if any(number > MAX_LAYER_NUMBER for number in _layer_numbers(options)):
            raise ValueError(f"its {name} layer asks for sizes beyond {MAX_LAYER_NUMBER:,}")
        weights = 0
        shape = options.get("batch_shape") or options.get("batch_input_shape")
        if isinstance(shape, list) and shape:
            shapes.input(shape)
        if isinstance(options.get("layers"), list):  # a model inside the model
            weights, _, inner_widest = _estimated_weights(layer)
            shapes.exact = False  # what comes out of it is not traced: at most its widest layer
            shapes.output(max(shapes.numbers, inner_widest))
        elif isinstance(options.get("filters"), int):
            kernel = _product(_steps(options, "kernel_size"))
            filters = options["filters"]
            weights = kernel * shapes.channels * filters + filters
            shapes.output(filters, _steps(options, "strides"))
        elif isinstance(options.get("units"), int):
            units = options["units"]
            weights = (shapes.channels + 1) * units * (1 if name == "Dense" else 4)  # a recurrent layer: four gates
            shapes.output(units)
        elif isinstance(options.get("input_dim"), int) and isinstance(options.get("output_dim"), int):
            weights = options["input_dim"] * options["output_dim"]
            shapes.output(options["output_dim"])
        elif "Global" in name:
            shapes.output(shapes.channels, flat=True)
        elif "Pooling" in name:
            shapes.output(shapes.channels, _steps(options, "strides", "pool_size"))
        elif name == "Flatten":
            shapes.output(shapes.numbers, flat=True)
        total += weights
        largest, widest = max(largest, (weights, name)), max(widest, shapes.numbers)
    return total, largest[1], widest


def check_keras_archive(model_path: Path) -> None:
    """Refuse, with a plain reason, a `.keras` archive that would take gigabytes or run code once unpacked
    or built: its zip directory (members, sizes, compression) and its config (classes, layer sizes) are
    read, and nothing else. Every path that opens a model file calls this first."""
    model_path = Path(model_path)

    def refuse(reason: str) -> ModelLoadError:
        return ModelLoadError(f"Model file {model_path} cannot be loaded: {reason}")

    try:
        with zipfile.ZipFile(model_path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise refuse(f"it holds {len(members):,} files, more than a model needs")
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_MODEL_BYTES:
                raise refuse(f"it would unpack to {_size(unpacked)}, more than {MAX_MODEL_BYTES // 2**20} MB")
            for member in members:
                ratio = member.file_size // max(1, member.compress_size)
                if member.file_size >= RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
                    raise refuse(f"its {quoted(member.filename)} is compressed {ratio:,} times ("
                                 f"{_size(member.compress_size)} unpack to {_size(member.file_size)}): no model's "
                                 "weights pack so tight")
            config_member = next((m for m in members if m.filename == "config.json"), None)
            if config_member is None:
                raise refuse("it is not a Keras model (there is no config.json in it)")
            if config_member.file_size > MAX_CONFIG_BYTES:
                raise refuse(f"its config.json is {_size(config_member.file_size)}, more than a model needs")
            text = archive.read(config_member)
    except ModelLoadError:
        raise
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError) as error:  # a zip Python cannot read
        raise refuse("it is damaged, or not a Keras model (a .keras file is a zip archive, and this one cannot "
                     "be read as one)") from error
    try:
        config = json.loads(text)
    except RecursionError as error:
        raise refuse("its config.json is nested too deeply") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise refuse("its config.json is not valid JSON") from error
    if not isinstance(config, dict):
        raise refuse("its config.json does not describe a model")
    unsafe: list[str] = []
    try:
        _classes(config, unsafe)
        weights, largest, _ = _estimated_weights(config)
    except ValueError as error:
        raise refuse(str(error)) from error
    if unsafe:
        raise refuse(SAFETY.format(", ".join(repr(name) for name in dict.fromkeys(unsafe))))
    if weights > MAX_WEIGHTS:
        raise refuse(f"its layers ask for up to {weights / 1e6:,.0f} million weights (the largest: a {largest} "
                     f"layer), more than the {MAX_WEIGHTS / 1e6:,.0f} million a model here may have")


def metadata_path(model_path: Path) -> Path:
    return Path(model_path).with_suffix(".json")


def read_metadata(model_path: Path) -> dict:
    """The metadata beside a model file, or {} when there is none. Raises ModelLoadError if unreadable."""
    path = metadata_path(model_path)
    if not path.is_file():
        return {}
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ModelLoadError(f"Model metadata {path} is {_size(path.stat().st_size)}, more than metadata needs")
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as error:
        raise ModelLoadError(f"Model metadata {path} is unreadable: its JSON is nested too deeply") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelLoadError(f"Model metadata {path} is unreadable: {error}") from error
    if not isinstance(data, dict):
        raise ModelLoadError(f"Model metadata {path} is not a JSON object")
    return data


def keras_reason(error: BaseException) -> str:
    """What Keras said, as a reason a person can read: a safe-mode refusal in plain words, and a message
    whose first line ends in a colon kept with the line that says what is wrong."""
    text = str(error).strip()
    if "safe_mode" in text or "safe mode" in text.lower() or "could not be deserialized" in text:
        return SAFETY.format("Keras refused to build part of it")
    if "Exception encountered:" in text:  # Keras wraps the real reason after this
        text = text.rsplit("Exception encountered:", 1)[1].strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    reason = lines[0]
    for line in lines[1:]:
        if not reason.endswith(":"):
            break
        reason = f"{reason} {line}"
    return reason if len(reason) <= 400 else reason[:400] + "…"


def _metadata_text(metadata: dict) -> str:
    def default(value):
        if isinstance(value, np.generic):
            return value.item()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return json.dumps(metadata, indent=2, ensure_ascii=False, default=default) + "\n"


def write_metadata(model_path: Path, metadata: dict) -> None:
    text = _metadata_text(metadata)
    atomic_write(metadata_path(model_path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _without_optimizer(network):
    """The same network, uncompiled. Nothing resumes training from a model file (fine-tuning compiles a
    fresh optimizer), and Adam's two moments per weight made the file three times as large."""
    if not getattr(network, "compiled", False):
        return network
    bare = type(network).from_config(network.get_config())
    bare.set_weights(network.get_weights())
    return bare


def save_model(network, model_path: Path, metadata: dict) -> None:
    """Save a Keras model (its weights, not its optimizer) and its metadata. Both are written in full
    before either is renamed into place, metadata first: a model file only ever appears with its
    metadata beside it, and both are on the disk when this returns."""
    model_path = Path(model_path)
    text = _metadata_text(metadata)
    network = _without_optimizer(network)
    with staged(metadata_path(model_path)) as staged_metadata, staged(model_path) as staged_model:
        staged_metadata.write_text(text, encoding="utf-8")
        keras_named = staged_model.with_name(staged_model.name + ".keras")  # Keras insists on the suffix
        try:
            network.save(keras_named)
            os.replace(keras_named, staged_model)
        finally:
            keras_named.unlink(missing_ok=True)
        sync_file(staged_metadata)
        sync_file(staged_model)
        os.replace(staged_metadata, metadata_path(model_path))
        os.replace(staged_model, model_path)
        sync_folder(model_path.parent)


def metadata_alphabet(metadata: dict, path: Path) -> Alphabet:
    """The alphabet a model's metadata names (the default where it names none), checked against its
    "runes"; ModelLoadError with the reason for a value of the wrong kind, or an unknown name."""
    name = metadata.get("alphabet", DEFAULT_ALPHABET)
    if not isinstance(name, str):
        raise ModelLoadError(f"Model metadata for {path}: 'alphabet' must be the name of an alphabet, "
                             f"not {quoted(name)}")
    try:
        alphabet = load_alphabet(name)
    except KeyError as error:
        raise ModelLoadError(f"Model {path}: {error.args[0]}") from error
    names = metadata.get("runes")
    if names is not None and (not isinstance(names, list) or not all(isinstance(rune, str) for rune in names)):
        raise ModelLoadError(f"Model metadata for {path}: 'runes' must be a list of rune names, not {quoted(names)}")
    if names is not None and tuple(names) != alphabet.names:
        raise ModelLoadError(f"Model {path} was trained on runes {quoted(' '.join(names), 80)}, not on "
                             f"{' '.join(alphabet.names)}")
    return alphabet


def check_model_file(model_path: Path) -> None:
    """The checks every way of loading makes first: the file is there, readable, a `.keras` zip archive, and
    its directory and config ask for nothing hostile (`check_keras_archive`). Raises ModelLoadError saying
    which file and what is wrong."""
    model_path = Path(model_path)
    if not model_path.is_file():
        raise ModelLoadError(f"Model file not found: {model_path}")
    if model_path.suffix != ".keras":
        raise ModelLoadError(f"Model file {model_path} is not a .keras file")
    try:
        with open(model_path, "rb"):
            pass
    except OSError as error:  # a file that is there but cannot be read is not "damaged"
        raise ModelLoadError(f"Model file {model_path} cannot be read: {error.strerror or error}") from error
    if not zipfile.is_zipfile(model_path):  # Keras itself would say "File not found" of a file that is there
        raise ModelLoadError(f"Model file {model_path} cannot be loaded: it is damaged, or not a Keras model (a "
                             ".keras file is a zip archive, and this one is not)")
    check_keras_archive(model_path)


def load_network(model_path: Path):
    """Load a `.keras` file with Keras, in safe mode (nothing from the file is run as code); ModelLoadError says
    which file and what is wrong. A file the checks refuse is refused before Keras is even imported."""
    model_path = Path(model_path)
    check_model_file(model_path)
    from model.tensorflow_logs import import_keras_quietly

    keras = import_keras_quietly()  # only now, for a file the NumPy forward pass cannot run: no start-up lines
    try:
        return keras.saving.load_model(model_path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises many types for a bad archive; all mean the same here
        raise ModelLoadError(f"Model file {model_path} cannot be loaded: {keras_reason(error)}") from error
