"""Widgets whose minimum height is the height they take at their width (word-wrapped text).

A layout gives a word-wrapped label, or a widget holding one, its height for its width: more lines
in a narrow column. But it asks for their minimum as if the text were laid out wide, so it counts too
little for them and squeezes their neighbours instead (the side column's 16 bars, under a long
message), where a scroll area around it could have scrolled. These widgets ask for what they take.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class MinimumHeightForWidth:
    """Mixin, before the QWidget class: the minimum height is at least the height for the current width."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # more or fewer lines now: the layout asks for the minimum again


class WrappedLabel(MinimumHeightForWidth, QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
