"""The main window's title names the drawing file the canvas shows, as desktop programs do.

After Open or Save the title reads "rune.json — Younger Futhark — Runesight", with Qt's `[*]` marker
(an asterisk, or the platform's own sign) while the drawing differs from the file. The canvas's strokes
are immutable and undo restores the very same stroke objects, so comparing them by identity with the
strokes as opened or saved is exact: undoing back to the file's drawing clears the marker again, and
undoing an Open (or a Clear) names the file the drawing shown came from, if any. An empty canvas
(Clear, or a drawing saved to the store and cleared) is a new, untitled drawing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.widgets.stroke_canvas import StrokeCanvas
from model.drawing import Stroke


class DrawingFileTitle:
    def __init__(self, window: QWidget, canvas: StrokeCanvas, app_title: str) -> None:
        self.window, self.canvas, self.app_title = window, canvas, app_title
        self.path: Path | None = None
        self._file_strokes: tuple[Stroke, ...] = ()  # the strokes as opened from or saved to `path`
        self._files: list[tuple[Path, tuple[Stroke, ...]]] = []  # every open and save this session, oldest first
        canvas.drawing_changed.connect(self._on_drawing_changed)
        self._show()

    def set_file(self, path: Path) -> None:
        """The canvas's drawing was just opened from or saved to `path`."""
        self._files.append((Path(path), self.canvas.strokes))
        self.path, self._file_strokes = self._files[-1]
        self._show()

    @property
    def is_modified(self) -> bool:
        return self.path is not None and not _same(self.canvas.strokes, self._file_strokes)

    def _on_drawing_changed(self, _drawing) -> None:
        """Which file the drawing is: one it is exactly as opened or saved, else the newest one whose strokes
        it still holds (edited since); none for a drawing that holds no stroke of any (a new one, or the
        drawing from before an Open that Undo brought back)."""
        strokes = self.canvas.strokes
        held = {id(stroke) for stroke in strokes}
        newest_first = self._files[::-1]
        found = next((entry for entry in newest_first if strokes and _same(strokes, entry[1])), None) or next(
            (entry for entry in newest_first if held & {id(stroke) for stroke in entry[1]}), (None, ()))
        self.path, self._file_strokes = found
        self._show()

    def _show(self) -> None:
        if self.path is None:
            self.window.setWindowModified(False)
            self.window.setWindowTitle(self.app_title)
            self.window.setWindowFilePath("")
            return
        name = self.path.name.replace("[*]", "[*][*]")  # Qt shows "[*][*]" as a literal "[*]"
        self.window.setWindowTitle(f"{name}[*] — {self.app_title}")
        self.window.setWindowFilePath(str(self.path))  # macOS shows the file's icon in the title bar
        self.window.setWindowModified(self.is_modified)


def _same(strokes: tuple[Stroke, ...], others: tuple[Stroke, ...]) -> bool:
    return len(strokes) == len(others) and all(a is b for a, b in zip(strokes, others))
