"""Word mode through the real window: runes written side by side with the mouse, read as a word."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from desktop.drawing.mouse_replay import draw_strokes


def word_strokes(window, names: list[str], dot_before: int | None = None) -> list[np.ndarray]:
    """The runes' templates side by side across the canvas, each 45 % of its height; a dot in one gap."""
    canvas = window.canvas
    height = canvas.height() * 0.45
    step = canvas.width() / (len(names) + 0.5)
    strokes = []
    for index, name in enumerate(names):
        form = np.concatenate(window.alphabet.rune(name).trainable_forms[0].strokes)
        low = form.min(axis=0)
        left = step * (index + 0.35)
        top = canvas.height() * 0.25
        form_strokes = window.alphabet.rune(name).trainable_forms[0].strokes
        placed = [(np.asarray(s) - low) * height + [left, top] for s in form_strokes]
        strokes += placed
        if dot_before == index + 1:  # in the middle of the gap, whatever the canvas's shape makes the runes' widths
            right, next_left = np.concatenate(placed)[:, 0].max(), step * (index + 1.35)
            x, y = (right + next_left) / 2, top + height / 2
            strokes.append(np.array([[x, y], [x + 1.0, y + 1.0]]))
    return strokes


def write(qtbot, window, names: list[str], dot_before: int | None = None) -> None:
    draw_strokes(window.canvas, word_strokes(window, names, dot_before))
    qtbot.waitUntil(lambda: not window.live.busy and window.word_mode.reading is not None
                    and len(window.word_mode.reading.glyphs) >= 1, timeout=20_000)


def test_f4_writes_a_word_and_the_panel_reads_it_left_to_right(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.word_mode.active and window.word_panel.isVisible()
    write(qtbot, window, ["fe", "ur", "thurs"], dot_before=2)
    panel = window.word_panel
    qtbot.waitUntil(lambda: panel.text.text() == "fu þ", timeout=20_000)
    assert [b.text().split("\n")[1].split()[0] for b in panel.glyph_buttons] == ["fe", "ur", "thurs"]
    assert "a dot (·) after rune 2: a word divider" in panel.marks.text()
    assert window.last_recognition.best[0] == "thurs"  # the bars show the glyph being written: the last
    qtbot.mouseClick(panel.glyph_buttons[1], Qt.MouseButton.LeftButton)
    assert window.last_recognition.best[0] == "ur"
    assert window.predictions.best_guess.name.text() == "ur"  # its bars, its best guess
    qtbot.keyClick(window, Qt.Key.Key_F4)  # back to one rune: the whole canvas is one drawing again
    assert not window.word_panel.isVisible()
    qtbot.waitUntil(lambda: not window.live.busy, timeout=20_000)
    assert window.word_mode.reading is None


def test_a_correction_from_the_bars_saves_the_glyph_shown_not_the_word(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F4)
    write(qtbot, window, ["kaun", "isa"])
    panel = window.word_panel
    qtbot.waitUntil(lambda: len(panel.glyph_buttons) == 2, timeout=20_000)
    qtbot.mouseClick(panel.glyph_buttons[0], Qt.MouseButton.LeftButton)
    bars = window.predictions.bars
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect("kaun").center().toPoint())
    store = window.drawings.store
    counts = store.counts_by_label()
    assert counts["kaun"] == 1 and sum(counts.values()) == 1
    saved = store.get(store.list()[0].id).sample
    assert len(saved.strokes) == 2  # kaun's stave and twig, not isa


def test_a_name_typed_in_latin_letters_is_shown_in_runes_and_can_be_traced(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F4)
    panel = window.word_panel
    qtbot.keyClicks(panel.latin, "Odin")
    assert panel.runes.text() == "ᚢᛏᛁᚾ"
    assert "o is written as u (ur ᚢ)" in panel.spelling.text() and "d is written as t" in panel.spelling.text()
    qtbot.mouseClick(panel.trace, Qt.MouseButton.LeftButton)
    assert window.canvas.guide == "ᚢᛏᛁᚾ"
    assert window.canvas.drawing().strokes == ()  # the guide is never part of the drawing
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.canvas.guide == ""
