"""Corrections in normal use: one click on the right rune's bar saves the drawing with that label.

A wrong guess saved this way has source "corrected"; clicking the guessed rune itself confirms it
(source "collected"). Clicking another rune for a drawing the store has already relabels it rather
than saving it twice, and the note under the bars offers Undo until the drawing changes.

Drawings ▸ Save corrections from the bars turns clicks off, for a presenter who points at bars in front
of a room and must not fill the store with the room's scribbles.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.collection.personal_drawings import PersonalDrawings
from desktop.common.actions import new_action
from desktop.common.notices import Notices
from desktop.recognition.live import LiveRecognition
from desktop.widgets.prediction_panel import PredictionPanel
from desktop.widgets.stroke_canvas import StrokeCanvas
from model.alphabet import Alphabet
from model.drawing_store import StoreError, drawing_digest
from model.wording import counted

HINT = "<span style='color:#7d776b'>Wrong? Click the right rune above: the drawing is saved with that name.</span>"


class Corrections(QObject):
    """Receives the drawings, the bars' panel, the live recognition, the canvas and the alphabet; gives the
    window its menu action."""

    def __init__(self, drawings: PersonalDrawings | None, predictions: PredictionPanel, live: LiveRecognition,
                 canvas: StrokeCanvas, alphabet: Alphabet, notices: Notices, parent: QWidget) -> None:
        super().__init__(parent)
        self.drawings = drawings
        self.predictions, self.canvas, self.alphabet, self.notices = predictions, canvas, alphabet, notices
        self.shown = None  # the recognition the bars show (word mode: one glyph's), until the drawing is cleared
        self._wanted = True  # the person's choice (the menu's check box)
        self._in_use = True  # off while collect mode is on
        self.enabled = drawings is not None
        self.saved: SavedCorrection | None = None  # what the clicks did to the drawing on the canvas
        self.drawing_override = None  # word mode: the glyph the bars show, saved instead of the whole canvas
        self.action = new_action(parent, "Save c&orrections from the bars", self.set_wanted, checkable=True,
                                 tip="A click on a rune's bar saves the drawing under that name. Off: the bars "
                                     "only show (for pointing at them in front of a room)")
        self.action.setChecked(True)
        self.action.setEnabled(drawings is not None)
        predictions.bars.rune_clicked.connect(self.correct)
        predictions.note_link_activated.connect(self._on_link)
        live.recognized.connect(self._on_recognized)
        live.cleared.connect(self._on_cleared)
        canvas.drawing_changed.connect(self._on_drawing_changed)

    def show_recognition(self, recognition) -> None:
        """The bars show `recognition` now (word mode's glyph picked in its panel): a click corrects it."""
        self.shown = recognition

    def set_drawing_override(self, drawing) -> None:
        """What a click on a bar saves: `drawing` (one glyph of a word), or None for what the canvas holds."""
        self.drawing_override = drawing

    def set_enabled(self, on: bool) -> None:
        """Off in collect mode (the panel there says which rune is drawn)."""
        self._in_use = bool(on)
        self._update()

    def set_wanted(self, on: bool) -> None:
        """The person's choice: whether a click on a bar saves the drawing."""
        self._wanted = bool(on)
        self._update()

    def _update(self) -> None:
        self.enabled = self._wanted and self._in_use and self.drawings is not None
        recognised = self.shown is not None
        self.predictions.bars.set_clickable(self.enabled and recognised)
        self.predictions.reserve_note_room(self.enabled)  # the note comes and goes only while enabled
        if self.saved is None or not self._in_use:  # a correction just saved keeps its note and its Undo
            self.predictions.show_note(HINT if self.enabled and recognised and self.saved is None else "")

    def _on_recognized(self, recognition) -> None:
        self.shown = recognition
        self.predictions.bars.set_clickable(self.enabled)
        if self.enabled and self.saved is None:
            self.predictions.show_note(HINT)

    def _on_cleared(self, _message: str) -> None:
        self.shown = None
        self.predictions.show_note("")

    def _on_drawing_changed(self, drawing) -> None:
        if self.saved is not None and (not drawing.strokes or drawing_digest(drawing) != self.saved.digest):
            self.saved = None  # a new drawing: back to the hint once it is recognised
        if not drawing.strokes:
            self.predictions.bars.set_clickable(False)

    def correct(self, name: str) -> None:
        """Save what is on the canvas as `name` (or relabel it, where the store has it under another name)."""
        if not self.enabled or self.shown is None or self.canvas.is_empty:
            return
        drawing = self.drawing_override if self.drawing_override is not None else self.canvas.drawing()
        guess = self.shown.best[0]
        digest = drawing_digest(drawing)
        if self.saved is not None and self.saved.digest == digest and self.saved.label == name:
            return
        try:
            # Looked up in the store, not only in what this click saved last: after an undo and a redo,
            # or with a saved drawing opened again, a click relabels the drawing instead of adding a twin.
            stored = self.drawings.store.find(drawing)
            if stored is not None and stored.label == name:
                self.saved = SavedCorrection(digest, stored.id, name, name)  # Undo: nothing to change
                self.predictions.show_note(f"<span style='color:#1d5e3a'>This drawing is saved as {name} "
                                             f"already.</span>")
                return
            if stored is not None:
                self.drawings.relabel([stored.id], name)
                # Undo puts back the label it had before this drawing's clicks began (None: it was new).
                mine = self.saved is not None and self.saved.id == stored.id
                self.saved = SavedCorrection(digest, stored.id, name, self.saved.before if mine else stored.label)
            else:
                added = self.drawings.add(drawing.with_label(name), "corrected" if name != guess else "collected")
                self.saved = SavedCorrection(digest, added, name, None)
        except StoreError as error:
            self.predictions.show_note(f"<span style='color:#7a1f16'>Not saved: {error}.</span>")
            return
        rune = self.alphabet.rune(name)
        count = self.drawings.counts()[name]
        what = f"a correction: the network read {guess}" if name != guess else "the network had it right"
        self.predictions.show_note(
            f"<span style='color:#1d5e3a'>Saved as {rune.glyph} <b>{name}</b> ({what}); "
            f"{counted(count, name + ' drawing')} now.</span> <a href='undo'>Undo</a>")
        self.notices.status(f"Saved the drawing as {name}", 4000)

    def _on_link(self, href: str) -> None:
        if href != "undo" or self.saved is None:
            return
        saved, self.saved = self.saved, None
        try:
            if saved.before is None:  # added by these clicks: gone again
                self.drawings.delete([saved.id])
                text = f"Not kept: the drawing is no longer saved as {saved.label}."
            else:  # a drawing stored before: its label back, the drawing kept
                self.drawings.relabel([saved.id], saved.before)
                text = f"Undone: the drawing is saved as {saved.before} again, as it was."
        except StoreError as error:
            text = f"Could not undo: {error}."
        self.predictions.show_note(f"<span style='color:#7d776b'>{text}</span>")


@dataclass(frozen=True)
class SavedCorrection:
    """What the clicks on the bars did to the drawing on the canvas, so that Undo can take it back."""

    digest: str
    id: int
    label: str  # its label now
    before: str | None  # its label before the clicks; None: the clicks added it
