"""Collect mode and one-click corrections, through the real window with mouse and keyboard events."""

from __future__ import annotations

from desktop_helpers import draw_rune, rune_strokes
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from desktop.drawing.mouse_replay import draw_strokes


def test_collect_mode_asks_for_the_least_collected_rune_and_enter_saves_it(qtbot, window):
    window.toolbar.widgetForAction(window.collect.action).click()
    panel = window.collect.panel
    assert window.collect.active and panel.isVisible()
    assert panel.rune == "fe" and "Draw fe" in panel.prompt.text()  # none yet: the first rune
    assert "Draw ᚠ fe" in window.canvas.hint_lines[0]

    draw_strokes(window.canvas, rune_strokes(window.alphabet, "fe", window.canvas))
    QTest.keyClick(window, Qt.Key.Key_Return)
    store = window.drawings.store
    assert store.counts_by_label()["fe"] == 1 and store.list()[0].source == "collected"
    assert window.canvas.is_empty  # ready for the next one
    assert panel.rune == "ur"  # the least collected now (alphabet order among equals)
    assert panel.counts.counts["fe"] == 1 and "Saved fe (1 of 10)" in panel.message.text()

    draw_strokes(window.canvas, rune_strokes(window.alphabet, "ur", window.canvas))
    QTest.keyClick(window, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert store.counts_by_label()["ur"] == 1 and panel.rune == "thurs"
    assert "0 of 10 thurs drawings" in panel.progress.text() and "2 of 160 in all" in panel.progress.text()


def test_a_drawing_made_before_collecting_is_not_saved_under_the_rune_asked_for(qtbot, window):
    draw_rune(qtbot, window, "ar")
    window.collect.action.trigger()
    panel = window.collect.panel
    assert window.canvas.is_empty and "cleared for collecting" in panel.message.text()
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert len(window.drawings.store) == 0, "the earlier drawing is not filed as fe"
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.canvas.strokes) == len(rune_strokes(window.alphabet, "ar", window.canvas)), "nothing lost"


def test_choosing_another_rune_clears_the_message_about_the_last_one(qtbot, window):
    window.collect.action.trigger()
    panel = window.collect.panel
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "fe", window.canvas))
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert "Now draw ur" in panel.message.text()
    qtbot.mouseClick(panel.counts, Qt.MouseButton.LeftButton, pos=panel.counts.cell_rect("yr").center().toPoint())
    assert panel.rune == "yr" and panel.message.text() == ""


def test_enter_on_a_blank_canvas_says_so_and_saves_nothing(qtbot, window):
    window.collect.action.trigger()
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert len(window.drawings.store) == 0
    assert "Nothing was saved: the canvas is empty" in window.collect.panel.message.text()
    assert window.collect.panel.rune == "fe"


def test_a_tick_is_not_collected_and_a_click_beside_a_rune_is_kept_but_not_read(qtbot, window):
    window.collect.action.trigger()
    draw_strokes(window.canvas, [[(200, 200), (203, 204), (206, 199)]])  # a slip of the mouse
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert len(window.drawings.store) == 0 and window.collect.panel.rune == "fe"
    assert "Nothing was saved" in window.collect.panel.message.text() and "too small to read" in \
        window.collect.panel.message.text()
    window.commands.clear_action.trigger()
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "fe", window.canvas) + [[(10, 10)]])  # and a click
    QTest.keyClick(window, Qt.Key.Key_Return)
    (saved,) = window.drawings.store.samples("fe")
    assert len(saved.strokes) == 4, "the drawing is kept as drawn (strokes are data) ..."
    assert window.collect.panel.rune != "fe", "... and saved: its click is no part of what the network reads"


def test_skip_and_choosing_a_rune_and_the_target(qtbot, window):
    window.collect.action.trigger()
    panel = window.collect.panel
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert panel.rune == "ur"
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # Skip from the keyboard
    assert panel.rune == "thurs"
    cell = panel.counts.cell_rect("sol").center().toPoint()
    qtbot.mouseClick(panel.counts, Qt.MouseButton.LeftButton, pos=cell)
    assert panel.rune == "sol" and "Draw sol" in panel.prompt.text()
    panel.target.setValue(3)
    assert window.collect.target == 3 and "of 3 sol drawings" in panel.progress.text()
    window.collect.action.trigger()  # off again: the canvas is the normal canvas
    assert not panel.isVisible() and window.canvas.hint_lines[0] == "Draw a rune"


def test_one_click_on_the_right_rune_saves_a_correction(qtbot, window):
    draw_rune(qtbot, window, "tyr")
    guess = window.last_recognition.best[0]
    bars = window.predictions.bars
    assert bars.clickable and "Click the right rune" in window.predictions.note.text()
    right = "bjork" if guess != "bjork" else "tyr"  # a rune the network did not pick
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect(right).center().toPoint())
    (entry,) = window.drawings.store.list()
    assert entry.label == right and entry.source == "corrected"
    assert f"Saved as {window.alphabet.rune(right).glyph} <b>{right}</b>" in window.predictions.note.text()

    # A second click on another rune relabels the same drawing instead of saving it twice.
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("mathr").center().toPoint())
    assert [e.label for e in window.drawings.store.list()] == ["mathr"]
    window.predictions.note.linkActivated.emit("undo")
    assert len(window.drawings.store) == 0


def test_a_correction_after_undo_and_redo_relabels_instead_of_saving_a_twin(qtbot, window):
    draw_rune(qtbot, window, "tyr")
    bars = window.predictions.bars
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("ur").center().toPoint())
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bars.clickable, timeout=10_000)  # read again
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("thurs").center().toPoint())
    assert [e.label for e in window.drawings.store.list()] == ["thurs"]
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("thurs").center().toPoint())
    assert len(window.drawings.store) == 1
    assert "<b>thurs</b>" in window.predictions.note.text()


def test_undo_after_relabelling_a_drawing_saved_before_puts_its_label_back(qtbot, window):
    window.collect.action.trigger()
    window.collect.ask_for("tyr")
    draw_strokes(window.canvas, rune_strokes(window.alphabet, "tyr", window.canvas))
    QTest.keyClick(window, Qt.Key.Key_Return)  # collected as tyr; the canvas clears
    window.collect.action.trigger()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the drawing back on the canvas
    bars = window.predictions.bars
    qtbot.waitUntil(lambda: bars.clickable, timeout=10_000)
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("ur").center().toPoint())
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("isa").center().toPoint())
    assert [(e.label, e.source) for e in window.drawings.store.list()] == [("isa", "collected")]
    window.predictions.note.linkActivated.emit("undo")
    assert [(e.label, e.source) for e in window.drawings.store.list()] == [("tyr", "collected")], "kept, as tyr"
    assert "saved as tyr again" in window.predictions.note.text()


def test_a_correction_from_the_keyboard(qtbot, window):
    draw_rune(qtbot, window, "tyr")
    bars = window.predictions.bars
    bars.setFocus()  # as Tab reaches it
    qtbot.waitUntil(bars.hasFocus)
    for _ in range(3):
        QTest.keyClick(bars, Qt.Key.Key_Down)
    QTest.keyClick(bars, Qt.Key.Key_Return)
    (entry,) = window.drawings.store.list()
    assert entry.label == bars.shown_names()[3]  # the fourth row: as (futhark order)
    QTest.keyClick(bars, Qt.Key.Key_End)
    QTest.keyClick(bars, Qt.Key.Key_Space)
    assert [e.label for e in window.drawings.store.list()] == ["yr"], "relabelled, not saved twice"


def test_clicking_the_guessed_rune_confirms_it(qtbot, window):
    draw_rune(qtbot, window, "kaun")
    bars = window.predictions.bars
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("kaun").center().toPoint())
    (entry,) = window.drawings.store.list()
    assert (entry.label, entry.source) == ("kaun", "collected")
    assert "the network had it right" in window.predictions.note.text()


def test_bars_are_not_for_corrections_in_collect_mode(qtbot, window):
    window.collect.action.trigger()
    draw_rune(qtbot, window, "fe")
    assert not window.predictions.bars.clickable and not window.predictions.note.isVisible()
    window.predictions.bars.rune_clicked.emit("ur")
    assert len(window.drawings.store) == 0


def test_an_unreadable_drawing_database_is_set_aside_and_the_banner_says_so(qtbot, make_window, runesight_home):
    (runesight_home / "drawings.sqlite3").write_bytes(b"this is not a database" * 100)
    window = make_window()
    assert window.banner.isVisible() and "could not be opened" in window.banner.text
    assert "unreadable" in window.banner.text  # the name it was kept under
    assert any(p.name.startswith("drawings.sqlite3.unreadable") for p in runesight_home.iterdir())
    assert len(window.drawings.store) == 0 and window.collect.action.isEnabled()


def test_corrections_can_be_turned_off_for_pointing_at_bars_and_the_choice_is_kept(qtbot, make_window):
    window = make_window()
    menu = window.menus["&Drawings"]
    assert window.corrections.action in menu.actions() and window.corrections.action.isChecked()
    draw_rune(qtbot, window, "tyr")
    bars = window.predictions.bars
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("bjork").center().toPoint())  # a slip
    window.corrections.action.trigger()  # off: a presenter points at the bars in front of a room
    assert not bars.clickable and "<a href='undo'>Undo</a>" in window.predictions.note.text(), \
        "the slip just saved can still be undone"
    window.predictions.note.linkActivated.emit("undo")
    assert len(window.drawings.store) == 0
    window.commands.clear_action.trigger()
    draw_rune(qtbot, window, "tyr")
    assert not bars.clickable and not window.predictions.note.isVisible()
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("bjork").center().toPoint())
    assert len(window.drawings.store) == 0
    window.collect.action.trigger()
    window.collect.action.trigger()  # collect mode on and off again does not turn corrections back on
    draw_rune(qtbot, window, "tyr")
    assert not bars.clickable
    window.close()

    again = make_window()
    assert not again.corrections.action.isChecked(), "the choice is kept between runs"
    again.corrections.action.trigger()
    draw_rune(qtbot, again, "tyr")
    assert again.predictions.bars.clickable and "Click the right rune" in again.predictions.note.text()



def test_a_correction_can_be_undone_from_the_keyboard_and_labels_name_their_boxes(qtbot, window):
    draw_rune(qtbot, window, "tyr")
    bars, note = window.predictions.bars, window.predictions.note
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("bjork").center().toPoint())
    assert len(window.drawings.store) == 1
    note.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(note, Qt.Key.Key_Tab)  # to the "Undo" link, as Tab gets there
    QTest.keyClick(note, Qt.Key.Key_Return)
    assert len(window.drawings.store) == 0, "Enter on the link undid the save"
    window.collect.action.trigger()
    panel = window.collect.panel
    assert any(label.buddy() is panel.target for label in panel.findChildren(QLabel))
    reached, widget = [], window.canvas
    for _ in range(5):  # Tab from the canvas: the panel above the bars first, not the maps below them
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
        reached.append(widget)
    assert reached[:4] == [panel.stop_button, panel.save_button, panel.skip_button, panel.target]
