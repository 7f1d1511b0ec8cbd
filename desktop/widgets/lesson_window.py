"""A lesson's own window: a title, a first size kept between runs, and its content in a scroll area, so a
projector at 150 % (683x512 left of a 1024x768 screen) scrolls the lesson rather than clipping it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from desktop.common.settings import RememberedGeometry


class LessonWindow(QWidget):
    def __init__(self, title: str, first_size: tuple[int, int], geometry_key: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.resize(*first_size)
        RememberedGeometry(self, geometry_key)
        self.content = QWidget()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
