"""The whole window, driven with real input events on the shipped model."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from desktop_helpers import answer_save_dialog, draw_rune, pen_stroke, rune_strokes, slow_loader, tablet_device
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton

from desktop import window_commands
from desktop.app import create_application
from desktop.common.actions import new_action
from desktop.drawing.mouse_replay import draw_strokes, send_mouse
from model.alphabet import load_alphabet
from model.drawing_files import read_drawing_file
from model.drawing_store import SCHEMA_VERSION, create_schema

RUNE_NAMES = load_alphabet().names


@pytest.mark.parametrize("name", RUNE_NAMES)
def test_a_rune_drawn_along_its_template_is_the_best_guess(qtbot, window, name):
    draw_rune(qtbot, window, name)
    guess, probability = window.last_recognition.best
    assert guess == name, f"drew {name}, the network read {guess} ({probability:.0%})"
    assert window.predictions.best_guess.name.text() == name
    assert window.predictions.bars.summary().startswith(window.predictions.bars.shown_names()[0])


def test_a_pen_drawn_rune_is_recognised_too(qtbot, window):
    for points in rune_strokes(window.alphabet, "tyr", window.canvas):
        pen_stroke(window.canvas, points, tablet_device())
    assert len(window.canvas.strokes) == 2  # tyr's two strokes, nothing doubled
    qtbot.waitUntil(lambda: not window.live.busy and window.last_recognition is not None, timeout=10_000)
    assert window.last_recognition.best[0] == "tyr"


def test_the_empty_canvas_shows_a_hint_and_empty_bars(window):
    assert window.canvas.is_empty
    assert window.predictions.best_guess.name.text() == "Draw a rune"
    assert window.predictions.bars.summary() == "No prediction yet."
    assert all(grid.maps is None for grid in window.feature_maps.grids.values())


def test_undo_redo_and_clear_from_the_keyboard(qtbot, window):
    draw_rune(qtbot, window, "tyr")  # two strokes
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.canvas.strokes) == 1
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.canvas.strokes) == 2
    qtbot.waitUntil(lambda: not window.live.busy)
    assert window.last_recognition.best[0] == "tyr"
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.canvas.is_empty
    assert window.last_recognition is None and window.predictions.best_guess.name.text() == "Draw a rune"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # even clearing can be undone
    assert len(window.canvas.strokes) == 2


def test_the_feature_maps_show_every_layer_and_follow_the_drawing(qtbot, window, shipped_recognizer):
    grids = window.feature_maps.grids
    filters = [int(layer.filters) for layer in shipped_recognizer.conv_layers]  # 32, 64, 128 (or another model's)
    assert list(grids) == ["conv1", "conv2", "conv3"]
    assert [grid.map_count for grid in grids.values()] == filters
    draw_rune(qtbot, window, "isa")
    first = {name: grid.maps.copy() for name, grid in grids.items()}
    assert [maps.shape for maps in first.values()] == [(32, 32, filters[0]), (16, 16, filters[1]), (8, 8, filters[2])]
    np.testing.assert_allclose(window.feature_maps.input_view.values, window.last_recognition.input_image)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert all(grid.maps is None for grid in grids.values())
    draw_rune(qtbot, window, "hagall")
    assert all(not np.allclose(first[name], grid.maps) for name, grid in grids.items())


def test_strokes_drawn_while_the_model_loads_are_recognised_when_it_is_ready(qtbot, make_window, session_loader):
    window = make_window(slow_loader(session_loader, 2.0), wait_for_model=False)
    qtbot.waitUntil(lambda: window.live.is_loading, timeout=5_000)
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "mathr", window.canvas))
    assert len(window.canvas.strokes) == 2 and window.model is None  # drawn while the model still loads
    assert window.loading_bar.isVisibleTo(window) and "Loading" in window.loading_label.text()
    assert "still loading" in window.predictions.best_guess.verdict.text()
    window.statusBar().showMessage("a menu item's status tip")  # what hovering a menu does
    assert window.loading_bar.isVisibleTo(window) and window.loading_label.isVisibleTo(window)
    window.statusBar().clearMessage()
    qtbot.waitUntil(lambda: window.last_recognition is not None, timeout=30_000)
    assert window.last_recognition.best[0] == "mathr"
    assert not window.loading_bar.isVisibleTo(window)


def test_a_bad_model_file_keeps_the_old_model_and_says_why(qtbot, window, tmp_path):
    shipped = window.model
    broken = tmp_path / "broken.keras"
    broken.write_text("not a model")
    window.live.load_model(broken)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=30_000)
    assert str(broken) in window.banner.text and "it is damaged, or not a Keras model" in window.banner.text
    assert "Still using the previous model, the shipped model." in window.banner.text
    assert window.model is shipped
    draw_rune(qtbot, window, "ur")
    assert window.last_recognition.best[0] == "ur"
    qtbot.mouseClick(window.banner.findChild(QToolButton), Qt.MouseButton.LeftButton)  # the person closes it
    assert not window.banner.isVisible()
    window.live.load_model(shipped.path)  # a later load that works
    qtbot.waitUntil(lambda: window.model is not shipped, timeout=30_000)
    assert not window.banner.isVisible(), "a message the person closed does not come back"


def test_bars_switch_between_futhark_and_ranked_order(qtbot, window):
    draw_rune(qtbot, window, "sol")
    bars = window.predictions.bars
    assert bars.shown_names() == list(window.alphabet.names)
    window.commands.ranked_action.trigger()
    assert bars.ranked and window.predictions.ranked_order.isChecked()
    assert bars.shown_names()[0] == window.last_recognition.best[0]
    probabilities = [dict(window.last_recognition.ranked())[name] for name in bars.shown_names()]
    assert probabilities == sorted(probabilities, reverse=True)
    window.predictions.alphabet_order.click()
    assert not window.commands.ranked_action.isChecked()


def test_the_bars_do_not_move_when_the_verdict_takes_more_lines_and_fewer_again_nor_at_clear(qtbot, window):
    guess, bars = window.predictions.best_guess, window.predictions.bars
    draw_rune(qtbot, window, "isa")
    assert not guess.knows_only.isVisible()
    top = bars.mapTo(window, QPoint(0, 0)).y()
    draw_strokes(window.canvas, [[(60, 60), (140, 60), (140, 140), (60, 140), (60, 60)]])  # isa and a square
    qtbot.waitUntil(lambda: not window.live.busy and guess.knows_only.isVisible(), timeout=10_000)
    QApplication.processEvents()  # the layout's pending requests
    assert bars.mapTo(window, QPoint(0, 0)).y() == top, "the best guess kept the room its extra lines take"
    for part in (guess.verdict, guess.knows_only):
        assert part.visibleRegion().boundingRect() == part.rect(), "shown whole"
    window.commands.undo_action.trigger()  # isa alone again: one line
    qtbot.waitUntil(lambda: not window.live.busy and not guess.knows_only.isVisible(), timeout=10_000)
    QApplication.processEvents()
    assert bars.mapTo(window, QPoint(0, 0)).y() == top
    window.commands.clear_action.trigger()
    QApplication.processEvents()
    assert bars.mapTo(window, QPoint(0, 0)).y() == top


def test_ranked_rows_stay_still_while_a_stroke_is_drawn_and_sort_when_the_pen_lifts(qtbot, window):
    window.commands.ranked_action.trigger()
    draw_rune(qtbot, window, "isa")
    bars = window.predictions.bars
    before = bars.shown_names()
    assert before[0] == "isa"
    none, left = Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton
    stave = window.canvas.strokes[0].points
    top, bottom = stave[:, 1].min(), stave[:, 1].max()
    x = float(stave[:, 0].mean())
    send_mouse(window.canvas, QEvent.Type.MouseButtonPress, QPointF(x, top + 0.3 * (bottom - top)), left, left)
    readings = []
    for step in range(1, 13):  # a branch down to the right, read live as it grows: ar, nauthr, ...
        send_mouse(window.canvas, QEvent.Type.MouseMove, QPointF(x + 6 * step, top + 0.3 * (bottom - top) + 4 * step),
                   none, left)
        qtbot.waitUntil(lambda: not window.live.busy, timeout=10_000)
        readings.append(window.last_recognition.best[0])
        assert bars.shown_names() == before, "rows do not jump while drawing"
    assert set(readings) != {"isa"}, "the live readings changed, so the ranking did"
    send_mouse(window.canvas, QEvent.Type.MouseButtonRelease, QPointF(x + 72, top + 0.3 * (bottom - top) + 48),
               left, none)
    qtbot.waitUntil(lambda: not window.live.busy and bars.shown_names()[0] == window.last_recognition.best[0],
                    timeout=10_000)
    probabilities = [dict(window.last_recognition.ranked())[name] for name in bars.shown_names()]
    assert probabilities == sorted(probabilities, reverse=True) and bars.shown_names() != before


def test_saving_over_a_file_asks_first_even_when_the_name_is_typed_without_its_suffix(qtbot, window, tmp_path):
    draw_rune(qtbot, window, "kaun")
    existing = tmp_path / "rune.json"
    existing.write_text("a drawing kept from before")
    window.last_folder.remember(existing)
    asked = answer_save_dialog("rune", replace=False)
    QTest.keySequence(window, QKeySequence.StandardKey.Save)
    assert asked == ["rune.json already exists.\nDo you want to replace it?"]
    assert existing.read_text() == "a drawing kept from before"
    asked = answer_save_dialog("rune", replace=True)
    window.commands.save_action.trigger()  # File ▸ Save drawing…
    assert len(asked) == 1 and len(read_drawing_file(existing)[0].strokes) == 2  # kaun: two strokes
    dotted = tmp_path / "rune.v2.json"  # a name with a dot of its own: Qt's dialog adds no suffix to it
    dotted.write_text("another drawing kept from before")
    asked = answer_save_dialog("rune.v2", replace=False)
    window.commands.save_as_action.trigger()  # Save would write rune.json again: Save as asks
    assert asked == ["rune.v2.json already exists.\nDo you want to replace it?"]
    assert dotted.read_text() == "another drawing kept from before"


def test_save_open_and_export(qtbot, window, tmp_path, monkeypatch):
    assert not window.commands.export_maps_action.isEnabled(), "no feature maps before a drawing is read"
    draw_rune(qtbot, window, "kaun")
    assert window.commands.export_maps_action.isEnabled()
    saved = window.commands.save_drawing(tmp_path / "kaun")
    assert saved == tmp_path / "kaun.json" and saved.is_file()
    original = window.canvas.drawing()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.commands.open_drawing(saved)
    reopened = window.canvas.drawing()
    assert len(reopened.strokes) == len(original.strokes)
    for a, b in zip(reopened.strokes, original.strokes):
        np.testing.assert_allclose(a.points, b.points, atol=0.01)
    qtbot.waitUntil(lambda: not window.live.busy and window.last_recognition is not None)
    assert window.last_recognition.best[0] == "kaun"
    canvas_png = window.commands.export_canvas(tmp_path / "canvas.png")
    maps_png = window.commands.export_feature_maps(tmp_path / "maps")
    assert canvas_png.stat().st_size > 1000 and maps_png == tmp_path / "maps.png" and maps_png.stat().st_size > 1000
    before = canvas_png.read_bytes()

    def half_written(image, name, *args):  # a write that fails half-way (a full disk): the picture there stays
        Path(name).write_bytes(before[:100])
        return False

    monkeypatch.setattr(QImage, "save", half_written)
    assert window.commands.export_canvas(canvas_png) is None and "Could not write" in window.banner.text
    assert canvas_png.read_bytes() == before and not list(tmp_path.glob("*.part"))


def test_opening_a_broken_file_reports_it(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not window.commands.open_drawing(bad)
    assert str(bad) in window.banner.text and window.canvas.is_empty
    unreadable = tmp_path / "unreadable.ndjson"
    unreadable.write_text('{"word": "fe", "drawing": [[[0, 5\n')
    assert not window.commands.open_drawing(unreadable)
    assert "holds no strokes to draw; line 1: not valid JSON" in window.banner.text


def test_a_big_file_of_drawings_opens_at_its_first_drawing_without_reading_the_rest(qtbot, window, tmp_path,
                                                                                   monkeypatch):
    from model import drawing_files
    from model.drawing_files import sample_to_json, write_ndjson
    from model.generator import generate_drawing

    rng = np.random.default_rng(1)
    big = tmp_path / "many.ndjson"
    lines = [{"word": "fe", "drawing": []}] + [sample_to_json(generate_drawing(window.alphabet, i % 16, rng))
                                                 for i in range(300)]
    write_ndjson(big, lines)
    with big.open("a") as handle:
        handle.write("a broken last line\n")  # which a whole read would have refused
    parsed = []
    real = drawing_files.sample_from_json
    monkeypatch.setattr(drawing_files, "sample_from_json", lambda obj: parsed.append(obj) or real(obj))
    assert window.commands.open_drawing(big)
    assert len(parsed) == 2, "the empty drawing on line 1, then the first with strokes"
    assert len(window.canvas.strokes) == len(generate_drawing(window.alphabet, 0, np.random.default_rng(1)).strokes)
    assert "Opened many.ndjson (the drawing on line 2)" in window.statusBar().currentMessage()


def test_settings_and_the_drawing_survive_a_restart(qtbot, make_window):
    window = make_window()
    window.resize(700, 660)  # fits the offscreen screen, which restoring the geometry would clamp to
    draw_rune(qtbot, window, "bjork")
    window.commands.set_pen_width(17)
    window.commands.ranked_action.setChecked(True)
    window.main_splitter.setSizes([500, 200])
    top, bottom = window.main_splitter.sizes()
    drawn = window.canvas.drawing()
    window.close()
    again = make_window()
    assert again.canvas.pen_width() == 17 and again.commands.pen_slider.value() == 17
    assert again.predictions.bars.ranked
    # (The offscreen platform restores a window a title bar taller, so sizes are compared loosely.)
    assert again.width() == window.width() and abs(again.height() - window.height()) <= 30
    again_top, again_bottom = again.main_splitter.sizes()
    assert abs(again_top / (again_top + again_bottom) - top / (top + bottom)) < 0.05
    assert len(again.canvas.strokes) == len(drawn.strokes) == 2  # the drawing left on the canvas came back
    np.testing.assert_allclose(again.canvas.drawing().strokes[1].points, drawn.strokes[1].points, atol=0.01)
    qtbot.waitUntil(lambda: again.last_recognition is not None, timeout=10_000)
    assert again.last_recognition.best[0] == "bjork"
    assert "Your drawing from last time is back" in again.statusBar().currentMessage()


def test_an_unreadable_kept_drawing_is_set_aside_not_overwritten(qtbot, make_window, runesight_home):
    kept = runesight_home / "unsaved-drawing.json"
    kept.write_text('{"strokes": [[[10, 20], [30')  # cut off: a crash mid-write of an older version, say
    window = make_window()
    (aside,) = runesight_home.glob("unsaved-drawing.unreadable-*.json")
    assert aside.read_text() == '{"strokes": [[[10, 20], [30' and window.banner.isVisible()
    assert str(aside) in window.banner.text and window.canvas.is_empty


def test_the_self_test_window_leaves_settings_alone(qtbot, make_window, runesight_home):
    window = make_window(persist=False)
    draw_rune(qtbot, window, "ar")
    window.close()
    assert not (runesight_home / "settings.ini").exists()
    assert not (runesight_home / "unsaved-drawing.json").exists()


def test_a_shipped_model_that_cannot_load_leaves_a_working_window_that_says_why(qtbot, make_window):
    from model.model_files import ModelLoadError

    def failing(path):
        raise ModelLoadError("Model file not found: /nowhere/runesight.keras")

    window = make_window(failing, wait_for_model=False)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "/nowhere/runesight.keras" in window.banner.text and "No model is loaded" in window.banner.text
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "isa", window.canvas))
    assert len(window.canvas.strokes) == 1 and not window.live.busy
    qtbot.waitUntil(lambda: "No model is loaded" in window.predictions.best_guess.verdict.text())
    assert "No model is loaded" in window.feature_maps.layers_placeholder.text(), "not 'The network is loading…'"


def test_f1_shows_every_keyboard_shortcut_from_the_actions_themselves(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.commands.shortcuts_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text.toPlainText()
    for keys, what in [("Ctrl+Z", "Undo"), ("F3", "Collect drawings"), ("Ctrl+Right", "Skip to another rune"),
                       ("Ctrl+L", "Load model file"), ("Right button or pen eraser", "erase")]:
        assert keys in text and what in text
    lines = text.splitlines()  # a table's cells, one a line
    assert lines[lines.index("Ctrl+Z") + 1] == "Undo"
    draw_rune(qtbot, window, "isa")  # it stays open beside the window while the person draws
    assert dialog.isVisible() and window.last_recognition.best[0] == "isa"


def shown_title(window) -> str:
    """The title as the window system shows it: Qt turns "[*]" into "*" or nothing, and on X11 and Windows
    adds " — " and the application's display name to a title that does not end with it."""
    create_application()  # the display name the app sets (a test's application has none of its own)
    title, name = window.windowHandle().title(), QGuiApplication.applicationDisplayName()
    return title if title.endswith(name) else f"{title} — {name}"


def test_the_title_names_runesight_once(window):
    assert shown_title(window) == "Younger Futhark — Runesight"


def test_the_title_names_the_drawing_file_and_marks_changes(qtbot, window, tmp_path, monkeypatch):
    plain = "Younger Futhark — Runesight"
    assert shown_title(window) == plain
    draw_rune(qtbot, window, "kaun")
    answer_save_dialog(str(tmp_path / "kaun"))
    window.commands.save_action.trigger()
    assert shown_title(window) == f"kaun.json — {plain}" and not window.isWindowModified()
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "isa", window.canvas))  # one more stroke
    assert shown_title(window) == f"kaun.json* — {plain}" and window.isWindowModified()
    window.commands.undo_action.trigger()  # back to the drawing as saved
    assert shown_title(window) == f"kaun.json — {plain}"
    window.commands.redo_action.trigger()
    asked = []
    monkeypatch.setattr(window_commands, "ask_save_path", lambda *args: asked.append(args))
    window.commands.save_action.trigger()  # Ctrl+S: to the file it came from, without asking
    assert not asked and len(read_drawing_file(tmp_path / "kaun.json")[0].strokes) == 3
    assert shown_title(window) == f"kaun.json — {plain}"
    window.commands.save_as_action.trigger()  # Save as always asks
    assert len(asked) == 1 and asked[0][2].name == "kaun.json"  # starting from the file's own name
    window.commands.clear_action.trigger()  # a cleared canvas is a new, untitled drawing
    assert shown_title(window) == plain and not window.isWindowModified()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(tmp_path / "kaun.json"), ""))
    window.commands.open_action.trigger()
    assert len(window.canvas.strokes) == 3 and shown_title(window) == f"kaun.json — {plain}"
    window.commands.undo_action.trigger()  # undoing the open: the empty canvas from before
    assert shown_title(window) == plain
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "isa", window.canvas))  # a new drawing
    window.commands.open_action.trigger()
    window.commands.undo_action.trigger()  # the new drawing again: it is not kaun.json's
    assert len(window.canvas.strokes) == 1 and shown_title(window) == plain
    window.commands.redo_action.trigger()
    window.commands.clear_action.trigger()
    window.commands.undo_action.trigger()  # the file's drawing back as it was
    assert len(window.canvas.strokes) == 3 and shown_title(window) == f"kaun.json — {plain}"


def test_a_file_that_cannot_be_opened_leaves_the_title(qtbot, window, tmp_path):
    draw_rune(qtbot, window, "tyr")
    saved = window.commands.save_drawing(tmp_path / "tyr")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not window.commands.open_drawing(bad)
    assert shown_title(window) == "tyr.json — Younger Futhark — Runesight" and saved.is_file()


def test_a_data_folder_that_cannot_be_made_still_opens_the_window_and_says_why(qtbot, make_window, tmp_path,
                                                                               monkeypatch):
    (tmp_path / "stick").write_text("a file where the folder should be")  # say, a USB stick's path now taken
    monkeypatch.setenv("RUNESIGHT_HOME", str(tmp_path / "stick" / "Runesight"))
    window = make_window()
    assert "Your drawings cannot be kept" in window.banner.text and "does not exist and cannot be made" in \
        window.banner.text
    assert window.model_label.text() == "Model: shipped model"
    assert not window.collect.action.isEnabled() and not window.retrain.action.isEnabled()
    draw_rune(qtbot, window, "tyr")  # recognising still works
    assert window.last_recognition.best[0] == "tyr"


def test_a_click_beside_a_finished_rune_does_not_change_its_reading_and_a_tick_is_too_small(qtbot, window):
    draw_rune(qtbot, window, "fe")
    before = window.last_recognition
    corner = QPoint(12, window.canvas.height() - 12)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=corner)  # to focus the canvas, say
    qtbot.waitUntil(lambda: window.last_recognition is not before and not window.live.busy, timeout=10_000)
    assert len(window.canvas.strokes) == 4, "the click is a stroke (Undo takes it back)"
    np.testing.assert_allclose(window.last_recognition.probabilities, before.probabilities, atol=1e-6)
    np.testing.assert_array_equal(window.last_recognition.input_image, before.input_image)

    window.commands.clear_action.trigger()
    draw_strokes(window.canvas, [[(200, 200), (203, 204), (206, 199)]])  # a tick of a few pixels
    qtbot.waitUntil(lambda: "too small to read" in window.predictions.best_guess.verdict.text(), timeout=10_000)


def test_a_stroke_being_drawn_is_not_called_too_small_while_it_starts(qtbot, window):
    """A first stroke begins as a dot and a tick; the hint waits for the pen to lift."""
    draw_rune(qtbot, window, "isa")  # the model is loaded and answering
    window.commands.clear_action.trigger()
    verdicts = []
    none, left = Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton
    send_mouse(window.canvas, QEvent.Type.MouseButtonPress, QPointF(150, 60), left, left)
    for step in range(1, 40):  # slowly down: each live reading is answered before the next move
        send_mouse(window.canvas, QEvent.Type.MouseMove, QPointF(150, 60 + step * 0.2), none, left)
        qtbot.waitUntil(lambda: not window.live.busy, timeout=10_000)
        verdicts.append(window.predictions.best_guess.verdict.text())
    assert not any("too small" in text or "single dot" in text for text in verdicts), verdicts
    send_mouse(window.canvas, QEvent.Type.MouseButtonRelease, QPointF(150, 67.8), left, none)
    qtbot.waitUntil(lambda: "too small to read" in window.predictions.best_guess.verdict.text(), timeout=10_000)


def open_menu(qtbot, window, title: str):
    """Click a menu's title in the menu bar, as a person does; returns the open menu."""
    menu, bar = window.menus[title], window.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    return menu


def highlight(qtbot, menu, action) -> None:
    """Down, as a person presses it in an open menu, until `action` is highlighted (a hover, to Qt)."""
    for _ in range(len(menu.actions())):
        if menu.activeAction() is action:
            return
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is action


@pytest.mark.parametrize(("title", "name", "status"), [("&File", "open_action", "Open drawing"),
                                                       ("&View", "kernels_action", "Show conv1's learned filters"),
                                                       ("&Edit", "thicker_action", "Thicker pen")])
def test_a_hovered_menu_item_shows_its_text_in_the_status_bar_without_mnemonic_ampersands(qtbot, window, title,
                                                                                         name, status):
    menu = open_menu(qtbot, window, title)
    highlight(qtbot, menu, getattr(window.commands, name))
    assert window.statusBar().currentMessage() == status
    menu.close()
    for action in (a for menu in window.menus.values() for a in menu.actions() if not a.isSeparator()):
        assert "&" not in action.statusTip().replace("&&", ""), action.text()


@pytest.mark.parametrize(("text", "plain"), [("&Open drawing…", "Open drawing"), ("Thic&ker pen", "Thicker pen"),
                                             ("Save && &quit", "Save & quit")])
def test_an_action_made_without_a_tip_shows_its_text_as_a_person_reads_it(window, text, plain):
    action = new_action(window, text, lambda: None)
    assert action.statusTip() == action.toolTip() == plain


def test_a_toolbar_hidden_from_its_right_click_menu_comes_back_from_the_view_menu(qtbot, window):
    toolbar = window.toolbar
    popup = window.createPopupMenu()  # what a right-click on the toolbar opens
    [hide] = [action for action in popup.actions() if action.text().replace("&", "") == "Drawing toolbar"]
    hide.trigger()
    assert not toolbar.isVisible() and not window.commands.pen_slider.isVisible()
    menu = open_menu(qtbot, window, "&View")
    [entry] = [action for action in menu.actions() if action.text().replace("&", "") == "Drawing toolbar"]
    assert entry.isCheckable() and not entry.isChecked()
    highlight(qtbot, menu, entry)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(toolbar.isVisible)
    assert entry.isChecked() and window.commands.pen_slider.isVisible()


def test_the_pen_width_shows_as_a_number_that_follows_the_slider_and_the_keys(qtbot, window):
    slider, label = window.commands.pen_slider, window.pen_width_label
    width = slider.value()
    assert label.text() == f"{width} px" and f"Pen width {width} px" in slider.toolTip()
    assert label.isVisible() and label.x() > slider.x()  # beside the slider
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketRight)  # ]: thicker
    assert slider.value() == width + 2 and label.text() == f"{width + 2} px"
    assert f"Pen width {width + 2} px" in slider.toolTip() and f"Pen width {width + 2} px" in slider.statusTip()
    assert window.statusBar().currentMessage() == f"Pen width {width + 2} px"
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketLeft)  # [: thinner
    assert label.text() == f"{width} px"
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)  # the slider itself, from the keyboard
    assert label.text() == f"{slider.value()} px" != f"{width} px"
    assert window.canvas.pen_width() == slider.value()


def test_the_default_pen_width_is_reached_again_with_the_keys_from_any_width(qtbot, window):
    slider = window.commands.pen_slider
    assert slider.value() == 9
    window.canvas.setFocus()
    for _ in range(20):  # down to the thinnest pen
        qtbot.keyClick(window.canvas, Qt.Key.Key_BracketLeft)
    assert slider.value() == 2
    widths = []
    for _ in range(20):
        qtbot.keyClick(window.canvas, Qt.Key.Key_BracketRight)
        widths.append(slider.value())
    assert 9 in widths and widths[-1] == 30 and widths == sorted(widths)  # up to the thickest, 9 on the way
    slider.setValue(10)  # a width the slider gave, between two steps: the keys go to the steps beside it
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketLeft)
    assert slider.value() == 9 and window.canvas.pen_width() == 9


def test_drawings_saved_by_a_newer_runesight_are_left_alone_and_the_window_runs_without_saving(qtbot, make_window,
                                                                                                runesight_home):
    path = runesight_home / "drawings.sqlite3"
    newer = sqlite3.connect(path)
    create_schema(newer, SCHEMA_VERSION)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")  # the schema of a Runesight not written yet
    newer.commit()
    newer.close()
    before = path.read_bytes()
    window = make_window()
    assert "saved by a newer version of Runesight" in window.banner.text
    assert "the newer Runesight still has all your drawings" in window.banner.text
    assert window.drawings is None and not window.collect.action.isEnabled() and not window.retrain.action.isEnabled()
    draw_rune(qtbot, window, "tyr")  # recognising still works
    assert window.last_recognition.best[0] == "tyr"
    window.close()
    assert path.read_bytes() == before and [p.name for p in runesight_home.glob("drawings.sqlite3*")] == [path.name]
