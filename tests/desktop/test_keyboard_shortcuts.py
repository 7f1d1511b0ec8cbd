"""Every key the README names works on a fresh window, before any menu was opened (the Model menu is
filled only when it is first shown, and its actions' keys used to wait for that)."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_helpers import draw_rune
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

README = Path(__file__).resolve().parents[2] / "README.md"


def close_dialogs_as_they_open() -> tuple[list[str], QTimer]:
    """Records the title of each modal dialog that opens (a file dialog, Model information) and closes it,
    as a person pressing Esc would; the caller stops the timer."""
    titles: list[str] = []

    def tick() -> None:
        if isinstance(dialog := QApplication.activeModalWidget(), QDialog):
            titles.append(dialog.windowTitle())
            dialog.reject()

    timer = QTimer(QApplication.instance(), interval=20)
    timer.timeout.connect(tick)
    timer.start()
    return titles, timer


def press(window, keys: str) -> None:
    """The key combination as a person types it, to the window with the keyboard focus."""
    sequence = QKeySequence(keys)[0]
    QTest.keyClick(QApplication.focusWidget() or window, sequence.key(), sequence.keyboardModifiers())


def back_to_main_window(qtbot, window) -> None:
    """Windows a key opened (the rune chart, the retrain dialog) are closed, so the next key goes to the main window."""
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isWindow() and top.isVisible() and not isinstance(top, type(window.menuBar())):
            top.hide()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_load_model_and_model_information_keys_work_before_the_model_menu_was_opened(qtbot, window):
    titles, timer = close_dialogs_as_they_open()
    try:
        back_to_main_window(qtbot, window)
        press(window, "Ctrl+L")
        qtbot.waitUntil(lambda: "Load model file" in titles)
        back_to_main_window(qtbot, window)
        press(window, "Ctrl+I")
        qtbot.waitUntil(lambda: len(titles) == 2)
    finally:
        timer.stop()
    assert titles[1].startswith("Model information")


def readme_keys() -> set[str]:
    text = README.read_text(encoding="utf-8")
    keys = set(re.findall(r"\b(?:Ctrl\+(?:Shift\+)?[A-Z0-9]|F\d{1,2})\b|\bEsc\b", text))
    if "[ ] pen width" in text:
        keys |= {"[", "]"}
    return keys


# In an order in which each is enabled when pressed: a drawing to save, undo before redo, and collect mode (which
# starts on a clear canvas) after Esc.
KEYS_IN_ORDER = ["Ctrl+R", "Ctrl+K", "[", "]", "F2", "F11", "Ctrl+L", "Ctrl+I", "Ctrl+O", "Ctrl+S", "Ctrl+Shift+S",
                 "Ctrl+E", "Ctrl+Shift+E", "Ctrl+Z", "Ctrl+Shift+Z", "Esc", "F3", "Ctrl+D", "Ctrl+T", "F4", "Ctrl+1",
                 "Ctrl+2"]


def test_every_key_the_readme_names_triggers_its_command_on_a_fresh_window(qtbot, window):
    assert readme_keys() == set(KEYS_IN_ORDER)  # a key added to the README is added here
    draw_rune(qtbot, window, "fe")
    actions = [action for action in window.findChildren(QAction) if action.shortcuts()]
    triggered: list[str] = []
    for action in actions:
        action.triggered.connect(lambda _checked=False, a=action: triggered.append(a.text()))
    titles, timer = close_dialogs_as_they_open()
    try:
        for keys in KEYS_IN_ORDER:
            back_to_main_window(qtbot, window)
            action = next(a for a in actions if QKeySequence(keys) in a.shortcuts())
            before = len(triggered)
            press(window, keys)
            qtbot.waitUntil(lambda before=before: len(triggered) > before, timeout=2000)
            assert triggered[-1] == action.text(), keys
            if keys == "F11":
                press(window, "F11")  # back from full screen
            if keys == "Esc":
                assert window.canvas.is_empty
    finally:
        timer.stop()
        back_to_main_window(qtbot, window)
