"""Lessons ▸ the two classroom examples of convolution, each in a window of its own (opened once, then raised).

A part of its own: it receives the window that parents the lesson windows and gives the main window a menu and
its actions to place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop.common.actions import new_action


class LessonsMenu(QObject):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._windows: dict[str, QWidget] = {}
        self.filtering_action = new_action(parent, "&Filtering by hand…", self.show_filtering, QKeySequence("Ctrl+1"),
                                           tip="A 3x3 kernel over a 6x6 image, cell by cell, with numbers you choose")
        self.x_or_o_action = new_action(parent, "&X or O: a toy network…", self.show_x_or_o, QKeySequence("Ctrl+2"),
                                        tip="Features, ReLU, pooling and votes on a 9x9 picture you edit")
        self.actions = [self.filtering_action, self.x_or_o_action]
        for action in self.actions:  # from a lesson's window too: a presenter goes from one lesson to the other
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.menu = QMenu("&Lessons", parent)
        self.menu.addActions(self.actions)

    def show_filtering(self) -> QWidget:
        from desktop.widgets.filtering_lesson import FilteringLesson

        return self._show("filtering", FilteringLesson)

    def show_x_or_o(self) -> QWidget:
        from desktop.widgets.x_or_o_lesson import XOrOLesson

        return self._show("x_or_o", XOrOLesson)

    def _show(self, key: str, make) -> QWidget:
        if key not in self._windows:
            self._windows[key] = make(self._parent)
        window = self._windows[key]
        window.show()
        window.raise_()
        window.activateWindow()
        return window
