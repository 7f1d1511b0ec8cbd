"""The column beside the canvas (messages, collect mode, predictions): it scrolls up and down, never sideways.

With the collect panel open it is taller than a 1366x768 laptop's window; a column that grew would
push the window's status bar and last bars off the screen. It is as wide as its content needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

# The bars' header and two rows at their smallest (12 px): on a projector at 150 % the maps need the rest.
MINIMUM_HEIGHT = 52


class _SqueezableColumn(QVBoxLayout):
    """Its word-wrapped labels make a layout "height for width", and a scroll area then gives it the
    height they would like: it scrolls on a screen where the layout could have squeezed them. Without
    that the content gets the viewport's height, down to its minimum, and scrolls only below that."""

    def hasHeightForWidth(self) -> bool:
        return False


class SideColumn(QScrollArea):
    """Fill `column` (a vertical layout) with the widgets to show."""

    cut_off = Signal()  # some of the content is out of sight (see `hidden_height`)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = QTimer(self, singleShot=True, interval=0)  # once the layout has settled
        self._check.timeout.connect(self._check_cut_off)
        self.verticalScrollBar().rangeChanged.connect(lambda *_range: self._check.start())
        content = QWidget()
        self.column = _SqueezableColumn(content)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _check_cut_off(self) -> None:
        if self.hidden_height() > 0:
            self.cut_off.emit()

    def hidden_height(self) -> int:
        """How much taller the column must be to show everything: what it scrolls, or what its content
        is squeezed below its minimum (the scroll area gives way to a short viewport before it scrolls)."""
        squeezed = self.widget().minimumSizeHint().height() - self.viewport().height()
        return max(0, squeezed, self.verticalScrollBar().maximum())

    def minimumSizeHint(self) -> QSize:
        # The content's width (and room for the scroll bar), so the splitter never clips it sideways.
        width = self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, MINIMUM_HEIGHT)

    def sizeHint(self) -> QSize:
        return QSize(self.minimumSizeHint().width(), self.widget().sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a panel shown or hidden inside: the splitter asks for the width again
            self._check.start()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._check.start()
