"""Collect mode's panel on a large screen and on a small one (a 1366x768 laptop gives the window 1280x706)."""

from __future__ import annotations

from desktop_helpers import draw_rune
from PySide6.QtCore import QPoint, QSize, Qt

from desktop.main_window import SQUEEZED_FEATURE_MAPS


def test_collect_mode_fits_a_small_laptop_screen_and_the_side_column_scrolls(qtbot, window):
    window.resize(QSize(1280, 706))
    qtbot.waitUntil(lambda: window.height() <= 706)
    window.collect.action.trigger()
    qtbot.wait(50)  # the layout settles
    assert window.height() <= 706, "the window does not grow past the screen (its status bar stays on it)"
    bars, scroll = window.predictions.bars, window.side_column
    assert scroll.verticalScrollBar().maximum() > 0, "the panel and the bars do not fit: the column scrolls"
    last = bars.row_rect(window.alphabet.names[-1])  # yr, the bar a growing window cut off
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: bars.visibleRegion().contains(last.center().toPoint()))
    window.top_splitter.setSizes([window.width() - 300, 300])  # the splitter dragged far to the right
    content = scroll.widget()
    qtbot.waitUntil(lambda: content.width() >= content.minimumSizeHint().width())  # nothing cut off at the side
    assert scroll.horizontalScrollBar().maximum() == 0


def test_on_a_large_screen_collect_mode_shows_the_whole_side_column_without_scrolling(qtbot, window):
    window.resize(QSize(1360, 900))
    qtbot.waitUntil(lambda: window.height() == 900)
    draw_rune(qtbot, window, "yr")  # the best guess shown too, as when collecting
    before = window.main_splitter.sizes()
    window.collect.action.trigger()
    qtbot.waitUntil(lambda: window.side_column.verticalScrollBar().maximum() == 0)  # the feature maps made room
    assert window.height() == 900 and window.feature_maps.height() >= SQUEEZED_FEATURE_MAPS
    window.collect.action.trigger()  # off: the feature maps get their room back
    assert window.main_splitter.sizes() == before


def test_splitter_sizes_the_person_drags_to_in_collect_mode_stay_after_it(qtbot, window):
    window.resize(QSize(1360, 900))
    qtbot.waitUntil(lambda: window.height() == 900)
    window.collect.action.trigger()
    qtbot.waitUntil(lambda: window.side_column.verticalScrollBar().maximum() == 0)
    handle = window.main_splitter.handle(1)
    grip = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=grip)
    for step in range(1, 6):  # dragged down by 60 pixels: more room for the bars, less for the maps
        qtbot.mouseMove(handle, grip + QPoint(0, 12 * step))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=grip + QPoint(0, 60))
    dragged = window.main_splitter.sizes()
    window.collect.action.trigger()  # off
    assert window.main_splitter.sizes() == dragged
