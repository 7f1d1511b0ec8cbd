"""Collect mode's panel: which rune to draw now, how many of each there are, and Save / Skip.

Plain data in (`show_prompt`, `show_message`); requests out as signals. The window's Enter key does
the same as the Save button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fonts import runic_font
from desktop.widgets.height_for_width import WrappedLabel
from desktop.widgets.rune_counts import RuneCounts
from model.alphabet import Alphabet

MESSAGE_COLOURS = {"ok": "#1d5e3a", "warn": "#9a5b00", "error": "#7a1f16", "": "#7d776b"}
TARGET_RANGE = (1, 200)


class CollectPanel(QFrame):
    save_requested = Signal()
    skip_requested = Signal()
    stop_requested = Signal()
    rune_chosen = Signal(str)
    target_changed = Signal(int)

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectPanel")
        self.setStyleSheet(
            "QFrame#collectPanel { background: #f7f4ec; border: 1px solid #ddd5c2; border-radius: 6px; }")
        self._alphabet = alphabet
        self.rune: str | None = None

        title = QLabel("<b>Collect mode</b>: draw the rune asked for, then press Enter")
        self.stop_button = stop = QToolButton()
        stop.setText("Stop collecting")
        stop.setToolTip("Back to normal use (the toolbar's Collect button does the same)")
        stop.clicked.connect(self.stop_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(stop)

        self.glyph = QLabel()
        self.glyph.setFont(runic_font(54))
        self.glyph.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.glyph.setFixedWidth(70)
        self.prompt = QLabel()
        font = self.prompt.font()
        font.setPixelSize(22)
        font.setBold(True)
        self.prompt.setFont(font)
        self.detail = QLabel()
        self.progress = QLabel()
        self.message = WrappedLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # messages name files and errors
        prompt = QGridLayout()
        prompt.addWidget(self.glyph, 0, 0, 3, 1)
        prompt.addWidget(self.prompt, 0, 1)
        prompt.addWidget(self.detail, 1, 1)
        prompt.addWidget(self.progress, 2, 1)
        prompt.setColumnStretch(1, 1)

        self.counts = RuneCounts(alphabet, clickable=True)
        self.counts.setToolTip("Click a rune to draw that one next")
        self.counts.rune_clicked.connect(self.rune_chosen)

        self.save_button = QPushButton("Save (Enter)")
        self.save_button.setToolTip("Save the drawing as the rune asked for, and move on")
        self.save_button.clicked.connect(self.save_requested)
        self.skip_button = QPushButton("Skip (Ctrl+→)")
        self.skip_button.setToolTip("Ask for another rune")
        self.skip_button.clicked.connect(self.skip_requested)
        self.target = QSpinBox()
        self.target.setRange(*TARGET_RANGE)
        self.target.setToolTip("How many drawings of each rune to collect")
        self.target.valueChanged.connect(self.target_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        target_label = QLabel("&Target per rune")
        target_label.setBuddy(self.target)  # read out with the box, and Alt+T goes to it
        buttons.addWidget(target_label)
        buttons.addWidget(self.target)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(header)
        layout.addLayout(prompt)
        layout.addWidget(self.message)
        layout.addWidget(self.counts)
        layout.addLayout(buttons)

    def set_target(self, target: int) -> None:
        self.target.blockSignals(True)
        self.target.setValue(target)
        self.target.blockSignals(False)

    def show_prompt(self, name: str, counts: dict[str, int], target: int) -> None:
        """Ask for `name`, with every rune's count against the target."""
        rune = self._alphabet.rune(name)
        self.rune = name
        have, total, wanted = counts.get(name, 0), sum(counts.values()), target * len(counts)
        complete = sum(1 for count in counts.values() if count >= target)
        self.glyph.setText(rune.glyph)
        self.prompt.setText(f"Draw {rune.name}")
        self.detail.setText(f"sound {rune.sound} · “{rune.meaning}”")
        self.progress.setText(f"{have} of {target} {rune.name} drawings · {min(total, wanted)} of {wanted} in all"
                              f" · {complete} of {len(counts)} runes done")
        self.counts.set_counts(counts, target)
        self.counts.set_current(name)
        self.setAccessibleDescription(f"Draw {rune.name}. {self.progress.text()}")

    def show_message(self, text: str, kind: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {MESSAGE_COLOURS[kind]};")
