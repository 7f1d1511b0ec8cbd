"""The user's data folder (drawings, retrained models, settings), from platformdirs.

`RUNESIGHT_HOME` overrides it, for tests and for portable use (e.g. a folder on a USB stick).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Runesight"


def data_dir() -> Path:
    override = os.environ.get("RUNESIGHT_HOME")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
