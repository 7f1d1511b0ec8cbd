"""Windows other than the main one open at the size the person left them, and survive garbled settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtTest import QTest

from desktop.settings import open_settings
from desktop.widgets.dataset_browser import GEOMETRY_KEY


def open_browser(qtbot, window):
    window.dataset.action.trigger()
    browser = window.dataset.browser
    qtbot.waitExposed(browser)
    return browser


def test_the_dataset_browser_opens_at_the_size_it_was_left(qtbot, make_window):
    window = make_window()
    browser = open_browser(qtbot, window)
    first_size = browser.size()
    browser.resize(620, 430)  # smaller than it opens at, and within the offscreen screen
    QTest.keyClick(browser, Qt.Key.Key_Escape)  # closed the usual way
    assert not browser.isVisible()
    window.close()

    again = open_browser(qtbot, make_window())  # the next run of the app
    assert again.size() == QSize(620, 430) != first_size


@pytest.mark.parametrize("garbage", ["not a geometry", QByteArray(b"\x01\xd9\xd0\xcb garbled")])
def test_a_garbled_browser_size_in_the_settings_is_ignored(qtbot, make_window, garbage):
    settings = open_settings()
    settings.setValue(GEOMETRY_KEY, garbage)
    settings.sync()
    browser = open_browser(qtbot, make_window())
    assert browser.isVisible() and browser.size() == QSize(900, 620)  # as a first run opens it
