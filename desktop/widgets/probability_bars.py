"""One bar per rune (glyph, name, percentage), in the alphabet's order or most likely first.

When made clickable (corrections), a click on a row emits that rune's name and the row under the
mouse is highlighted. From the keyboard (Tab to the bars): Up and Down move the highlight, Enter or
Space choose the highlighted rune.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.common.fonts import runic_font
from desktop.common.palette import ACCENT as BEST_BAR
from desktop.common.palette import BAR, TEXT, TRACK
from desktop.recognition.confidence import percent
from model.alphabet import Alphabet

ROW_HEIGHT = 24  # preferred; MIN_ROW_HEIGHT is what the bars ask of a layout when the window is short
MIN_ROW_HEIGHT = 12  # the smallest readable row (9 px text); below it the side column scrolls
MAX_ROW_HEIGHT = 28
GLYPH_WIDTH = 26
NAME_WIDTH = 58
PERCENT_WIDTH = 62  # at least; as wide as WIDEST_PERCENT needs in the rows' font
WIDEST_PERCENT = "> 99.9 %"  # the widest text `percent` gives
HOVER = QColor("#e6eef8")


class ProbabilityBars(QWidget):
    rune_clicked = Signal(str)  # only while clickable

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self._names = alphabet.names
        self._probabilities: np.ndarray | None = None
        self._ranked = False
        self._held_order: list[int] | None = None  # ranked rows kept still while a stroke is drawn
        self._clickable = False
        self._hover_row: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Probability of every rune")

    @property
    def ranked(self) -> bool:
        return self._ranked

    def set_ranked(self, ranked: bool) -> None:
        self._ranked = bool(ranked)
        self._held_order = None
        self.update()

    def set_probabilities(self, probabilities: np.ndarray | None, names: tuple[str, ...] | None = None, *,
                          hold_order: bool = False) -> None:
        """Probabilities in `names` order (the alphabet's by default); None empties every bar.

        `hold_order`: ranked rows stay where they are (the bars still grow and shrink). While a stroke is
        drawn the ranking changes with every reading, and rows jumping 14 times in 3 s are unreadable;
        they are sorted again when the pen lifts."""
        same_runes = names is None or tuple(names) == self._names
        held = hold_order and same_runes and self._probabilities is not None and probabilities is not None
        self._held_order = (self._held_order or self.row_order()) if held else None
        if names is not None:
            self._names = tuple(names)
        self._probabilities = None if probabilities is None else np.asarray(probabilities, dtype=np.float64)
        self.setAccessibleDescription(self.summary())
        self.update()

    @property
    def clickable(self) -> bool:
        return self._clickable

    def set_clickable(self, clickable: bool) -> None:
        """Whether a click on a row means "this rune" (emits `rune_clicked`)."""
        self._clickable = bool(clickable)
        self.setMouseTracking(self._clickable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self._clickable else Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor if self._clickable else Qt.CursorShape.ArrowCursor)
        self._hover_row = None
        self.update()

    def row_rect(self, name: str) -> QRectF:
        """Where a rune's row is now (widget coordinates)."""
        row = [self._names[i] for i in self.row_order()].index(name)
        return QRectF(0, 2 + row * self.row_height(), self.width(), self.row_height())

    def _row_at(self, y: float) -> int | None:
        row = int((y - 2) // self.row_height())
        return row if 0 <= row < len(self._names) and y >= 2 else None

    def row_order(self) -> list[int]:
        """Indices of the runes, top row first, as currently shown."""
        if self._ranked and self._held_order is not None:
            return list(self._held_order)
        if self._ranked and self._probabilities is not None:
            return [int(i) for i in np.argsort(-self._probabilities, kind="stable")]
        return list(range(len(self._names)))

    def shown_names(self) -> list[str]:
        return [self._names[i] for i in self.row_order()]

    def summary(self) -> str:
        if self._probabilities is None:
            return "No prediction yet."
        return "; ".join(f"{self._names[i]} {percent(self._probabilities[i])}" for i in self.row_order())

    def _glyph(self, name: str) -> str:
        try:
            return self._alphabet.rune(name).glyph
        except KeyError:
            return "?"

    # --- Qt ---------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(300, ROW_HEIGHT * len(self._names) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(GLYPH_WIDTH + NAME_WIDTH + self.percent_width(MIN_ROW_HEIGHT) + 40,
                     MIN_ROW_HEIGHT * len(self._names) + 4)

    def row_height(self) -> float:
        # Never below MIN_ROW_HEIGHT: shorter rows are unreadable (3 px glyphs, names on top of each
        # other). The side column scrolls instead, and asks for the bars' minimum (see height_for_width).
        available = (self.height() - 4) / max(1, len(self._names))
        return max(MIN_ROW_HEIGHT, min(MAX_ROW_HEIGHT, available))

    def text_font(self, row_height: float) -> QFont:
        """The names' and percentages' font: short rows (a small screen) get smaller text, down to 9 px."""
        font = self.font()
        font.setPixelSize(min(max(9, int(row_height) - 5), 14))
        return font

    def percent_width(self, row_height: float) -> int:
        """The percentages' column: wide enough for all of "> 99.9 %" (wider fonts, larger text)."""
        return max(PERCENT_WIDTH, QFontMetrics(self.text_font(row_height)).horizontalAdvance(WIDEST_PERCENT) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        best = int(np.argmax(self._probabilities)) if self._probabilities is not None else -1
        row_height = self.row_height()
        percent_width = self.percent_width(row_height)
        bar_left = GLYPH_WIDTH + NAME_WIDTH
        bar_width = max(10, self.width() - bar_left - percent_width)
        bar_height = max(4.0, min(14.0, row_height - 8))
        glyph_font = runic_font(min(18, int(row_height) - 3))
        name_font = self.text_font(row_height)
        for row, index in enumerate(self.row_order()):
            top = 2 + row * row_height
            name = self._names[index]
            if self._clickable and row == self._hover_row:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(HOVER)
                painter.drawRoundedRect(QRectF(0, top, self.width(), row_height), 4, 4)
            painter.setPen(TEXT)
            painter.setFont(glyph_font)
            painter.drawText(QRectF(0, top, GLYPH_WIDTH, row_height), Qt.AlignmentFlag.AlignCenter, self._glyph(name))
            painter.setFont(name_font)
            painter.drawText(QRectF(GLYPH_WIDTH + 2, top, NAME_WIDTH - 4, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            track = QRectF(bar_left, top + (row_height - bar_height) / 2, bar_width, bar_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(track, 3, 3)
            if self._probabilities is None:
                continue
            p = float(self._probabilities[index])
            if p > 0:
                painter.setBrush(BEST_BAR if index == best else BAR)
                filled = QRectF(track.left(), track.top(), max(2.0, track.width() * p), track.height())
                painter.drawRoundedRect(filled, 3, 3)
            painter.setPen(TEXT)
            painter.drawText(QRectF(bar_left + bar_width, top, percent_width - 2, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, percent(p))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self._row_at(event.position().y())
        if self._clickable and event.button() == Qt.MouseButton.LeftButton and row is not None:
            self.rune_clicked.emit(self._names[self.row_order()[row]])
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._clickable:
            row = self._row_at(event.position().y())
            if row != self._hover_row:
                self._hover_row = row
                self.update()
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        rows, key = len(self._names), event.key()
        moves = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        if not self._clickable or not rows:
            super().keyPressEvent(event)
        elif key in moves or key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            current = self._hover_row if self._hover_row is not None else -1
            target = {Qt.Key.Key_Home: 0, Qt.Key.Key_End: rows - 1}.get(key, current + moves.get(key, 0))
            self._hover_row = min(max(target, 0), rows - 1)
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._hover_row is not None:
            self.rune_clicked.emit(self._names[self.row_order()[self._hover_row]])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._clickable and self._hover_row is None:
            self._hover_row = 0  # a highlight to move from
            self.update()
        super().focusInEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover_row is not None and not self.hasFocus():  # the keyboard's highlight stays
            self._hover_row = None
            self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = int((event.pos().y() - 2) // self.row_height())
            order = self.row_order()
            if 0 <= row < len(order):
                name = self._names[order[row]]
                try:
                    rune = self._alphabet.rune(name)
                    text = f"{rune.glyph} {name}: sound {rune.sound}, “{rune.meaning}”"
                except KeyError:
                    text = name
                if self._probabilities is not None:
                    text += (f"\nprobability {100 * float(self._probabilities[order[row]]):.1f} % "
                             f"(softmax's share: the {len(self._names)} bars add up to 100 %)")
                if self._clickable:
                    text += f"\nClick (or Enter on the highlighted row): this drawing is {name} (saves it as that)"
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)
