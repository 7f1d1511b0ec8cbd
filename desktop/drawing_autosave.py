"""The drawing on the canvas, kept in the data folder so closing (or a crash) never loses it.

Written after every change (debounced by the window) and read back at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from model.drawing import Drawing
from model.drawing_files import DrawingFileError, read_drawing_file, write_drawing
from model.user_folders import data_dir

AUTOSAVE_FILE = "unsaved-drawing.json"


def autosave_path() -> Path:
    return data_dir() / AUTOSAVE_FILE


def save_autosave(drawing: Drawing) -> None:
    """Keep the drawing; an empty canvas removes the file. Atomic: a half-written file never replaces it."""
    path = autosave_path()
    if not drawing.strokes:
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(path.name + ".part")
    write_drawing(partial, drawing, source="runesight-desktop autosave")
    os.replace(partial, path)


def load_autosave() -> Drawing | None:
    """The drawing left on the canvas last time, or None (no file, or one that cannot be read)."""
    path = autosave_path()
    if not path.is_file():
        return None
    try:
        samples = read_drawing_file(path)
    except DrawingFileError:
        return None
    first = samples[0] if samples else None
    return first if isinstance(first, Drawing) and first.strokes else None
