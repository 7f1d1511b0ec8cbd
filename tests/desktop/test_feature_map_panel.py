"""The feature-map panel: words that explain it, hover names a map, click shows it large, kernels."""

from __future__ import annotations

import numpy as np
from desktop_helpers import draw_rune
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.widgets.feature_map_panel import EXPLANATION, TITLE


def test_the_panel_explains_itself_in_words(window):
    assert "stack of filtered images" in TITLE
    for words in ("convolution", "ReLU", "pooling"):
        assert words in EXPLANATION or words.lower() in EXPLANATION.lower()


def test_the_explanation_says_how_the_last_layer_becomes_the_bars_with_the_models_own_numbers(window):
    text, info = window.feature_maps.explanation.text(), window.model
    last, maps = info.layer_names[-1], info.filter_counts[-1]  # conv3, 128 for the shipped model
    assert f"After {last}, one more pooling halves its {maps} maps again" in text
    assert "dense layer" in text and f"{len(info.rune_names)} probabilities that add up to 100 %: the bars" in text


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
    assert "weights from" in panel.kernel_grid.describe(0)
    grid = panel.kernel_grid
    qtbot.waitUntil(lambda: grid.width() > 40)
    image, layout = grid.grab().toImage(), grid.layout_for_size()
    x, y = layout.cell_origin(0)
    edge = image.pixelColor(round(x) - 1, round(y + layout.cell / 2))  # just left of the first cell
    assert edge.lightness() < 200, "each filter framed: white weights do not run into the white between them"
    panel.show_kernels.setChecked(False)
    assert not window.commands.kernels_action.isChecked()


def test_a_model_built_otherwise_is_described_by_its_own_steps(qtbot, window, tmp_path):
    import keras
    from PySide6.QtWidgets import QLabel

    from model.model_files import save_model

    layers = keras.layers
    path = tmp_path / "five.keras"  # a teacher's network: 5x5 filters, ReLU as its own layer, no pooling
    save_model(keras.Sequential([keras.Input((32, 32, 1)), layers.Conv2D(8, 5, padding="same", name="c1"),
                                 layers.Activation("relu"), layers.Conv2D(8, 5, padding="same", name="c2"),
                                 layers.Flatten(), layers.Dense(16, activation="softmax")]), path, {})
    window.live.load_model(path)
    qtbot.waitUntil(lambda: window.model.path == path, timeout=60_000)
    panel = window.feature_maps
    arrows = [label.text() for label in panel.findChildren(QLabel) if "→</div>" in label.text()]
    assert any(">conv 5×5</div>" in text for text in arrows) and any("ReLU<br>conv 5×5" in text for text in arrows)
    assert not any("pool" in text for text in arrows)
    assert panel.show_kernels.text() == "Show c1's learned 5×5 filters"
    text = panel.explanation.text()
    assert "3×3" not in text and "pooling" not in text
    assert "After c2: flatten → dense 16 → softmax, which gives 16 probabilities" in text

    window.live.load_model(None)  # the shipped model: the usual words again
    qtbot.waitUntil(lambda: window.model.path != path, timeout=60_000)
    assert panel.show_kernels.text() == "Show conv1's learned 3×3 filters"
    assert "2×2 max-pooling" in panel.explanation.text()
