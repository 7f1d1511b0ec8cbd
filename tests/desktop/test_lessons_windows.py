"""The Lessons menu through the real window: keys open each lesson, clicks and typing change what it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

SLIDE_MAP = [[12, 4, -2, -8], [0, 3, 9, 11], [-13, -14, -14, -11], [7, 9, 12, 14]]


def grid_texts(grid) -> list[list[str]]:
    return [[grid.cell_text(r, c) for c in range(grid.columnCount())] for r in range(grid.rowCount())]


def type_into_cell(qtbot, grid, row: int, col: int, text: str) -> None:
    """Click the cell, type, press Enter, as a person edits a table."""
    rect = grid.visualRect(grid.model().index(row, col))
    grid.window().activateWindow()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = grid.findChild(QLineEdit)  # the click opened the cell's editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.state() != grid.State.EditingState)  # the table commits the text a moment later


@pytest.fixture
def filtering(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    lesson = window.lessons._windows["filtering"]
    qtbot.waitExposed(lesson)
    return lesson


def test_filtering_steps_cell_by_cell_then_all_at_once(qtbot, filtering):
    assert grid_texts(filtering.patch) == [["4", "0", "1"], ["6", "4", "7"], ["3", "5", "9"]]
    assert grid_texts(filtering.products) == [["-4", "0", "-1"], ["6", "4", "7"], ["0", "0", "0"]]
    assert grid_texts(filtering.map)[0] == ["12", "", "", ""]  # only the first cell is worked out yet
    assert "= <b>12</b>" in filtering.step_text.text()
    qtbot.mouseClick(filtering.next_button, Qt.MouseButton.LeftButton)
    assert grid_texts(filtering.map)[0] == ["12", "4", "", ""]
    assert grid_texts(filtering.patch)[0] == ["0", "1", "8"]
    qtbot.mouseClick(filtering.all_button, Qt.MouseButton.LeftButton)
    assert grid_texts(filtering.map) == [[str(v) for v in row] for row in SLIDE_MAP]
    assert grid_texts(filtering.second_map) == [["-2", "29"], ["-53", "-62"]]
    assert not filtering.next_button.isEnabled()


def test_a_number_typed_into_the_image_or_kernel_changes_every_result(qtbot, filtering):
    qtbot.mouseClick(filtering.all_button, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, filtering.image, 0, 0, "10")  # 4 -> 10 under the kernel's -1: the first cell drops by 6
    assert filtering.map.cell_text(0, 0) == "6"
    type_into_cell(qtbot, filtering.kernel, 2, 2, "2")  # the bottom-right weight: 9 * 2 more in the first cell
    assert filtering.map.cell_text(0, 0) == "24"
    type_into_cell(qtbot, filtering.kernel, 0, 0, "abc")  # no number: the cell keeps what it had
    assert filtering.kernel.cell_text(0, 0) == "-1" and "not a number" in filtering.kernel.item(0, 0).toolTip()
    qtbot.mouseClick(filtering.reset_button, Qt.MouseButton.LeftButton)
    assert filtering.image.cell_text(0, 0) == "4" and filtering.map.cell_text(0, 0) == "12"


@pytest.fixture
def x_or_o(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    lesson = window.lessons._windows["x_or_o"]
    qtbot.waitExposed(lesson)
    return lesson


def test_x_or_o_shows_the_slides_numbers_and_the_answer(x_or_o):
    assert grid_texts(x_or_o.maps[0])[0] == ["0.77", "-0.11", "0.11", "0.33", "0.55", "-0.11", "0.33"]
    assert grid_texts(x_or_o.pooled[0]) == [["1.00", "0.33", "0.55", "0.33"], ["0.33", "1.00", "0.33", "0.55"],
                                            ["0.55", "0.33", "1.00", "0.11"], ["0.33", "0.55", "0.11", "0.77"]]
    assert "The answer: <b>X</b>" in x_or_o.votes.text()
    x_or_o.slide_digits.click()  # rounded instead of cut
    assert x_or_o.maps[0].cell_text(0, 0) == "0.78" and x_or_o.pooled[0].cell_text(3, 3) == "0.78"


def test_clicking_pixels_and_examples_changes_maps_votes_and_answer(qtbot, x_or_o):
    before = x_or_o.votes.text()
    centre = x_or_o.picture.cell_rect(1, 1).center().toPoint()
    qtbot.mouseClick(x_or_o.picture, Qt.MouseButton.LeftButton, pos=QPoint(centre))  # the X's top-left ink off
    assert x_or_o.picture.picture()[1, 1] == -1
    assert x_or_o.maps[0].cell_text(0, 0) == "0.55"  # one pixel of the patch no longer matches: 5/9
    assert x_or_o.votes.text() != before
    qtbot.mouseClick(x_or_o.example_buttons["O"], Qt.MouseButton.LeftButton)
    assert "The answer: <b>O</b>" in x_or_o.votes.text()
    qtbot.mouseClick(x_or_o.example_buttons["X shifted right"], Qt.MouseButton.LeftButton)
    assert "The answer: <b>X</b>" in x_or_o.votes.text()


@pytest.mark.slow
def test_the_tiny_network_trains_and_fills_features_curves_and_table(qtbot, x_or_o):
    qtbot.mouseClick(x_or_o.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: x_or_o.training_state.text().startswith("Trained"), timeout=120_000)
    table = x_or_o.table
    assert (table.item(0, 0).text(), table.item(1, 0).text()) == ("1", "0")  # X is the right answer
    untrained_error, trained_error = float(table.item(2, 2).text()), float(table.item(2, 4).text())
    assert trained_error < untrained_error  # learning made the error smaller
    assert float(table.item(0, 3).text()) > 0.5
    assert trained_error == pytest.approx(float(table.item(0, 4).text()) + float(table.item(1, 4).text()), abs=0.011)
    assert any(x_or_o.learned[0].cell_text(r, c) != "0.00" for r in range(3) for c in range(3))
    assert x_or_o.train_button.text() == "Train a tiny network"
