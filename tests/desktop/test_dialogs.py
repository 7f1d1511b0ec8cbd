"""Rune chart, model information and about: what a person reads there."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.widgets.about_dialog import AboutDialog
from desktop.widgets.model_info_dialog import ModelInfoDialog, metadata_rows


def test_rune_chart_lists_every_rune_with_name_and_sound(qtbot, window):
    window.commands.chart_action.trigger()
    chart = window.commands.rune_chart
    assert chart.isVisible()
    assert list(chart.buttons) == list(window.alphabet.names)
    for rune in window.alphabet.runes:
        assert rune.name in chart.buttons[rune.name].text() and rune.sound in chart.buttons[rune.name].text()


def test_clicking_a_rune_in_the_chart_shows_its_forms(qtbot, window):
    window.commands.show_rune_chart()
    chart = window.commands.rune_chart
    hagall = window.alphabet.rune("hagall")
    with qtbot.waitSignal(chart.rune_selected) as selected:
        qtbot.mouseClick(chart.buttons["hagall"], Qt.MouseButton.LeftButton)
    assert selected.args == ["hagall"]
    assert [view.form for view in chart.form_views()] == list(hagall.forms)
    assert hagall.glyph in chart.title.text() and hagall.sound in chart.about.text()


def test_model_information_shows_the_file_layers_and_metadata(qtbot, window):
    dialog = ModelInfoDialog(window.model, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(window.model.metadata)
    keys = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert keys == list(window.model.metadata)


def test_metadata_rows_show_nested_values_as_json():
    assert metadata_rows({"runes": ["fe", "ur"], "seed": 7, "note": "x"}) == [
        ("runes", '["fe", "ur"]'), ("seed", "7"), ("note", "x")
    ]


def test_about_names_the_font_licence(qtbot, window):
    dialog = AboutDialog(window.icon, window)
    qtbot.addWidget(dialog)
    assert "Open Font License" in dialog.text.text() and "OFL.txt" in dialog.text.text()
