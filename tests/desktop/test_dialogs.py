"""Rune chart, model information and about: what a person reads there."""

from __future__ import annotations

import json
import shutil

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.common.settings import WINDOW_FRAME
from desktop.recognition.model_metadata import metadata_rows
from desktop.widgets.about_dialog import AboutDialog
from desktop.widgets.model_info_dialog import ModelInfoDialog
from desktop.widgets.rune_chart import FIRST_SIZE
from model.model_files import metadata_path
from model.resource_files import SHIPPED_MODEL_PATH

# What model.fine_tuning writes beside a fine-tuned model (shortened to two runes).
FINE_TUNED = {
    "mode": "fine-tune", "base_model": str(SHIPPED_MODEL_PATH), "personal_drawings": 9,
    "personal_per_rune": {"fe": 5, "ur": 4}, "held_back_per_rune": {"fe": 1, "ur": 1}, "runes_filled_in": [],
    "generated_share": 0.2, "scores": {"held_back": {"before": 0.8125, "after": 0.9375, "count": 16},
                                       "generated": {"before": 0.9625, "after": 0.9625, "count": 320}},
}


def test_rune_chart_lists_every_rune_with_name_and_sound(qtbot, window):
    window.commands.chart_action.trigger()
    chart = window.commands.rune_chart
    assert chart.isVisible()
    assert list(chart.buttons) == list(window.alphabet.names)
    for rune in window.alphabet.runes:
        assert rune.name in chart.buttons[rune.name].text() and rune.sound in chart.buttons[rune.name].text()


def test_the_rune_chart_fits_a_projector_at_150_percent_and_shows_three_forms_where_there_is_room(qtbot, window):
    window.commands.show_rune_chart()
    chart = window.commands.rune_chart
    assert chart.minimumSizeHint().width() <= 683 - WINDOW_FRAME  # a 1024x768 projector at 150 %
    chart.show_rune("ur")  # three forms
    chart.resize(FIRST_SIZE)  # as it first opens on a screen with room (the test's is 800 px wide)
    views = chart.form_views()
    qtbot.waitUntil(lambda: all(view.visibleRegion().boundingRect().width() == view.width() for view in views))


def test_clicking_a_rune_in_the_chart_shows_its_forms(qtbot, window):
    window.commands.show_rune_chart()
    chart = window.commands.rune_chart
    hagall = window.alphabet.rune("hagall")
    with qtbot.waitSignal(chart.rune_selected) as selected:
        qtbot.mouseClick(chart.buttons["hagall"], Qt.MouseButton.LeftButton)
    assert selected.args == ["hagall"]
    assert [view.form for view in chart.form_views()] == list(hagall.forms)
    assert hagall.glyph in chart.title.text() and hagall.sound in chart.about.text()


def model_information(window) -> tuple[list[tuple[str, str]], ModelInfoDialog]:
    """Model ▸ Model information, as a person opens it: its (name, value) rows, read while it is open."""
    seen = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        table = dialog.table
        seen.append(([(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())], dialog))
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.commands.model_info_action.trigger()
    return seen[0]


def test_model_information_shows_the_metadata_in_words(qtbot, window):
    rows, dialog = model_information(window)
    values, recorded = dict(rows), window.model.metadata
    names = [name for name, _ in rows]
    assert len(rows) == len(recorded)  # nothing dropped
    assert not set(names) & set(recorded)  # no raw keys such as validation_accuracy
    assert values["Accuracy on generated test drawings"] == f"{recorded['validation_accuracy']:.1%}"  # 98.6%
    assert values["Drawings seen in training"] == f"{recorded['train_samples_seen']:,} drawings"  # 2,162,688
    assert values["Training took"].endswith(" s") and " min " in values["Training took"]  # 44 min 7 s
    assert recorded["created"][:4] in values["Created"] and recorded["created"] not in values["Created"]
    assert values["Alphabet"] == "Younger Futhark" and values["Keras backend"] == "TensorFlow"
    # What it is and how good it is come before the technical details.
    assert names.index("Trained on") < names.index("Accuracy on generated test drawings") < names.index(
        "Keras version")
    assert dialog.table.horizontalHeaderItem(0).text() == "Recorded"
    assert dialog.steps.text() == (
        "input → conv 3×3 · ReLU (conv1, 32 maps) → pool ½ · conv 3×3 · ReLU (conv2, 64 maps) → "
        "pool ½ · conv 3×3 · ReLU (conv3, 128 maps) → pool ½ → flatten → dense 128 → ReLU → dense 16 → softmax")


def test_model_information_of_a_fine_tuned_model(qtbot, window, tmp_path):
    tuned = tmp_path / "tuned.keras"
    shutil.copy(SHIPPED_MODEL_PATH, tuned)
    metadata = {**json.loads(metadata_path(SHIPPED_MODEL_PATH).read_text()), **FINE_TUNED, "future_thing": [1, 2]}
    metadata_path(tuned).write_text(json.dumps(metadata))
    window.active_model.load_file(tuned)
    qtbot.waitUntil(lambda: window.model.path == tuned, timeout=60_000)
    rows, _ = model_information(window)
    values = dict(rows)
    assert values["How it was made"] == "fine-tuned on your drawings"
    assert values["Started from"].startswith("the model shipped with Runesight")
    assert values["Accuracy before and after"].splitlines() == [
        "On your held-back drawings: 81.2% before, 93.8% after (16 drawings)",
        "On generated drawings: 96.2% before, 96.2% after (320 drawings)"]
    assert values["Your drawings per rune"] == "fe 5, ur 4"
    assert values["Held back to compare the models"] == "1 of each of the 2 runes"
    assert values["Runes filled in with generated drawings"] == "none"
    assert values["Generated drawings in each batch"] == "20%"
    assert rows[-1] == ("Future thing", "1, 2")  # unknown keys last, named readably, never dropped


def test_metadata_a_person_edited_badly_still_shows():
    rows = metadata_rows({"validation_accuracy": "high", "created": 5, "nested_thing": {"a_b": 1.5}, "seed": None})
    assert [(row.label, row.value) for row in rows] == [
        ("Created", "5"), ("Accuracy on generated test drawings", "high"), ("Random seed", "—"),
        ("Nested thing", "A b: 1.5"),
    ]


def test_about_names_the_font_licence(qtbot, window):
    dialog = AboutDialog(window.icon, window)
    qtbot.addWidget(dialog)
    assert "Open Font License" in dialog.text.text() and "OFL.txt" in dialog.text.text()
