"""Fixtures for the desktop tests: a real main window on the shipped model.

The top-level conftest gives every test a fresh RUNESIGHT_HOME (so fresh settings and no autosaved
drawing) and loads the shipped recognizer once per session; the windows here share that recognizer
through an injected loader, so no test pays for loading Keras again. Helpers that draw (mouse and
pen events) are in `desktop_helpers.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

MODEL_TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def session_loader(shipped_recognizer):
    """A loader that returns the session's recognizer for the shipped model, and loads other files for real."""

    def load(path: Path | None):
        if path is None:
            return shipped_recognizer
        from model.recognizer import Recognizer

        return Recognizer.load(path)

    return load


@pytest.fixture
def make_window(qtbot, session_loader):
    """Build a shown, started main window (optionally with another loader); closed after the test."""
    made = []

    def make(loader=None, *, wait_for_model: bool = True, persist: bool = True):
        from desktop.main_window import MainWindow

        window = MainWindow(loader=loader or session_loader, persist=persist)
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        if wait_for_model:
            qtbot.waitUntil(lambda: window.model is not None, timeout=MODEL_TIMEOUT_MS)
        return window

    yield make
    from PySide6.QtWidgets import QDialog

    for window in made:  # a test that failed mid-run: closing would ask "Stop training?" with no one to answer
        window.retrain.shutdown()
        for dialog in window.findChildren(QDialog):  # hidden now, so the sizes they keep go to this test's settings
            dialog.hide()


@pytest.fixture
def window(make_window):
    return make_window()
