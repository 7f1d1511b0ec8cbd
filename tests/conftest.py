"""Shared test set-up: offscreen Qt, quiet TensorFlow, and a fresh data folder for every test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def runesight_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data folder and settings; no test touches a real user's files."""
    home = tmp_path_factory.mktemp("runesight_home")
    monkeypatch.setenv("RUNESIGHT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def alphabet():
    from model.alphabet import load_alphabet

    return load_alphabet()


@pytest.fixture(scope="session")
def shipped_recognizer():
    """The shipped model, loaded once for the whole session."""
    from model.recognizer import Recognizer

    return Recognizer.load()


@pytest.fixture(scope="session")
def base_model(tmp_path_factory, alphabet):
    """An untrained network saved as a model file with metadata: a base for tiny retrains."""
    import keras

    from model.model_files import save_model
    from model.network import build_network

    keras.utils.set_random_seed(0)
    path = tmp_path_factory.mktemp("base") / "base.keras"
    save_model(build_network(len(alphabet)), path, {"alphabet": alphabet.name, "runes": list(alphabet.names)})
    return path


@pytest.fixture
def undeletable(monkeypatch):
    """`undeletable(path)`: from now on, deleting that file fails as a locked or read-only file does."""
    from pathlib import Path

    real_unlink = Path.unlink
    locked: set[Path] = set()

    def unlink(self, *args, **kwargs):
        if self in locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    return locked.add
