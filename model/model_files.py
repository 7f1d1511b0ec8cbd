"""Model files: the `.keras` archive plus a small JSON of metadata beside it.

Writes are atomic and durable (`model.atomic_files`), so neither a crash nor a power cut leaves half a model.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from model.atomic_files import atomic_write, staged, sync_file, sync_folder


class ModelLoadError(RuntimeError):
    """A model file that cannot be used; the message names the file and what is wrong."""


def metadata_path(model_path: Path) -> Path:
    return Path(model_path).with_suffix(".json")


def read_metadata(model_path: Path) -> dict:
    """The metadata beside a model file, or {} when there is none. Raises ModelLoadError if unreadable."""
    path = metadata_path(model_path)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelLoadError(f"Model metadata {path} is unreadable: {error}") from error
    if not isinstance(data, dict):
        raise ModelLoadError(f"Model metadata {path} is not a JSON object")
    return data


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


def check_model_file(model_path: Path) -> None:
    """The checks every way of loading makes first: the file is there, readable, and a `.keras` zip archive.
    Raises ModelLoadError saying which file and what is wrong."""
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


def load_network(model_path: Path):
    """Load a `.keras` file with Keras, in safe mode (nothing from the file is run as code); ModelLoadError says
    which file and what is wrong."""
    import keras

    model_path = Path(model_path)
    check_model_file(model_path)
    try:
        return keras.saving.load_model(model_path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises many types for a bad archive; all mean the same here
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelLoadError(f"Model file {model_path} cannot be loaded: {reason}") from error
