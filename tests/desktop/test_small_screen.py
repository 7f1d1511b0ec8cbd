"""Collect mode's panel, and a long message, on a large screen and on a small one (a 1366x768 laptop gives the
window 1280x706)."""

from __future__ import annotations

import os

import pytest
from desktop_helpers import draw_rune
from PySide6.QtCore import QByteArray, QPoint, QSize, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import window_commands
from desktop.common import interface_scale
from desktop.common.plain_text import shown_as_text
from desktop.common.settings import open_settings
from desktop.drawing.mouse_replay import draw_strokes
from desktop.main_window import SQUEEZED_FEATURE_MAPS
from desktop.widgets.probability_bars import MIN_ROW_HEIGHT


def test_collect_mode_fits_a_small_laptop_screen_and_the_side_column_scrolls(qtbot, window):
    window.resize(QSize(1280, 706))
    qtbot.waitUntil(lambda: window.height() <= 706)
    window.collect.action.trigger()
    QApplication.processEvents()  # the layout's pending requests
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
    panel, predictions = window.collect.panel, window.predictions
    assert panel.geometry().bottom() < predictions.geometry().top(), "the rune asked for, above the bars"
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


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_on_a_projector_the_feature_maps_make_room_so_every_bar_stays_in_sight(qtbot, window, size):
    window.resize(QSize(*size))
    qtbot.waitUntil(lambda: window.height() == size[1])
    scroll, bars = window.side_column, window.predictions.bars
    QApplication.processEvents()
    before = window.main_splitter.sizes()
    draw_strokes(window.canvas, [[(100, 100), (220, 100), (220, 220), (100, 220), (100, 100)]])  # a square:
    qtbot.waitUntil(lambda: window.last_recognition is not None and not window.live.busy)  # "not sure" lines
    QApplication.processEvents()
    # The maps made the room as the window was sized, for the tallest verdict: the split does not move now.
    assert window.main_splitter.sizes() == before and scroll.hidden_height() == 0
    assert window.feature_maps.height() >= SQUEEZED_FEATURE_MAPS
    for name in window.alphabet.names:
        assert bars.visibleRegion().contains(bars.row_rect(name).center().toPoint()), name
    note = window.predictions.note
    assert note.isVisible() and note.visibleRegion().boundingRect().height() == note.height()
    window.commands.clear_action.trigger()
    QApplication.processEvents()
    assert window.main_splitter.sizes() == before

    handle = window.main_splitter.handle(1)
    grip = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=grip)
    for step in range(1, 6):  # a person drags the maps taller: the column scrolls, as they chose
        qtbot.mouseMove(handle, grip - QPoint(0, 20 * step))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=grip - QPoint(0, 100))
    chosen = window.main_splitter.sizes()
    draw_strokes(window.canvas, [[(100, 100), (220, 100), (220, 220), (100, 220), (100, 100)]])
    qtbot.waitUntil(lambda: window.last_recognition is not None and not window.live.busy)
    QApplication.processEvents()  # the column's check, had it been going to move the splitter
    assert window.main_splitter.sizes() == chosen and scroll.hidden_height() > 0


LONG_MESSAGE = (  # five lines or more in the side column, with paths as long as a person's
    "The drawing store /home/someone/.local/share/runesight/drawings/personal-drawings.sqlite3 is damaged "
    "(database disk image is malformed) and was moved aside to /home/someone/.local/share/runesight/drawings/"
    "personal-drawings.sqlite3.broken-2026-11-24; a new, empty one is used.\n"
    "Model file /home/someone/Documents/runes/models/my-very-own-retrained-model-version-12.keras cannot be "
    "loaded: ValueError: File not found.\n"
    "Still using the previous model, runesight.keras."
)


@pytest.mark.parametrize(("size", "collect"), [((1280, 860), False), ((1280, 860), True), ((1280, 706), False),
                                               ((1280, 706), True)])
def test_a_long_message_spans_the_window_and_does_not_squeeze_the_bars(qtbot, window, size, collect):
    window.resize(QSize(*size))
    qtbot.waitUntil(lambda: window.height() == size[1])
    draw_rune(qtbot, window, "hagall")
    if collect:
        window.collect.action.trigger()
    window.banner.show_message(LONG_MESSAGE, "error")
    bars, scroll = window.predictions.bars, window.side_column
    qtbot.waitUntil(window.banner.isVisible)
    QApplication.processEvents()  # the layout's pending requests
    # Above everything, the window's width: a few lines, not ten lines of the bars' narrow column.
    assert window.banner.width() > 0.9 * window.width() and window.banner.height() < 0.15 * window.height()
    assert not scroll.isAncestorOf(window.banner)
    # The bars are never squeezed: every row at least MIN_ROW_HEIGHT, inside the widget (the column scrolls)
    assert bars.height() >= bars.minimumSizeHint().height() == MIN_ROW_HEIGHT * 16 + 4
    assert bars.row_height() >= MIN_ROW_HEIGHT
    last = bars.row_rect(window.alphabet.names[-1])
    assert last.bottom() <= bars.height()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: bars.visibleRegion().contains(last.center().toPoint()))  # yr, scrolled to
    assert window.height() == size[1], "the window does not grow past the screen"


def test_the_message_banner_shortens_long_paths_and_keeps_them_whole_in_its_tooltip(qtbot, window):
    window.banner.show_message(LONG_MESSAGE, "error")
    shown = window.banner.label.text()
    assert "…/models/my-very-own-retrained-model-version-12.keras cannot be loaded" in shown
    assert "…/drawings/personal-drawings.sqlite3 is damaged" in shown and "/home/someone" not in shown
    assert window.banner.text == LONG_MESSAGE
    assert window.banner.label.toolTip() == shown_as_text(LONG_MESSAGE)  # whole, and shown as plain text
    window.banner.copy_message()
    assert QApplication.clipboard().text() == LONG_MESSAGE
    window.banner.show_message("Model file /nowhere/runesight.keras cannot be loaded", "error")
    assert window.banner.label.text() == window.banner.text and not window.banner.label.toolTip()  # short: as is


def test_f11_shows_the_window_full_screen_and_back(qtbot, window):
    assert window.commands.full_screen_action in window.menus["&View"].actions()
    QTest.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.commands.full_screen_action.isChecked()
    QTest.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.commands.full_screen_action.isChecked()
    window.showFullScreen()  # the system's own way in: the menu's check follows
    qtbot.waitUntil(window.commands.full_screen_action.isChecked)


def test_size_of_everything_is_chosen_in_the_view_menu_and_applied_at_the_next_start(qtbot, window):
    actions = window.commands.scale_actions
    assert [action.text() for action in actions.values()] == ["100 %", "125 %", "150 %", "200 %"]
    assert actions[1.0].isChecked()
    size_menu = next(a.menu() for a in window.menus["&View"].actions() if a.menu() is not None)
    size_menu.aboutToShow.emit()  # as it opens, on the test's 800 px screen: 200 % would leave 400 px
    assert actions[1.0].isEnabled() and not actions[2.0].isEnabled()
    assert actions[2.0].toolTip().startswith("Too large for this screen")
    enabled = [action.isEnabled() for action in actions.values()]
    assert enabled == sorted(enabled, reverse=True), "if one size fits, every smaller one does"
    for action in actions.values():
        action.setEnabled(True)  # as on a larger screen
    asked = []

    def answer_later() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == "Later").click()
        else:
            QTimer.singleShot(20, answer_later)

    QTimer.singleShot(20, answer_later)
    actions[1.5].trigger()
    assert asked == ["Runesight shows everything at 150 % from its next start."]
    assert window.isVisible() and actions[1.5].isChecked() and not actions[1.0].isChecked()
    assert interface_scale.saved_scale() == 1.5

    environment: dict[str, str] = {}  # the next start, before Qt reads its environment
    assert interface_scale.apply_saved_scale(environment) == 1.5 and environment["QT_SCALE_FACTOR"] == "1.5"
    mine = {"QT_SCALE_FACTOR": "2"}  # a factor the person set themselves wins
    assert interface_scale.apply_saved_scale(mine) is None and mine == {"QT_SCALE_FACTOR": "2"}
    actions[1.0].trigger()  # back to the size in use: nothing to restart for, nothing asked
    assert len(asked) == 1 and interface_scale.saved_scale() == 1.0
    assert interface_scale.apply_saved_scale(environment) is None and "QT_SCALE_FACTOR" not in environment


def test_restart_now_closes_the_window_and_starts_runesight_again_at_the_new_size(qtbot, window, monkeypatch):
    monkeypatch.setenv("QT_SCALE_FACTOR", "1")  # as this run was started; restored after the test
    monkeypatch.setenv("RUNESIGHT_SCALE_SET", "1")
    started = []

    class Process:  # records the start instead of starting a second Runesight
        @staticmethod
        def startDetached(program, arguments):
            started.append(([program, *arguments], os.environ["QT_SCALE_FACTOR"]))
            return True, 4321

    monkeypatch.setattr(window_commands, "QProcess", Process)

    def answer_restart() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            next(b for b in box.buttons() if b.text() == "Restart now").click()
        else:
            QTimer.singleShot(20, answer_restart)

    QTimer.singleShot(20, answer_restart)
    window.commands.scale_actions[2.0].trigger()
    assert not window.isVisible(), "the window closed (saving its drawing and settings) before the new start"
    assert started == [(interface_scale.restart_command(), "2")]


def test_where_the_column_must_scroll_the_winning_bar_is_scrolled_into_sight(qtbot, window):
    window.resize(QSize(1024, 520))  # as short as a projector at 150 % leaves: the maps cannot give enough
    qtbot.waitUntil(lambda: window.height() == 520)
    bars, scroll = window.predictions.bars, window.side_column
    for rune in ("yr", "fe"):  # the last bar, then the first
        draw_rune(qtbot, window, rune)
        assert scroll.verticalScrollBar().maximum() > 0, "the column scrolls"
        qtbot.waitUntil(lambda name=rune: bars.visibleRegion().contains(bars.row_rect(name).center().toPoint()))
        window.commands.clear_action.trigger()


SQUARE = [[(100, 100), (220, 100), (220, 220), (100, 220), (100, 100)]]  # no rune: an unsure verdict, three lines


def fully_visible(widget) -> bool:
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def draw_and_wait(qtbot, window, rune: str | None) -> None:
    """A rune along its template, or the square; then its reading."""
    if rune is None:
        draw_strokes(window.canvas, SQUARE)
        qtbot.waitUntil(lambda: window.last_recognition is not None and not window.live.busy, timeout=10_000)
    else:
        draw_rune(qtbot, window, rune)
    QApplication.processEvents()  # the layout's pending requests, and the column's check


@pytest.mark.parametrize("words", [False, True], ids=["runes", "word mode: the column as narrow as it goes"])
def test_on_a_1366x768_laptop_the_splits_and_the_bars_never_move_as_drawings_are_made_and_cleared(qtbot, window,
                                                                                                 words):
    window.resize(QSize(1280, 706))  # the window's first size on a 1366x768 laptop
    qtbot.waitUntil(lambda: window.height() == 706)
    if words:
        window.word_mode.action.trigger()
    QApplication.processEvents()
    bars = window.predictions.bars

    def layout() -> tuple:
        # In word mode the row of glyphs read comes under the canvas: its height is word mode's, its width ours.
        canvas = window.canvas.width() if words else window.canvas.size()
        return (window.main_splitter.sizes(), window.top_splitter.sizes(), canvas, bars.mapTo(window, QPoint(0, 0)),
                bars.height())

    before = layout()
    for rune in ("as", None, "hagall", "yr", None, "isa"):  # sure, unsure, sure...: one line of verdict to three
        draw_and_wait(qtbot, window, rune)
        assert layout() == before, rune
        window.commands.clear_action.trigger()
        QApplication.processEvents()
        assert layout() == before, f"cleared after {rune}"


@pytest.mark.parametrize(("scale", "size"), [(1.0, (1280, 706)), (1.25, (1093, 614)), (1.5, (910, 512)),
                                             (2.0, (960, 540))],
                         ids=["100% 1366x768", "125% 1366x768 full screen", "150% 1366x768 full screen",
                              "200% 1920x1080 full screen"])
def test_at_any_size_of_everything_the_best_guess_stays_in_sight_with_the_winning_bar(qtbot, window, monkeypatch,
                                                                                     scale, size):
    monkeypatch.setenv("QT_SCALE_FACTOR", f"{scale:g}")  # as Size of everything starts it (QT_SCALE_FACTOR)
    # Qt scales by giving the window fewer, larger pixels: a 1366x768 screen at 150 % is 910x512 of them.
    window.resize(QSize(*size))
    qtbot.waitUntil(lambda: window.height() == size[1])
    guess, bars = window.predictions.best_guess, window.predictions.bars
    for rune in ("yr", "fe", None, "mathr"):  # the last bar, the first, an unsure verdict, one in between
        draw_and_wait(qtbot, window, rune)
        best = window.last_recognition.best[0]
        assert guess.name.text() == best
        for part in (guess.glyph, guess.name, guess.probability):
            assert fully_visible(part), (rune, part.text())
        qtbot.waitUntil(lambda name=best: bars.visibleRegion().contains(bars.row_rect(name).center().toPoint()))
        window.commands.clear_action.trigger()


def test_collect_modes_rune_and_progress_stay_in_sight_on_a_1366x768_laptop_as_drawings_are_made(qtbot, window):
    window.resize(QSize(1280, 706))
    qtbot.waitUntil(lambda: window.height() == 706)
    window.collect.action.trigger()
    panel, guess = window.collect.panel, window.predictions.best_guess
    assert window.side_column.verticalScrollBar().maximum() > 0, "the column scrolls, as on such a laptop"
    for rune in ("yr", "fe", "yr"):  # the last bar first: the column scrolled down to it, and the header away
        window.collect.ask_for(rune)
        draw_and_wait(qtbot, window, rune)
        QApplication.processEvents()  # the scroll to the winning bar, once the verdict is laid out
        for part in (panel.prompt, panel.progress, guess.glyph, guess.name):
            assert fully_visible(part), (rune, part.text())
        window.collect.save()


def test_a_long_status_message_is_cut_short_before_the_reading_time_not_run_into_it(qtbot, window, monkeypatch):
    monkeypatch.setenv("QT_SCALE_FACTOR", "1.5")
    window.resize(QSize(910, 512))  # 150 % full screen on a 1366x768 screen
    qtbot.waitUntil(lambda: window.width() == 910)
    draw_rune(qtbot, window, "kaun")
    bar, timing = window.statusBar(), window.timing_label
    assert timing.text().startswith("read in")
    message = ("Model ready: my-very-own-retrained-model-version-12 (loaded in 3.4 s) · Your drawing from last "
               "time is back; Ctrl+Z takes it away")
    bar.showMessage(message, 8000)
    QApplication.processEvents()
    image = bar.grab().toImage()
    background = image.pixelColor(image.width() // 2, 1).lightness()

    def has_ink(x: int) -> bool:
        return any(abs(image.pixelColor(x, y).lightness() - background) > 60 for y in range(image.height()))

    gap = next(gap for gap in range(1, timing.x()) if has_ink(timing.x() - gap))
    assert gap >= 8, "a gap between the message and 'read in N ms'"
    assert bar.shown_message().endswith("…") and message.startswith(bar.shown_message()[:-1])
    bar.showMessage("Pen width 9 px", 2000)  # a short one: whole
    assert bar.shown_message() == "Pen width 9 px"


def saved_at_another_size(settings) -> None:
    """The window's saved geometry as a run at another Size of everything wrote it: the screen's width in
    its pixels, kept in the geometry, differs by half (1366 at 100 %, 910 at 150 %)."""
    geometry = bytearray(settings.value("window/geometry").data())
    width = int.from_bytes(geometry[46:50], "big")  # Qt's layout: magic, version, two rectangles, screen, states
    geometry[46:50] = round(width * 1.5).to_bytes(4, "big")
    settings.setValue("window/geometry", QByteArray(bytes(geometry)))
    settings.sync()


@pytest.mark.parametrize("size_changed", [False, True], ids=["same size", "after Size of everything"])
def test_a_window_closed_full_screen_opens_full_screen_at_the_next_start(qtbot, make_window, size_changed):
    first = make_window()
    first.commands.full_screen_action.trigger()
    qtbot.waitUntil(first.isFullScreen)
    first.close()
    if size_changed:
        saved_at_another_size(open_settings())
    again = make_window()
    qtbot.waitUntil(again.isFullScreen)
    assert again.commands.full_screen_action.isChecked()
    again.commands.full_screen_action.trigger()  # and out of it, closed so: the next start is not full screen
    qtbot.waitUntil(lambda: not again.isFullScreen())
    again.close()
    third = make_window()
    assert not third.isFullScreen()


def map_cells_on_screen(qtbot, window, size: tuple[int, int], scale: float) -> dict[str, float]:
    """Every layer's map side, in the screen's own pixels, with a drawing read, the window at `size`."""
    window.resize(QSize(*size))
    qtbot.waitUntil(lambda: window.size() == QSize(*size))
    draw_and_wait(qtbot, window, "as")
    return {name: grid.layout_for_size().cell * scale for name, grid in window.feature_maps.grids.items()}


@pytest.mark.parametrize(("scale", "screen"), [(1.25, (1366, 768)), (1.5, (1366, 768)), (2.0, (1920, 1080))],
                         ids=["125% 1366x768", "150% 1366x768", "200% 1920x1080"])
def test_a_larger_size_of_everything_never_draws_the_feature_maps_smaller_than_100_percent(qtbot, make_window,
                                                                                          monkeypatch, scale, screen):
    monkeypatch.delenv("QT_SCALE_FACTOR", raising=False)
    usual = map_cells_on_screen(qtbot, make_window(), screen, 1.0)  # full screen at 100 %
    monkeypatch.setenv("QT_SCALE_FACTOR", f"{scale:g}")
    scaled = make_window()
    larger = map_cells_on_screen(qtbot, scaled, (round(screen[0] / scale), round(screen[1] / scale)), scale)
    for name, side in usual.items():
        assert larger[name] >= side, f"{name}: {larger[name]:.1f} screen px a map at {scale:.0%}, {side:.1f} at 100 %"
    guess = scaled.predictions.best_guess
    assert fully_visible(guess.glyph) and fully_visible(guess.name)
