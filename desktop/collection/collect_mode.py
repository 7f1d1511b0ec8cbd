"""Collect mode: the app asks for a rune, the person draws it on the canvas, Enter saves it and asks again.

The least-collected rune comes first (`DrawingStore.least_collected`); Skip asks for another one and a
click on a rune's cell picks it. Drawings are saved with source "collected". A per-rune counter shows
progress toward a target (10 each unless the person sets another; kept in the settings).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.collection.personal_drawings import PersonalDrawings
from desktop.common.actions import new_action
from desktop.common.notices import Notices
from desktop.common.settings import open_settings, read_float
from desktop.widgets.collect_panel import TARGET_RANGE, CollectPanel
from desktop.widgets.stroke_canvas import StrokeCanvas
from model.alphabet import Alphabet
from model.drawing_store import StoreError

DEFAULT_TARGET = 10
NO_STORE_TIP = "Your drawings cannot be kept: the drawing database could not be opened (see the message above)."


class CollectMode(QObject):
    """Receives the drawings, the canvas and the alphabet; gives the window its panel (to place), its actions
    and `active_changed` (the window makes room for the panel; corrections pause meanwhile). `remember`:
    whether the target is kept in the settings (not for the self-test)."""

    active_changed = Signal(bool)

    def __init__(self, drawings: PersonalDrawings | None, canvas: StrokeCanvas, alphabet: Alphabet,
                 notices: Notices, parent: QWidget, *, remember: bool = True) -> None:
        super().__init__(parent)
        self.drawings, self.canvas, self.alphabet, self.notices = drawings, canvas, alphabet, notices
        self._remember = remember
        self.rune: str | None = None  # the rune asked for
        self._skipped: set[str] = set()
        self._normal_hint = canvas.hint_lines
        self.panel = CollectPanel(alphabet)
        self.panel.hide()

        self.action = new_action(parent, "&Collect drawings", self.set_active, QKeySequence("F3"), icon_text="Collect",
                                 tip="Collect mode: the app asks for runes, you draw them, Enter saves (F3)",
                                 checkable=True)
        self.save_action = QAction("Save as the rune asked for", parent)
        self.save_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.save_action.setEnabled(False)
        self.save_action.triggered.connect(self.save)
        parent.addAction(self.save_action)
        self.skip_action = new_action(parent, "S&kip to another rune", self.skip, QKeySequence("Ctrl+Right"),
                                      tip="Collect mode: ask for another rune (Ctrl+Right)")
        self.skip_action.setEnabled(False)
        parent.addAction(self.skip_action)
        if drawings is None:
            self.action.setEnabled(False)
            self.action.setToolTip(NO_STORE_TIP)
        else:
            drawings.changed.connect(self._refresh)

        self.target = DEFAULT_TARGET
        if remember:
            self.target = round(read_float(open_settings(), "collect/target", DEFAULT_TARGET, *TARGET_RANGE))
        self.panel.set_target(self.target)
        self.panel.save_requested.connect(self.save)
        self.panel.skip_requested.connect(self.skip)
        self.panel.stop_requested.connect(lambda: self.action.setChecked(False))
        self.panel.rune_chosen.connect(self.ask_for)
        self.panel.target_changed.connect(self.set_target)

    @property
    def active(self) -> bool:
        return self.action.isChecked() and self.drawings is not None

    def set_active(self, on: bool) -> None:
        if self.drawings is None:
            return
        self.panel.setVisible(on)
        self.save_action.setEnabled(on)
        self.skip_action.setEnabled(on)
        self._skipped.clear()
        if on:
            self.active_changed.emit(True)  # the window makes room for the panel before it shows a rune
            self.ask_for(self.drawings.store.least_collected())
            if not self.canvas.is_empty:
                # A drawing made before the rune was asked for is not a drawing of it: Enter would file
                # it under the wrong name. Cleared as one step, so Ctrl+Z brings it back.
                self.canvas.clear()
                self._say("The canvas was cleared for collecting (Ctrl+Z brings your drawing back).", "")
            self.canvas.setFocus()
        else:
            self.rune = None
            self.active_changed.emit(False)
            self.canvas.hint_lines = self._normal_hint
            self.canvas.update()

    def set_target(self, target: int) -> None:
        self.target = int(target)
        if self._remember:
            open_settings().setValue("collect/target", self.target)
        self._refresh()

    # --- asking ------------------------------------------------------------------------------------
    def ask_for(self, name: str) -> None:
        self.rune = name
        rune = self.alphabet.rune(name)
        self.panel.show_prompt(name, self.drawings.counts(), self.target)
        self.panel.show_message("")  # a message about the rune asked for before would be stale
        self.canvas.hint_lines = (f"Draw {rune.glyph} {rune.name}",
                                         "then press Enter to save it · Esc clears · Ctrl+Z undoes a stroke")
        self.canvas.update()

    def next_rune(self) -> str:
        """The least-collected rune, passing over the ones skipped since the last save."""
        if not self._skipped:
            return self.drawings.store.least_collected()
        counts = self.drawings.counts()
        left = {name: count for name, count in counts.items() if name not in self._skipped}
        if not left:
            self._skipped.clear()
            left = counts
        return min(left, key=left.get)

    def skip(self) -> None:
        if not self.active:
            return
        if self.rune is not None:
            self._skipped.add(self.rune)
        self.ask_for(self.next_rune())

    def _refresh(self) -> None:
        if self.active and self.rune is not None:
            self.panel.show_prompt(self.rune, self.drawings.counts(), self.target)

    # --- saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        """Enter: save the canvas as the rune asked for, clear it and ask for the next one."""
        if not self.active or self.rune is None:
            return
        name = self.rune
        drawing = self.canvas.drawing()
        if not drawing.strokes:
            self._say(f"Nothing was saved: the canvas is empty. Draw {name} first, then press Enter.", "warn")
            return
        sample = drawing.with_label(name)
        try:
            if self.drawings.store.contains(sample):
                self._say("This drawing is saved already; draw the next one.", "warn")
                return
            self.drawings.add(sample, "collected")
        except StoreError as error:
            self._say(f"Nothing was saved: {error}.", "error")
            return
        counts = self.drawings.counts()
        self._skipped.clear()
        self.canvas.clear()
        following = self.next_rune()
        self.ask_for(following)
        text = f"Saved {name} ({counts[name]} of {self.target}). Now draw {following}."
        if all(count >= self.target for count in counts.values()):
            text = (f"Saved {name}. Every rune has {self.target} drawings now: Model ▸ Retrain teaches the "
                    f"network your hand. You can keep collecting.")
        self._say(text, "ok")

    def _say(self, text: str, kind: str) -> None:
        self.panel.show_message(text, kind)
        self.notices.status(text, 5000)
