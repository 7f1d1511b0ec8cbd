"""Menu and toolbar actions made one way: text, shortcut, tip in the tooltip and the status bar, slot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def plain_text(text: str) -> str:
    """A menu text as a person reads it: no mnemonic "&" (a literal "&&" is one "&"), no "…"."""
    return "&".join(part.replace("&", "") for part in text.split("&&")).replace("…", "")


def new_action(parent: QObject, text: str, slot: Callable, shortcut: QKeySequence | list[QKeySequence] | None = None,
               *, tip: str = "", icon_text: str = "", checkable: bool = False) -> QAction:
    """An action whose tip (or its text, as `plain_text`) shows as tooltip and status text; a checkable one
    calls `slot` on toggle."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
    if icon_text:
        action.setIconText(icon_text)
    action.setToolTip(tip or plain_text(text))
    action.setStatusTip(tip or plain_text(text))
    action.setCheckable(checkable)
    (action.toggled if checkable else action.triggered).connect(slot)
    return action
