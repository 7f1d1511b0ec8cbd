"""The window's status bar: a message too long for the room left of "read in N ms" and the model's name
is cut short with "…" a gap before them, not run into them (at 150 % on a 1366x768 screen it was)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget

LEFT = 6  # px before the message, as Qt leaves
GAP = 16  # px at least between the message and the first widget kept on the right


class StatusBar(QStatusBar):
    def message_rect(self) -> QRect:
        """Where a message may be written: up to a gap before the first widget shown on the right."""
        right = self.width() - GAP
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not isinstance(child, QSizeGrip) and child.width() > 0:
                right = min(right, child.x() - GAP)
        return QRect(LEFT, 0, max(0, right - LEFT), self.height())

    def shown_message(self) -> str:
        """The message as it is written: whole, or cut short with "…"."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # Qt's own painting writes the whole message and lets the widgets on the right cut it off.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(), Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
                         | Qt.TextFlag.TextSingleLine, self.shown_message())
