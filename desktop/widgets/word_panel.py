"""Word mode's panel under the canvas: each glyph read, in order, the word in Latin letters, and the other
direction, Latin text in runes.

It receives plain data (a `WordReading`, the alphabet) and says what it did with each mark: a glyph's rune and
how sure, a word divider ("·", ":", "×"), a dot left out as a stray click. A click on a glyph asks for its bars
and maps (`glyph_clicked`); Copy puts the text on the clipboard; "Trace on the canvas" asks for the runes
typed to be shown faintly behind the ink (`guide_changed`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fonts import runic_font
from desktop.common.palette import QUIET_TEXT
from model.alphabet import Alphabet
from model.transliteration import spell_in_runes
from model.wording import counted

DIVIDER_WORDS = {"·": "a dot", ":": "two dots", "⁝": "dots", "×": "a cross", "+": "a cross"}


class WordPanel(QWidget):
    glyph_clicked = Signal(int)  # the glyph's index, left to right
    guide_changed = Signal(str)  # runes to trace on the canvas, "" for none

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alphabet = alphabet
        self.glyph_buttons: list[QToolButton] = []
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        self._buttons.idClicked.connect(self.glyph_clicked)
        self.glyph_row = QHBoxLayout()
        self.glyph_row.setSpacing(4)
        self.marks = QLabel()  # what the dividers and stray dots were taken for
        self.marks.setTextFormat(Qt.TextFormat.PlainText)  # or why the word cannot be read: a message, as it is
        self.marks.setWordWrap(True)
        self.marks.setStyleSheet(f"color: {QUIET_TEXT.name()}")
        self.text = QLabel()
        self.text.setAccessibleName("The word in Latin letters")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()
        font.setPixelSize(26)
        self.text.setFont(font)
        self.copy_text = QPushButton("Copy")
        self.copy_text.setToolTip("Copy the word in Latin letters")
        self.copy_text.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.text()))
        self.latin = QLineEdit()
        self.latin.setPlaceholderText("Type a name or a word…")
        self.latin.setAccessibleName("Latin text to write in runes")
        self.runes = QLabel()
        self.runes.setFont(runic_font(24))
        self.runes.setAccessibleName("The text in runes")
        self.runes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spelling = QLabel()
        self.spelling.setWordWrap(True)
        self.spelling.setStyleSheet(f"color: {QUIET_TEXT.name()}")
        self.copy_runes = QPushButton("Copy runes")
        self.copy_runes.setToolTip("Copy the runes as Unicode text")
        self.copy_runes.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.runes.text()))
        self.trace = QCheckBox("Trace on the canvas")
        self.trace.setToolTip("Show these runes faintly on the canvas, to draw over")
        self.latin.textChanged.connect(self._spell)
        self.trace.toggled.connect(lambda _on: self._emit_guide())
        self._build()
        self.clear()
        self._spell("")

    def _build(self) -> None:
        """Two compact rows under the canvas (reading, then writing), each with a line of notes under it: the
        canvas keeps most of the height."""
        read = QHBoxLayout()
        read.addWidget(QLabel("<b>Read</b>"))
        read.addLayout(self.glyph_row, 1)
        read.addWidget(self.text)
        read.addWidget(self.copy_text)
        write = QHBoxLayout()
        write.addWidget(QLabel("<b>Write</b>"))
        self.latin.setMaximumWidth(260)
        write.addWidget(self.latin)
        write.addWidget(self.runes, 1)
        write.addWidget(self.copy_runes)
        write.addWidget(self.trace)
        small = self.marks.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        for notes in (self.marks, self.spelling):
            notes.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(1)
        layout.addLayout(read)
        layout.addWidget(self.marks)
        layout.addLayout(write)
        layout.addWidget(self.spelling)

    def clear(self, message: str = "Write several runes side by side; a dot, two dots or a cross between them "
                                    "divides words.") -> None:
        self._set_glyphs([])
        self.text.setText("")
        self.copy_text.setEnabled(False)
        self.marks.setText(message)

    def show_reading(self, reading, selected: int | None = None) -> None:
        """A model.word_reading.WordReading: a button per glyph (the `selected` one pressed) and the dividers
        between them, the transliteration, and a line on what each mark was taken for."""
        items = []
        for index, glyph in enumerate(reading.glyphs):
            for divider in reading.dividers:
                if divider.position == index and index > 0:
                    items.append(divider.kind)
            items.append(glyph)
        self._set_glyphs(items, len(reading.glyphs) - 1 if selected is None else selected)
        self.text.setText(reading.text)
        self.copy_text.setEnabled(bool(reading.text))
        said = [f"{DIVIDER_WORDS[d.kind]} ({d.kind}) after rune {d.position}: a word divider"
                for d in reading.dividers]
        if reading.strays:
            said.append(f"{counted(len(reading.strays), 'dot')} outside the word left out as a stray click")
        self.marks.setText("; ".join(said) + ("." if said else ""))

    def select(self, index: int) -> None:
        if 0 <= index < len(self.glyph_buttons):
            self.glyph_buttons[index].setChecked(True)

    def _set_glyphs(self, items: list, selected: int = -1) -> None:
        while self.glyph_row.count():
            widget = self.glyph_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for button in self.glyph_buttons:
            self._buttons.removeButton(button)
        self.glyph_buttons = []
        for item in items:
            if isinstance(item, str):  # a divider
                label = QLabel(item)
                label.setFont(runic_font(26))
                label.setToolTip(f"{DIVIDER_WORDS[item]}: taken for a word divider, not a rune")
                self.glyph_row.addWidget(label)
                continue
            rune = self.alphabet.rune(item.name) if item.name in self.alphabet.names else None
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setText(f"{rune.glyph if rune else '?'}\n{item.name} {item.probability:.0%}")
            button.setFont(runic_font(13))
            button.setToolTip(f"Read as {item.name} ({item.probability:.0%}). Click to see its bars and feature maps "
                              "(and to correct it from the bars).")
            button.setAccessibleName(f"Glyph {len(self.glyph_buttons) + 1}: {item.name}, {item.probability:.0%}")
            self._buttons.addButton(button, len(self.glyph_buttons))
            self.glyph_buttons.append(button)
            self.glyph_row.addWidget(button)
        self.glyph_row.addStretch(1)
        self.select(selected)

    def _spell(self, text: str) -> None:
        spelled = spell_in_runes(text, self.alphabet)
        self.runes.setText(spelled.runes)
        self.copy_runes.setEnabled(bool(spelled.runes))
        notes = list(spelled.substitutions)
        if spelled.kept:
            notes.append(f"kept as it is (no rune): {' '.join(spelled.kept)}")
        if notes and self.alphabet.spelling_reason:
            notes.insert(0, self.alphabet.spelling_reason)
        self.spelling.setText(escape(" · ".join(notes)))
        self._emit_guide()

    def _emit_guide(self) -> None:
        self.guide_changed.emit(self.runes.text() if self.trace.isChecked() else "")
