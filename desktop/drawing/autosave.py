"""The drawing on the canvas, kept in the data folder so closing (or a crash) never loses it.

Written after every change (debounced by the window) and read back at the next start.
"""

from __future__ import annotations

import os
from datetime import datetime
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
    write_drawing(path, drawing, source="runesight-desktop autosave")


def load_autosave() -> tuple[Drawing | None, str | None]:
    """(the drawing left on the canvas last time, or None; a message for the person, or None).

    A file that cannot be read is renamed aside, never overwritten by the next stroke: the drawing in
    it may still be worth rescuing by hand.
    """
    path = autosave_path()
    if not path.is_file():
        return None, None
    try:
        samples = read_drawing_file(path)
    except DrawingFileError as error:
        aside = path.with_name(f"unsaved-drawing.unreadable-{datetime.now():%Y%m%d-%H%M%S}.json")
        try:
            os.replace(path, aside)
        except OSError:
            return None, f"The drawing kept from last time could not be read ({error})."
        return None, f"The drawing kept from last time could not be read; the file is kept as {aside}."
    first = samples[0] if samples else None
    if isinstance(first, Drawing) and first.strokes:
        return first, "Your drawing from last time is back (Esc clears it; Ctrl+Z undoes that)."
    return None, None
