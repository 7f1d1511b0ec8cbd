"""Windows other than the main one open at the size the person left them, and survive garbled settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtTest import QTest

from desktop.common.settings import TITLE_BAR, WINDOW_FRAME, open_settings
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
    assert browser.isVisible() and browser.size() == first_run_size(browser)


def first_run_size(window) -> QSize:
    """900 x 620, as the browser first opens, or the screen's free area where that is smaller."""
    room = window.screen().availableGeometry()
    return QSize(min(900, room.width() - WINDOW_FRAME), min(620, room.height() - TITLE_BAR))


def test_windows_open_within_their_screen_even_where_they_were_made_for_a_larger_one(qtbot, make_window):
    window = make_window()
    room = window.screen().availableGeometry()  # 800 x 800 offscreen: narrower than the browser's 900
    browser = open_browser(qtbot, window)
    assert browser.width() < 900 and room.contains(browser.frameGeometry())
    browser.setGeometry(room.x() + 300, room.y() + 300, 1400, 1000)  # as left on a large screen
    QTest.keyClick(browser, Qt.Key.Key_Escape)
    window.close()
    again = open_browser(qtbot, make_window())
    assert room.contains(again.frameGeometry()), "its buttons at the bottom are on the screen"


def retrain_dialog(window):
    window.retrain.list_devices = lambda: []  # no device search needed here
    window.retrain.action.trigger()
    return window.retrain.dialog


def rune_chart(window):
    window.commands.chart_action.trigger()
    return window.commands.rune_chart


def shortcuts(window):
    window.commands.shortcuts_action.trigger()
    return window.commands.shortcuts_dialog


@pytest.mark.parametrize("open_it", [retrain_dialog, rune_chart, shortcuts])
def test_other_windows_open_at_the_size_they_were_left(qtbot, make_window, open_it):
    window = make_window()
    dialog = open_it(window)
    qtbot.waitExposed(dialog)
    first = dialog.size()
    # Smaller than it opened, and within the (small) offscreen screen: a restored size is kept on the screen.
    dialog.resize(first.boundedTo(dialog.screen().availableGeometry().size()) - QSize(37, 23))
    left = dialog.size()
    dialog.close()
    window.close()
    again = open_it(make_window())  # the next run of the app
    qtbot.waitExposed(again)
    assert again.size() == left != first
