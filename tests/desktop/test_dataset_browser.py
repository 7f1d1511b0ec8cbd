"""The dataset browser: counts and thumbnails, delete and undo, relabel, import (good and bad files), export."""

from __future__ import annotations

import json

import numpy as np
import pytest
from desktop_helpers import answer_save_dialog, fill_store
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog


def click_thumbnail(qtbot, browser, drawing_id, modifier=Qt.KeyboardModifier.NoModifier):
    view = browser.thumbnails
    index = browser.thumbnail_index(drawing_id)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def tile_texts(browser):
    """The captions of the tiles shown (rune and source), as the view shows them."""
    model = browser.thumbnails.model()
    return [model.index(row).data() for row in range(model.rowCount())]


def tile_lightness(browser, drawing_id):
    """The lightness of the drawing's tile as painted on screen (every second pixel)."""
    view = browser.thumbnails
    view.scrollTo(browser.thumbnail_index(drawing_id))
    image = view.viewport().grab(view.visualRect(browser.thumbnail_index(drawing_id))).toImage()
    return np.array([[image.pixelColor(x, y).lightness() for x in range(0, image.width(), 2)]
                     for y in range(0, image.height(), 2)])


def rune_row(browser, name):
    return next(browser.runes.item(row) for row in range(browser.runes.count())
                if browser.runes.item(row).data(Qt.ItemDataRole.UserRole) == name)


@pytest.fixture
def browser(qtbot, window):
    fill_store(window, 2, runes=["fe", "ur", "tyr"])
    window.dataset.action.trigger()
    browser = window.dataset.browser
    qtbot.waitExposed(browser)
    return browser


def test_the_browser_shows_counts_and_a_thumbnail_per_drawing(qtbot, window, browser):
    assert rune_row(browser, "__all__").text().split() == ["All", "runes", "6"]
    assert rune_row(browser, "fe").text().split() == ["fe", "2"] and rune_row(browser, "sol").text().split() == [
        "sol", "0"]
    assert len(browser.item_ids()) == 6 and tile_texts(browser)[0] == "fe\ncollected"
    first = browser.item_ids()[0]
    qtbot.waitUntil(lambda: tile_lightness(browser, first).min() < 100)  # painted between turns of the loop
    assert tile_lightness(browser, first).max() > 200  # dark ink on light paper
    browser.runes.setCurrentItem(rune_row(browser, "tyr"))
    assert len(browser.item_ids()) == 2 and all(text.startswith("tyr") for text in tile_texts(browser))
    browser.runes.setCurrentItem(rune_row(browser, "sol"))
    assert browser.item_ids() == [] and "No drawings of sol" in browser.empty_note.text()
    assert not browser.export_button.isEnabled() and "Nothing to export" in browser.export_button.toolTip()
    browser.runes.setCurrentItem(rune_row(browser, "tyr"))
    assert browser.export_button.isEnabled()


def test_enter_in_the_browser_starts_nothing(qtbot, window, browser, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: asked.append(args) or ([], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: asked.append(args) or "")
    for widget in (browser, browser.runes, browser.thumbnails):
        QTest.keyClick(widget, Qt.Key.Key_Return)
    assert asked == [] and len(window.drawings.store) == 6 and browser.isVisible()


def test_delete_with_the_key_and_undo_with_ctrl_z(qtbot, window, browser):
    first, second = browser.item_ids()[:2]
    click_thumbnail(qtbot, browser, first)
    click_thumbnail(qtbot, browser, second, Qt.KeyboardModifier.ControlModifier)
    assert sorted(browser.selected_ids()) == sorted([first, second])
    QTest.keyClick(browser.thumbnails, Qt.Key.Key_Delete)
    assert len(window.drawings.store) == 4 and first not in browser.item_ids()
    assert rune_row(browser, "fe").text().split() == ["fe", "0"] and "Deleted 2 drawings" in browser.report_text
    QTest.keyClick(browser.thumbnails, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.drawings.store) == 6 and {first, second} <= set(browser.item_ids())
    assert not browser.undo_button.isEnabled()
    # The Undo button does the same.
    click_thumbnail(qtbot, browser, first)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    assert browser.undo_button.text().startswith("Undo delete") and browser.windowTitle() == "Your drawings (5)"
    qtbot.mouseClick(browser.undo_button, Qt.MouseButton.LeftButton)
    assert len(window.drawings.store) == 6 and browser.undo_button.text() == "Undo"


def test_relabel_and_undo_it(qtbot, window, browser):
    drawing_id = browser.item_ids()[0]
    click_thumbnail(qtbot, browser, drawing_id)
    browser.relabel_to.setCurrentIndex(browser.relabel_to.findData("sol"))
    qtbot.mouseClick(browser.relabel_button, Qt.MouseButton.LeftButton)
    assert window.drawings.store.get(drawing_id).entry.label == "sol"
    assert rune_row(browser, "sol").text().split() == ["sol", "1"]
    qtbot.mouseClick(browser.undo_button, Qt.MouseButton.LeftButton)
    assert window.drawings.store.get(drawing_id).entry.label == "fe"


def test_relabelling_within_one_rune_starts_from_that_rune(qtbot, window, browser):
    browser.runes.setCurrentItem(rune_row(browser, "tyr"))
    assert browser.relabel_to.currentData() == "tyr"


def test_collecting_updates_an_open_browser(qtbot, window, browser):
    fill_store(window, 1, runes=["sol"], seed=5)
    assert rune_row(browser, "sol").text().split() == ["sol", "1"] and len(browser.item_ids()) == 7


def test_import_good_and_bad_files_shows_the_report(qtbot, window, browser, tmp_path, monkeypatch):
    folder = tmp_path / "drawings"
    (folder / "hagall").mkdir(parents=True)
    image = np.full((40, 40), 255, np.uint8)
    image[5:35, 8:11] = image[5:35, 29:32] = 0
    image[12:24, 8:32] = np.where(np.eye(12, 24, 6, dtype=bool) | np.eye(12, 24, 0, dtype=bool), 0, 255)
    Image.fromarray(image).save(folder / "hagall" / "one.png")
    workshop = np.zeros((24, 24), int)
    workshop[2:22, 11:13] = 255
    (folder / "isa.json").write_text(json.dumps({"rune": "isa", "data": workshop.tolist()}))
    (folder / "broken.json").write_text("{ not json")
    (folder / "unknown.json").write_text(json.dumps({"rune": "wunjo", "data": workshop.tolist()}))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    qtbot.mouseClick(browser.import_folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None, timeout=20_000)
    report = browser.report_text
    assert "Imported 2 drawings (1 raster, 1 png)" in report and "Per rune: hagall 1, isa 1" in report
    assert "broken.json: not valid JSON" in report and "unknown.json" in report and "wunjo" in report
    assert rune_row(browser, "isa").text().split() == ["isa", "1"] and len(browser.item_ids()) == 8
    assert {e.source for e in window.drawings.store.list("isa")} == {"imported"}
    # The whole import is one step to undo; the drawings that were there before stay.
    assert browser.undo_button.isEnabled() and "Undo (Ctrl+Z) removes them again" in report
    browser.activateWindow()  # as a window manager does when a slow import's progress dialog closes
    qtbot.waitActive(browser)
    QTest.keyClick(browser.thumbnails, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.drawings.store) == 6 and len(browser.item_ids()) == 6 and not window.drawings.store.list("isa")
    assert "Removed the 2 drawings that the import added" in browser.report_text
    assert not browser.undo_button.isEnabled()


def test_a_cancelled_import_keeps_what_came_in_and_undo_removes_it(qtbot, window, browser, tmp_path, monkeypatch):
    from model import drawing_exchange

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(12):
        workshop = np.zeros((24, 24), int)
        workshop[2:22, 11:13] = 255
        workshop[number + 2, 13:20] = 255  # each drawing a little different, so none is a duplicate
        (folder / f"{number:02d}.json").write_text(json.dumps({"rune": "kaun", "data": workshop.tolist()}))
    monkeypatch.setattr(drawing_exchange, "BATCH", 1)  # saved file by file
    files_read = []
    read = drawing_exchange.read_file_entries

    def read_then_cancel_after_four(path):
        files_read.append(path)
        if len(files_read) == 4:
            window.dataset.task.cancel()  # as the progress dialog's Cancel does, mid-import
        return read(path)

    monkeypatch.setattr(drawing_exchange, "read_file_entries", read_then_cancel_after_four)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    qtbot.mouseClick(browser.import_folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None, timeout=20_000)
    assert "Import cancelled; 4 drawings had been imported by then and are kept (Undo removes them)" \
        in browser.report_text
    assert len(window.drawings.store.list("kaun")) == 4 and len(browser.item_ids()) == 10
    qtbot.mouseClick(browser.undo_button, Qt.MouseButton.LeftButton)
    assert not window.drawings.store.list("kaun") and len(browser.item_ids()) == 6


def test_export_writes_json_lines_that_import_back(qtbot, window, browser, tmp_path, monkeypatch):
    window.last_folder.remember(tmp_path / "any")  # the dialog opens in tmp_path
    answer_save_dialog("mine")  # typed without the suffix: the dialog adds it
    qtbot.mouseClick(browser.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None)  # written on a worker thread
    written = tmp_path / "mine.ndjson"
    lines = [json.loads(line) for line in written.read_text().splitlines()]
    assert len(lines) == 6 and {line["word"] for line in lines} == {"fe", "ur", "tyr"}
    assert all(isinstance(line["drawing"][0][0], list) for line in lines)  # Quick, Draw!'s [[x...], [y...], [t...]]
    assert "Exported 6 drawings" in browser.report_text
    browser.runes.setCurrentItem(rune_row(browser, "ur"))  # the rune shown only
    window.dataset.export_to(tmp_path / "ur.ndjson")
    qtbot.waitUntil(lambda: window.dataset.task is None)
    assert "Exported 2 drawings" in browser.report_text and len((tmp_path / "ur.ndjson").read_text().splitlines()) == 2


def test_a_cancelled_export_leaves_the_file_that_was_there(qtbot, window, browser, tmp_path, monkeypatch):
    from model import drawing_exchange

    monkeypatch.setattr(drawing_exchange, "CHECK_EVERY", 1)
    target = tmp_path / "mine.ndjson"
    target.write_text("an earlier export\n")
    real = drawing_exchange.sample_to_json

    def cancel_after_three(sample, **fields):
        if cancel_after_three.calls == 3:
            window.dataset.task.cancel()  # as the progress dialog's Cancel does
        cancel_after_three.calls += 1
        return real(sample, **fields)

    cancel_after_three.calls = 0
    monkeypatch.setattr(drawing_exchange, "sample_to_json", cancel_after_three)
    window.dataset.export_to(target)
    qtbot.waitUntil(lambda: window.dataset.task is None)
    assert "Export cancelled; mine.ndjson was not written" in browser.report_text
    assert target.read_text() == "an earlier export\n" and [p.name for p in tmp_path.iterdir()] == ["mine.ndjson"]


def test_only_drawings_on_screen_are_painted_never_while_hidden_and_few_are_kept(qtbot, make_window, monkeypatch):
    from desktop.collection import dataset_controller
    from desktop.drawing import thumbnails

    monkeypatch.setattr(thumbnails, "CACHED_THUMBNAILS", 40)
    window = make_window()
    painted = []
    real = dataset_controller.thumbnail
    monkeypatch.setattr(dataset_controller, "thumbnail", lambda sample: painted.append(sample) or real(sample))
    ids = fill_store(window, 12)  # 192 drawings, many screens of them
    browser = window.dataset.show_browser()
    qtbot.waitExposed(browser)
    view = browser.thumbnails
    on_screen = [i for i in ids if browser.on_screen(i)]
    assert len(browser.item_ids()) == 192 and 0 < len(on_screen) < 100
    qtbot.waitUntil(lambda: len(painted) == len(on_screen))
    qtbot.wait(200)
    assert len(painted) == len(on_screen), "only the drawings on screen are painted"
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # to the newest drawings
    qtbot.waitUntil(lambda: tile_lightness(browser, ids[-1]).min() < 100)
    assert browser.on_screen(ids[-1]) and not browser.on_screen(ids[0])
    assert len(window.dataset._thumbnails) <= 40  # the oldest painted are let go
    browser.hide()
    before = len(painted)
    fill_store(window, 1, seed=9)  # e.g. collect mode saving while the browser is closed
    qtbot.wait(100)
    assert len(painted) == before, "nothing painted for a hidden browser"
    window.dataset.show_browser()
    assert len(browser.item_ids()) == 208


def test_a_save_keeps_the_browsers_place_and_selection_and_a_filter_keeps_what_it_still_shows(qtbot, window):
    ids = fill_store(window, 12)  # 192 drawings, many screens of them
    browser = window.dataset.show_browser()
    qtbot.waitExposed(browser)
    bar = browser.thumbnails.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out between turns of the event loop
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    labels = {entry.id: entry.label for entry in window.drawings.store.list()}
    chosen = next(i for i in ids if browser.on_screen(i))
    click_thumbnail(qtbot, browser, chosen)
    fill_store(window, 1, runes=["sol"], seed=7)  # collect mode saving with the browser open
    assert len(browser.item_ids()) == 193 and bar.value() == place and browser.selected_ids() == [chosen]
    browser.runes.setCurrentItem(rune_row(browser, labels[chosen]))
    assert browser.selected_ids() == [chosen] and browser.selection_label.text() == "1 selected"
    assert tile_texts(browser) == [f"{labels[chosen]}\ncollected"] * 12


def test_a_second_window_closing_keeps_what_the_first_can_still_undo(qtbot, window, browser, make_window):
    doomed = browser.item_ids()[:2]
    click_thumbnail(qtbot, browser, doomed[0])
    click_thumbnail(qtbot, browser, doomed[1], Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(browser.thumbnails, Qt.Key.Key_Delete)
    assert len(window.drawings.store) == 4
    other = make_window()  # a second Runesight on the same data folder, opened and closed
    assert len(other.drawings.store) == 4
    other.close()
    qtbot.mouseClick(browser.undo_button, Qt.MouseButton.LeftButton)
    assert "Could not undo" not in browser.report_text
    assert len(window.drawings.store) == 6 and set(doomed) <= set(browser.item_ids())
