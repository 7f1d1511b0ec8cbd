"""The prediction side of the window: the best guess, then all 16 bars with an order switch, and a
one-line note under the bars (corrections: "Wrong? Click the right rune", "Saved as ur. Undo").

The window places `best_guess` itself, above the column that scrolls, so it is never scrolled out of
sight; this panel lays out the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop.widgets.best_guess import BestGuess
from desktop.widgets.height_for_width import WrappedLabel
from desktop.widgets.probability_bars import ProbabilityBars
from model.alphabet import Alphabet


class PredictionPanel(QWidget):
    ranked_changed = Signal(bool)
    note_link_activated = Signal(str)  # the href of a link in the note

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.best_guess = BestGuess(alphabet)
        self.bars = ProbabilityBars(alphabet)

        self.alphabet_order = QToolButton()
        self.alphabet_order.setText("Futhark order")
        self.alphabet_order.setToolTip("Runes in the order of the alphabet (ᚠ ᚢ ᚦ ᚬ ᚱ ᚴ …)")
        self.ranked_order = QToolButton()
        self.ranked_order.setText("Most likely first")
        self.ranked_order.setToolTip("Runes sorted by probability")
        group = QButtonGroup(self)
        for button in (self.alphabet_order, self.ranked_order):
            button.setCheckable(True)
            group.addButton(button)
        self.alphabet_order.setChecked(True)
        self.ranked_order.toggled.connect(self.set_ranked)

        header = QHBoxLayout()
        header.addWidget(QLabel(f"<b>All {len(alphabet)} runes</b>"), 1)
        header.addWidget(self.alphabet_order)
        header.addWidget(self.ranked_order)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.bars, 1)
        self.note = WrappedLabel()
        self.note.setTextFormat(Qt.TextFormat.RichText)
        # Tab reaches a correction's "Undo" too, and Enter follows it (Ctrl+Z undoes a stroke, not the save).
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.note.linkActivated.connect(self.note_link_activated)
        self.note.hide()
        layout.addWidget(self.note)
        self.reserve_note_room(True)

    def set_ranked(self, ranked: bool) -> None:
        if self.bars.ranked == ranked:
            return
        self.bars.set_ranked(ranked)
        (self.ranked_order if ranked else self.alphabet_order).setChecked(True)
        self.ranked_changed.emit(ranked)

    def show_recognition(self, recognition, *, settled: bool = True) -> None:
        """`settled` False: a reading of a stroke still being drawn (ranked bars keep their order)."""
        self.best_guess.show_recognition(recognition)
        self.bars.set_probabilities(recognition.probabilities, recognition.names, hold_order=not settled)

    def show_empty(self, message: str) -> None:
        self.best_guess.show_empty(message)
        self.bars.set_probabilities(None)

    def reserve_note_room(self, on: bool) -> None:
        """Whether the note's two lines are kept while it is hidden, so the column's height does not change
        as it comes and goes (while corrections are on); off, it takes no room (collect mode)."""
        self.note.setMinimumHeight(2 * self.note.fontMetrics().lineSpacing() if on else 0)
        policy = self.note.sizePolicy()
        policy.setRetainSizeWhenHidden(on)
        self.note.setSizePolicy(policy)

    def show_note(self, html: str) -> None:
        """A line under the bars (rich text; links emit `note_link_activated`); "" hides it."""
        self.note.setText(html)
        self.note.setVisible(bool(html))
