"""How many drawings the person has of each rune, against a target: one small cell per rune.

Each cell shows the glyph, the name and "have/target" over a bar that fills up; a full rune turns
green, one below `short_of` (runes the retrain would fill in) is marked. Clicking a cell emits its
name (collect mode uses it to pick the rune to draw next).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.common.fonts import runic_font
from desktop.common.palette import ACCENT as CURRENT
from desktop.common.palette import BAR as FILL
from desktop.common.palette import QUIET_TEXT as QUIET
from desktop.common.palette import TEXT, TRACK
from model.alphabet import Alphabet

COLUMNS = 8
CELL_HEIGHT = 46
GLYPH = 18  # width of the glyph at the left of a cell
DONE = QColor("#4f9a6a")
SHORT = QColor("#c98a2b")


class RuneCounts(QWidget):
    rune_clicked = Signal(str)

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None, *, clickable: bool = False) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self._counts = dict.fromkeys(alphabet.names, 0)
        self._target = 10
        self._short_of = 0
        self._current: str | None = None
        self._show_target = True
        self._clickable = clickable
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._rows() * CELL_HEIGHT)
        self.setAccessibleName("Drawings per rune")

    def set_counts(self, counts: dict[str, int], target: int, *, short_of: int = 0, show_target: bool = True) -> None:
        """`short_of`: runes with fewer drawings than this are marked (0: none). `show_target`: "3/10",
        else only "3" (the bar still fills toward the target)."""
        self._counts = {name: int(counts.get(name, 0)) for name in self._alphabet.names}
        self._target = max(1, int(target))
        self._short_of = int(short_of)
        self._show_target = show_target
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.update()

    def set_current(self, name: str | None) -> None:
        self._current = name
        self.update()

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def summary(self) -> str:
        return "; ".join(f"{name} {count}/{self._target}" for name, count in self._counts.items())

    def _rows(self) -> int:
        return -(-len(self._alphabet.names) // COLUMNS)

    def cell_rect(self, name: str) -> QRectF:
        index = self._alphabet.names.index(name)
        width = self.width() / COLUMNS
        return QRectF((index % COLUMNS) * width, (index // COLUMNS) * CELL_HEIGHT, width, CELL_HEIGHT)

    def sizeHint(self) -> QSize:
        return QSize(COLUMNS * 52, self._rows() * CELL_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(COLUMNS * 40, self._rows() * CELL_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = self._name_font()
        for rune in self._alphabet.runes:
            rect = self.cell_rect(rune.name).adjusted(1, 2, -1, -2)
            count = self._counts[rune.name]
            done = count >= self._target
            if rune.name == self._current:
                painter.setPen(QPen(CURRENT, 2))
                painter.setBrush(QColor("#eef4fb"))
                painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(TEXT)
            painter.setFont(runic_font(17))
            painter.drawText(QRectF(rect.left(), rect.top(), GLYPH, 24), Qt.AlignmentFlag.AlignCenter, rune.glyph)
            painter.setFont(small)
            text_width = rect.width() - GLYPH
            name = painter.fontMetrics().elidedText(rune.name, Qt.TextElideMode.ElideRight, int(text_width))
            painter.drawText(QRectF(rect.left() + GLYPH, rect.top() + 1, text_width, 12),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            marked = self._short_of and count < self._short_of
            painter.setPen(SHORT if marked else (DONE if done else QUIET))
            painter.drawText(QRectF(rect.left() + GLYPH, rect.top() + 12, text_width, 13),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{count}/{self._target}" if self._show_target else str(count))
            track = QRectF(rect.left() + 3, rect.bottom() - 9, rect.width() - 6, 5)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(track, 2, 2)
            if count:
                painter.setBrush(DONE if done else (SHORT if marked else FILL))
                filled = QRectF(track.left(), track.top(), track.width() * min(1.0, count / self._target),
                                track.height())
                painter.drawRoundedRect(filled, 2, 2)

    def _name_font(self):
        """11 px, or smaller (down to 9 px) when the cells are too narrow for the longest name."""
        font = self.font()
        room = self.width() / COLUMNS - 2 - GLYPH
        longest = max(self._alphabet.names, key=len)
        for size in (11, 10, 9):
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(longest) <= room:
                break
        return font

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._clickable or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        for name in self._alphabet.names:
            if self.cell_rect(name).contains(event.position()):
                self.rune_clicked.emit(name)
                break
        event.accept()
