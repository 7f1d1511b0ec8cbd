"""Word mode: the canvas is read as a word, glyph by glyph, left to right, and the panel under it shows each
glyph, the dividers and the word in Latin letters (or takes Latin text and shows it in runes, to trace).

A part of its own: it receives the live recognition, the canvas and the word panel, and gives the window an
action and two signals: which glyph's recognition to show in the bars and maps (`glyph_shown`), and which
drawing a correction from the bars saves (`correction_drawing`: the glyph shown, or None for the whole canvas).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence

from desktop.common.actions import new_action
from desktop.recognition.live import LiveRecognition
from desktop.widgets.stroke_canvas import StrokeCanvas
from desktop.widgets.word_panel import WordPanel

WORD_HINT = ("Write a word", "runes side by side, left to right · a dot, two dots or a cross between runes divides "
             "words · F4 back to one rune")


class WordMode(QObject):
    active_changed = Signal(bool)
    glyph_shown = Signal(object)  # model.recognizer.Recognition of the glyph picked in the panel
    correction_drawing = Signal(object)  # Drawing | None

    def __init__(self, live: LiveRecognition, canvas: StrokeCanvas, panel: WordPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.live, self.canvas, self.panel = live, canvas, panel
        self.active = False
        self.reading = None  # the last WordReading
        self._rune_hint = canvas.hint_lines
        self.action = new_action(parent, "&Write a word", self.set_active, QKeySequence("F4"), checkable=True,
                                 tip="Read several runes side by side as a word, and write Latin text in runes")
        live.word_read.connect(self._on_word)
        live.cleared.connect(self._on_cleared)
        panel.glyph_clicked.connect(self.show_glyph)
        panel.guide_changed.connect(lambda text: canvas.set_guide(text if self.active else ""))
        panel.hide()

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        self.action.setChecked(on)
        self.panel.setVisible(on)
        self.canvas.hint_lines = WORD_HINT if on else self._rune_hint
        self.canvas.set_guide(self.panel.runes.text() if on and self.panel.trace.isChecked() else "")
        self.reading = None
        self.panel.clear()
        self.correction_drawing.emit(None)
        self.live.set_word_mode(on)
        self.active_changed.emit(on)

    def show_glyph(self, index: int) -> None:
        """Show one glyph's bars and maps; a correction from the bars then saves that glyph."""
        if self.reading is None or not 0 <= index < len(self.reading.glyphs):
            return
        glyph = self.reading.glyphs[index]
        self.panel.select(index)
        self.correction_drawing.emit(glyph.sample)
        self.glyph_shown.emit(glyph.recognition)

    def _on_word(self, reading) -> None:
        if not self.active:
            return
        self.reading = reading
        self.panel.show_reading(reading)
        self.correction_drawing.emit(reading.glyphs[-1].sample)  # the glyph the bars show: the last

    def _on_cleared(self, message: str) -> None:
        if self.active:
            self.reading = None
            if message:  # why the drawing cannot be read; an empty canvas keeps the panel's own hint
                self.panel.clear(message)
            else:
                self.panel.clear()
            self.correction_drawing.emit(None)
