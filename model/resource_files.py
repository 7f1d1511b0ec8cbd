"""Where the files that ship with the app live, in the source tree and in a PyInstaller bundle.

This is the one module that knows the difference: a frozen app unpacks `resources/` next to its
executable's internals (`sys._MEIPASS`); from source it is the folder beside `model/`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


RESOURCES_DIR = resources_dir()
SHIPPED_MODEL_DIR = RESOURCES_DIR / "model"
SHIPPED_MODEL_PATH = SHIPPED_MODEL_DIR / "runesight.keras"
FONTS_DIR = RESOURCES_DIR / "fonts"
ICONS_DIR = RESOURCES_DIR / "icons"
