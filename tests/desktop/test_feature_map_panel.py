"""The feature-map panel: words that explain it, hover names a map, click shows it large, kernels; how it
fits a short panel and grows in a large one."""

from __future__ import annotations

from html import escape

import numpy as np
import pytest
from desktop_helpers import draw_rune
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QHelpEvent, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from desktop.main_window import SQUEEZED_FEATURE_MAPS
from desktop.widgets.feature_map_panel import EXPLANATION, NO_DRAWING, NO_SELECTION, NO_SELECTION_NOTE, TITLE

MODEL_TIMEOUT_MS = 60_000


def test_the_panel_explains_itself_in_words(window):
    assert "stack of feature maps (filtered images)" in TITLE
    for words in ("convolution", "ReLU", "max-pooling keeps the largest", "each filter looks at all the maps below"):
        assert words in EXPLANATION or words.lower() in EXPLANATION.lower()


def test_the_explanation_says_how_the_last_layer_becomes_the_bars_with_the_models_own_numbers(window):
    text, info = window.feature_maps.explanation_text, window.model
    last, maps = info.layer_names[-1], info.filter_counts[-1]  # conv3, 128 for the shipped model
    assert f"After {last}, one more pooling halves its {maps} maps again" in text
    assert "flatten lays them out as one long list of numbers, a dense layer of 128 reads them all" in text
    assert f"softmax turns the {len(info.rune_names)} scores into probabilities that add up to 100 %: the bars" in text
    arrows = [label for label in window.feature_maps.findChildren(QLabel) if "→</div>" in label.text()]
    tips = "\n".join(label.toolTip() for label in arrows)  # what each step under an arrow does
    assert "ReLU: negative responses become 0" in tips and "keeps the largest of every 2×2 block" in tips
    last = arrows[-1].text()  # after conv3, on to the bars: dense and softmax are on screen, not only in the text
    assert all(step in last for step in ("flatten", "dense 128", "dense 16", "softmax", "the bars"))


def test_hovering_a_map_names_layer_filter_and_strongest_activation(qtbot, window):
    draw_rune(qtbot, window, "thurs")
    grid = window.feature_maps.grids["conv2"]
    centre = grid.cell_centre(4)
    QApplication.sendEvent(grid, QHelpEvent(QEvent.Type.ToolTip, centre, grid.mapToGlobal(centre)))
    text = QToolTip.text()
    strongest = float(grid.maps[..., 4].max())
    assert text == grid.describe(4)
    assert text.startswith(f"conv2, filter 5 of {grid.map_count}")
    assert f"{strongest:.2f}" in text or "all zero" in text


def test_clicking_a_map_shows_it_large_and_it_follows_the_drawing(qtbot, window):
    draw_rune(qtbot, window, "thurs")
    grid = window.feature_maps.grids["conv3"]
    index = int(np.argmax(grid.maps.max(axis=(0, 1))))
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_centre(index))
    assert window.feature_maps.selection == ("conv3", index)
    np.testing.assert_allclose(window.feature_maps.selected_view.values, grid.maps[..., index])
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    draw_rune(qtbot, window, "logr")
    np.testing.assert_allclose(window.feature_maps.selected_view.values, grid.maps[..., index])


def test_clicking_a_gap_selects_nothing(qtbot, window):
    draw_rune(qtbot, window, "isa")
    grid = window.feature_maps.grids["conv1"]
    # The maps' arrival queues a re-layout that resizes the grid; let it run before looking for a gap.
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    layout = grid.layout_for_size()
    # Where the gaps are depends on the window's size: find one through the grid's own hit-test.
    # (0, 0) is left out: QTest clicks the widget's centre when given a null point.
    gap = next(QPoint(x, y) for y in range(grid.height()) for x in range(grid.width())
               if (x, y) != (0, 0) and layout.index_at(x, y, grid.map_count) is None)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=gap)
    assert window.feature_maps.selection is None


def test_first_layer_kernels_can_be_shown(qtbot, window, shipped_recognizer):
    panel = window.feature_maps
    assert not panel.kernel_grid.isVisibleTo(panel)
    window.commands.kernels_action.trigger()
    assert panel.kernel_grid.isVisibleTo(panel) and panel.show_kernels.isChecked()
    kernels = shipped_recognizer.first_layer_kernels()[:, :, 0, :]
    np.testing.assert_allclose(panel.kernel_grid.maps, kernels)
    assert panel.kernel_grid.map_count == kernels.shape[-1]
    assert panel.kernel_grid.describe(0).startswith("conv1, filter 1 of 32\nits 3×3 weights (the kernel), from ")
    grid = panel.kernel_grid
    qtbot.waitUntil(lambda: grid.width() > 40)
    image, layout = grid.grab().toImage(), grid.layout_for_size()
    x, y = layout.cell_origin(0)
    edge = image.pixelColor(round(x) - 1, round(y + layout.cell / 2))  # just left of the first cell
    assert edge.lightness() < 200, "each filter framed: white weights do not run into the white between them"
    draw_rune(qtbot, window, "thurs")
    conv1 = panel.grids["conv1"]
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_centre(7))  # filter 8's weights ...
    assert grid.selected == 7 and conv1.selected == 7, "... and the map they made, framed together"
    qtbot.mouseClick(conv1, Qt.MouseButton.LeftButton, pos=conv1.cell_centre(3))
    assert grid.selected == 3 and conv1.selected == 3 and panel.grids["conv2"].selected is None
    panel.show_kernels.setChecked(False)
    assert not window.commands.kernels_action.isChecked()


def save_teachers_model(path):
    """A teacher's network: 5x5 filters, ReLU as its own layer, no pooling; its layers are c1 and c2 (8 filters)."""
    import keras

    from model.model_files import save_model

    layers = keras.layers
    save_model(keras.Sequential([keras.Input((32, 32, 1)), layers.Conv2D(8, 5, padding="same", name="c1"),
                                 layers.Activation("relu"), layers.Conv2D(8, 5, padding="same", name="c2"),
                                 layers.Flatten(), layers.Dense(16, activation="softmax")]), path, {})
    return path


def switch_model(qtbot, window, path) -> None:
    """Load a model file (None: the shipped one) as the Model menu does, and wait until it is shown."""
    window.live.load_model(path)
    qtbot.waitUntil(lambda: not window.live.is_loading, timeout=MODEL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.live.busy, timeout=MODEL_TIMEOUT_MS)


def test_a_model_built_otherwise_is_described_by_its_own_steps(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QLabel

    path = save_teachers_model(tmp_path / "five.keras")
    window.live.load_model(path)
    qtbot.waitUntil(lambda: window.model.path == path, timeout=60_000)
    panel = window.feature_maps
    arrows = [label.text() for label in panel.findChildren(QLabel) if "→</div>" in label.text()]
    assert any(">conv 5×5</div>" in text for text in arrows) and any("ReLU<br>conv 5×5" in text for text in arrows)
    assert not any("pool" in text for text in arrows)
    assert panel.show_kernels.text() == "Show c1's learned 5×5 filters"
    text = panel.explanation_text
    assert "3×3" not in text and "pooling" not in text
    assert "After c2: flatten → dense 16 → softmax, which gives 16 probabilities" in text

    window.live.load_model(None)  # the shipped model: the usual words again
    qtbot.waitUntil(lambda: window.model.path != path, timeout=60_000)
    assert panel.show_kernels.text() == "Show conv1's learned 3×3 filters"
    assert "2×2 max-pooling" in panel.explanation_text


# --- the selected map ---------------------------------------------------------------------------------
def test_a_cleared_canvas_leaves_no_numbers_of_the_last_drawing_under_the_selected_map(qtbot, window):
    panel = window.feature_maps
    draw_rune(qtbot, window, "thurs")
    grid = panel.grids["conv1"]
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_centre(5))
    assert panel.selected_note.text().startswith("strongest ")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert panel.selected_view.values is None and panel.selected_view.placeholder == NO_DRAWING
    assert "strongest" not in panel.selected_note.text(), "no number of the drawing that is gone"
    assert "conv1 · map of filter 6" in panel.selected_caption.text(), "still selected: its cell keeps the frame"
    assert grid.selected == 5
    draw_rune(qtbot, window, "logr")
    strongest, in_layer = float(grid.maps[..., 5].max()), float(grid.maps.max())
    assert panel.selected_note.text() == f"strongest {strongest:.2f} of {in_layer:.2f}"


def test_a_model_switch_keeps_the_selected_map_where_the_new_model_has_it(qtbot, window, tmp_path, base_model):
    panel = window.feature_maps
    draw_rune(qtbot, window, "thurs")
    qtbot.mouseClick(panel.grids["conv2"], Qt.MouseButton.LeftButton, pos=panel.grids["conv2"].cell_centre(4))
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # "Draw something to see this map", then a drawing again
    draw_rune(qtbot, window, "thurs")

    switch_model(qtbot, window, base_model)  # conv1..conv3 with as many filters: conv2's filter 5 is there
    grid = panel.grids["conv2"]
    assert panel.selection == ("conv2", 4) and grid.selected == 4
    assert "conv2 · map of filter 5" in panel.selected_caption.text()
    np.testing.assert_allclose(panel.selected_view.values, grid.maps[..., 4])

    switch_model(qtbot, window, save_teachers_model(tmp_path / "five.keras"))  # c1, c2: no conv2
    assert panel.selection is None and panel.selected_view.values is None
    assert panel.selected_view.placeholder == NO_SELECTION, "not 'Draw something…' with a drawing there"
    assert panel.selected_caption.text() == "<b>Selected map</b>" and panel.selected_note.text() == NO_SELECTION_NOTE

    panel.show_kernels.setChecked(True)  # the first layer's 8 weights; filter 3 is in the shipped model too
    qtbot.waitUntil(lambda: panel.kernel_grid.width() > 40)
    qtbot.mouseClick(panel.kernel_grid, Qt.MouseButton.LeftButton, pos=panel.kernel_grid.cell_centre(2))
    switch_model(qtbot, window, None)
    assert panel.selection == ("kernels", 2) and panel.kernel_grid.selected == 2
    assert "conv1 filter 3" in panel.selected_caption.text()
    np.testing.assert_allclose(panel.selected_view.values, panel.kernel_grid.maps[..., 2])


def square(view) -> int:
    """The side of the square a map view draws its image in."""
    return min(view.width(), view.height())


def test_the_selected_map_is_large_where_the_window_is(qtbot, window):
    panel = window.feature_maps
    window.resize(QSize(1920, 1080))
    qtbot.waitUntil(lambda: window.height() == 1080)
    draw_rune(qtbot, window, "fe")
    grid = panel.grids["conv2"]
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_centre(3))
    view = panel.selected_view

    def as_wide_as_tall():  # its width follows the height the panel gives it
        assert view.width() >= view.height(), f"the selected map's view is {view.width()}x{view.height()}"

    qtbot.waitUntil(as_wide_as_tall)
    assert square(view) >= square(panel.input_view) and square(view) > 250
    assert square(view) > 4 * panel.grids["conv1"].layout_for_size().cell, "larger than a map in a grid"

    before = square(view)
    top, maps = window.main_splitter.sizes()
    window.main_splitter.setSizes([top - 100, maps + 100])  # the maps dragged taller
    qtbot.waitUntil(lambda: square(view) >= before + 60)


def test_on_a_small_screen_the_grids_keep_their_room(qtbot, window):
    panel = window.feature_maps
    window.resize(QSize(1024, 740))
    qtbot.waitUntil(lambda: window.height() == 740)
    draw_rune(qtbot, window, "fe")
    qtbot.waitUntil(lambda: square(panel.selected_view) >= square(panel.input_view))  # once laid out
    assert all(grid.layout_for_size().cell >= 6 for grid in panel.grids.values())
    assert panel.grids["conv1"].layout_for_size().cell >= 12, "a 32×32 map still shows its shape"
    top, maps = window.main_splitter.sizes()
    window.main_splitter.setSizes([top - 250, maps + 250])  # a tall, narrow panel: the images do not take it all
    qtbot.waitUntil(lambda: panel.grids["conv1"].layout_for_size().cell >= 14)
    assert panel.selected_view.width() + panel.input_view.width() <= 0.45 * panel.width()


# --- a short panel ------------------------------------------------------------------------------------
def squeeze_feature_maps(qtbot, window, size: tuple[int, int]) -> None:
    """The window at `size`, its feature maps dragged as short as they go."""
    window.resize(QSize(*size))
    qtbot.waitUntil(lambda: window.height() == size[1])
    window.main_splitter.setSizes([size[1], 0])
    qtbot.waitUntil(lambda: window.feature_maps.height() == SQUEEZED_FEATURE_MAPS)


@pytest.fixture
def large_text():
    """Text half as large again, as with a large text setting, in the windows made after this fixture."""
    usual = QApplication.font()
    large = QFont(usual)
    large.setPointSizeF(usual.pointSizeF() * 1.5)
    QApplication.setFont(large)
    yield
    QApplication.setFont(usual)


@pytest.mark.parametrize("large", [False, True], ids=["usual text", "large text"])
def test_in_a_short_panel_the_explanation_is_one_line_with_more(qtbot, make_window, request, large):
    if large:
        request.getfixturevalue("large_text")
    window = make_window()
    panel, label = window.feature_maps, window.feature_maps.explanation
    squeeze_feature_maps(qtbot, window, (1024, 740))
    line = label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: label.height() < 2 * line)
    assert label.text().startswith("A convolution layer slides small 3×3 filters") and ">more</a>" in label.text()
    assert escape(panel.explanation_text) in label.toolTip() and "After conv3" in label.toolTip(), "all of it on hover"

    label.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(label, Qt.Key.Key_Tab)  # to the link, as the keyboard gets there
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert "After conv3, one more pooling" in label.text() and ">less</a>" in label.text()
    qtbot.waitUntil(lambda: label.height() >= 2 * line)  # the maps give it room
    label.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(label, Qt.Key.Key_Tab)
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert ">more</a>" in label.text()
    qtbot.waitUntil(lambda: label.height() < 2 * line)

    window.resize(QSize(1600, 1000))  # room enough: all of it, nothing to click
    qtbot.waitUntil(lambda: window.height() == 1000)
    window.main_splitter.setSizes([300, 700])
    qtbot.waitUntil(lambda: "After conv3" in label.text())
    assert "</a>" not in label.text() and not label.toolTip()


def drawn_texts(monkeypatch, widget) -> list[tuple[str, object]]:
    """The words a widget paints: each text with the rectangle its letters take."""
    drawn = []
    draw_text = QPainter.drawText

    def record(painter, rect, flags, text):
        drawn.append((text, painter.fontMetrics().boundingRect(rect.toRect(), int(flags), text)))
        return draw_text(painter, rect, flags, text)

    with monkeypatch.context() as patched:
        patched.setattr(QPainter, "drawText", record)
        widget.grab()
    return drawn


def test_the_colour_legends_labels_never_overlap_and_the_middle_one_gives_way(qtbot, make_window, large_text,
                                                                              monkeypatch):
    window = make_window()
    legend = window.feature_maps.legend
    squeeze_feature_maps(qtbot, window, (1280, 706))
    QApplication.processEvents()  # the layout's pending requests
    drawn = drawn_texts(monkeypatch, legend)
    texts = [text for text, _ in drawn]
    assert texts[0].startswith("strongest") and texts[-1].startswith("0: nothing"), "the two ends are there"
    for number, (text, rect) in enumerate(drawn):
        assert legend.rect().contains(rect), f"{text!r} inside the legend"
        for other, other_rect in drawn[number + 1:]:
            assert not rect.intersects(other_rect), f"{text!r} drawn over {other!r}"
    assert "half" not in texts, "no room: the middle label is left out"

    window.main_splitter.setSizes([300, 406])  # room again: all three, the middle one too
    qtbot.waitUntil(lambda: legend.height() > 250)
    assert [text for text, _ in drawn_texts(monkeypatch, legend)] == [
        "strongest in layer", "half", "0: nothing found"]


def test_in_a_small_square_the_placeholders_words_are_whole_or_not_there(qtbot, make_window, large_text,
                                                                         monkeypatch):
    window = make_window()
    panel = window.feature_maps
    squeeze_feature_maps(qtbot, window, (1280, 706))
    QApplication.processEvents()  # the layout's pending requests
    for view in (panel.selected_view, panel.input_view):
        side = square(view)
        inside = QRect((view.width() - side) // 2, (view.height() - side) // 2, side, side)
        for text, rect in drawn_texts(monkeypatch, view):
            assert inside.contains(rect), f"{text!r} whole, inside its square"

    window.main_splitter.setSizes([250, 456])  # room again: the words are there
    qtbot.waitUntil(lambda: panel.selected_view.height() > 150)
    assert [text for text, _ in drawn_texts(monkeypatch, panel.selected_view)] == [NO_SELECTION]
