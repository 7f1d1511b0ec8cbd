"""A message strip inside the window (no modal box): the app keeps running while it is shown.

It spans the top of the window; long file paths are shortened to their last folder and file name
("…/models/mine.keras") to keep it to a few lines; the whole message is in its tooltip and its
right-click menu copies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from desktop.common.plain_text import shown_as_text
from desktop.widgets.height_for_width import WrappedLabel

STYLES = {  # background, border, text
    "error": ("#fdecea", "#e0a39c", "#7a1f16"),
    "info": ("#eef4fb", "#a9c1df", "#1f3f66"),
}
LONG_PATH = 40  # characters: a path longer than this shows as …/folder/file
# An absolute path (POSIX, Windows drive or home-relative) of at least two parts, without spaces.
_PATH = re.compile(r"(?:[A-Za-z]:|~)?[\\/][^\s\\/;,'\"()]+(?:[\\/][^\s\\/;,'\"()]+)+")


def shorten_paths(text: str, longest: int = LONG_PATH) -> str:
    """`text` with each path longer than `longest` characters cut to '…/parent/name'."""

    def shorten(match: re.Match) -> str:
        path = match.group(0)
        trail = len(path) - len(path.rstrip(".:"))  # a sentence's full stop is not part of the path
        path, end = (path[:-trail], path[-trail:]) if trail else (path, "")
        if len(path) <= longest:
            return path + end
        separator = "\\" if "\\" in path and "/" not in path else "/"
        parts = path.split(separator)
        return f"…{separator}{separator.join(parts[-2:])}{end}" if len(parts) > 3 else path + end

    return _PATH.sub(shorten, text)


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.label = WrappedLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.label.customContextMenuRequested.connect(self._context_menu)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self.action_button = QPushButton()  # what the message offers to do about it ("Try again"), if anything
        self.action_button.clicked.connect(self._run_action)
        self.action_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self._text = ""
        self._action: Callable[[], None] | None = None
        self.hide()

    @property
    def text(self) -> str:
        """The whole message, paths in full (the label may show them shortened)."""
        return self._text

    def show_message(self, text: str, kind: str = "error",
                     action: tuple[str, Callable[[], None]] | None = None) -> None:
        """Show `text`; `action` (label, what to do) adds a button that does it and dismisses the message."""
        self.kind = kind
        self._text = text
        self._action = action[1] if action is not None else None
        self.action_button.setText(action[0] if action is not None else "")
        self.action_button.setVisible(action is not None)
        background, border, text_colour = STYLES[kind]
        self.setStyleSheet(
            f"QFrame#messageBanner {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}"
            f"QLabel {{ color: {text_colour}; }}"
        )
        shown = shorten_paths(text)
        self.label.setText(shown)
        self.label.setToolTip(shown_as_text(text) if shown != text else "")
        self.show()

    def _run_action(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()

    def copy_message(self) -> None:
        QGuiApplication.clipboard().setText(self._text)

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        if self.label.hasSelectedText():
            menu.addAction("Copy selection", lambda: QGuiApplication.clipboard().setText(self.label.selectedText()))
        menu.addAction("Copy the whole message (full paths)", self.copy_message)
        menu.exec(self.label.mapToGlobal(position))
