"""The user's data folder (drawings, retrained models, settings), from platformdirs.

`RUNESIGHT_HOME` overrides it, for tests and for portable use (e.g. a folder on a USB stick).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

import platformdirs

APP_NAME = "Runesight"


def data_dir() -> Path:
    override = os.environ.get("RUNESIGHT_HOME")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    with suppress(OSError):  # a read-only disk, a USB stick not plugged in: what writes there says so
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_keras_folder_in(folder: Path) -> None:
    """Keras keeps its settings (keras.json) and downloads in a folder of its own, ~/.keras unless
    KERAS_HOME names another: name one inside `folder`, so Runesight writes nothing outside its data
    folder. Before Keras is imported; processes started afterwards inherit it. A KERAS_HOME the person
    set is theirs, and kept."""
    os.environ.setdefault("KERAS_HOME", str(Path(folder) / "keras"))


def folder_problem(folder: Path) -> str | None:
    """Why nothing can be kept in `folder`, in words, or None when it is a writable folder."""
    if not folder.exists():
        return f"the folder {folder} does not exist and cannot be made"
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    return None
