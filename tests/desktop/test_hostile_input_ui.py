"""Hostile input as the window shows it: file names as plain text, plain reasons for malformed models, import
conflicts named, and the export dialog's two kinds of file (issues 21 and 14)."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
from desktop_helpers import answer_save_dialog, fill_store
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog

from desktop.widgets.dataset_browser import REPORT_COLOURS
from model.drawing import Drawing, RasterDrawing, Stroke
from model.resource_files import SHIPPED_MODEL_PATH

LOAD_TIMEOUT_MS = 60_000
MARKUP_NAME = "<b>Shipped model<br>x.keras"


def test_a_model_file_named_like_markup_is_shown_by_its_name_not_as_markup(qtbot, window, tmp_path):
    copy = tmp_path / MARKUP_NAME
    shutil.copy(SHIPPED_MODEL_PATH, copy)
    window.active_model.load_file(copy)
    assert window.loading_label.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP_NAME in window.loading_label.text()
    qtbot.waitUntil(lambda: window.model is not None and window.model.path == copy and not window.live.is_loading,
                    timeout=LOAD_TIMEOUT_MS)
    label = window.model_label
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == f"Model: {MARKUP_NAME} (this session only)"
    assert "&lt;b&gt;Shipped model&lt;br&gt;x.keras" in label.toolTip()  # shown as written, not as bold text


def test_a_model_whose_metadata_is_malformed_gets_a_plain_reason_not_a_type_error(qtbot, window, tmp_path):
    copy = tmp_path / "odd.keras"
    shutil.copy(SHIPPED_MODEL_PATH, copy)
    (tmp_path / "odd.json").write_text(json.dumps({"alphabet": ["younger_futhark"]}))
    window.active_model.load_file(copy)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.live.is_loading, timeout=LOAD_TIMEOUT_MS)
    text = window.banner.text
    assert "'alphabet' must be the name of an alphabet" in text
    assert "TypeError" not in text and "unhashable" not in text


def test_a_failing_model_named_like_markup_is_named_as_written_in_the_banner(qtbot, window, tmp_path):
    broken = tmp_path / "<i>broken<br>.keras"
    broken.write_text("not a model")
    window.active_model.load_file(broken)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.live.is_loading, timeout=LOAD_TIMEOUT_MS)
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText and "<i>broken<br>.keras" in window.banner.text


@pytest.fixture
def browser(qtbot, window):
    fill_store(window, 1, runes=["fe", "ur"])
    return window.dataset.show_browser()


def test_the_export_dialog_offers_both_kinds_by_name_and_writes_quickdraws_simplified_format(qtbot, window, browser,
                                                                                             tmp_path):
    window.drawings.add(RasterDrawing(np.eye(24) * 255, "isa"), "imported")
    window.last_folder.remember(tmp_path / "any")
    offered: list[str] = []
    answer_save_dialog("qd", kind="Quick, Draw! simplified", offered=offered)
    qtbot.mouseClick(browser.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None and "Exported" in browser.report_text, timeout=20_000)
    assert [name.split(" (")[0] for name in offered] == ["Runesight drawings, lossless",
                                                         "Quick, Draw! simplified: strokes only, 0-255"]
    lines = [json.loads(line) for line in (tmp_path / "qd.ndjson").read_text().splitlines()]
    assert len(lines) == 2 and set(lines[0]) == {"key_id", "word", "countrycode", "timestamp", "recognized", "drawing"}
    assert all(isinstance(v, int) and 0 <= v <= 255 for line in lines for s in line["drawing"] for a in s for v in a)
    assert "Exported 2 drawings" in browser.report_text and "simplified format" in browser.report_text
    assert "1 picture without strokes left out" in browser.report_text

    answer_save_dialog("own", kind="Runesight drawings, lossless")
    qtbot.mouseClick(browser.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None and "own.ndjson" in browser.report_text, timeout=20_000)
    own = [json.loads(line) for line in (tmp_path / "own.ndjson").read_text().splitlines()]
    assert len(own) == 3 and all("source" in line and "created" in line for line in own)


def test_the_progress_dialog_names_the_file_as_plain_text(qtbot, window, browser, tmp_path):
    task = window.dataset.export_to(tmp_path / "<b>bold<br>.ndjson")
    labels = [label for dialog in window.findChildren(QProgressDialog) for label in dialog.findChildren(QLabel)]
    assert any("<b>bold<br>.ndjson" in label.text() and label.textFormat() == Qt.TextFormat.PlainText
               for label in labels)
    task.wait(10)
    qtbot.waitUntil(lambda: window.dataset.task is None, timeout=20_000)


def test_an_import_names_the_drawings_already_there_under_another_rune(qtbot, window, browser, tmp_path, monkeypatch):
    strokes = [[[0, 5, 9, 20], [40, 0, 40, 60]]]
    window.drawings.add(Drawing((Stroke.from_xy([[0, 40], [5, 0], [9, 40], [20, 60]]),), None, "ur"), "collected")
    (tmp_path / "mine.ndjson").write_text(json.dumps({"word": "tyr", "drawing": strokes}) + "\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(tmp_path / "mine.ndjson")], ""))
    qtbot.mouseClick(browser.import_files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dataset.task is None and "Imported" in browser.report_text, timeout=20_000)
    report = browser.report_text
    assert "1 drawing was already there under another rune and was not added" in report
    assert REPORT_COLOURS["warn"] in browser.report.styleSheet()  # a warning, not all well
    assert "labelled tyr here, but the same drawing is already there as ur" in report


def test_open_drawing_stops_looking_after_a_thousand_bad_lines_and_says_so(qtbot, window, tmp_path):
    good = json.dumps({"word": "isa", "drawing": [[[5, 5], [0, 20]]]})
    (tmp_path / "bad.ndjson").write_text("not json\n" * 5000 + good + "\n")
    assert not window.commands.open_drawing(tmp_path / "bad.ndjson")
    assert "none in its first 1,000 lines (line 1: not valid JSON" in window.banner.text
    assert window.canvas.is_empty


def test_a_pipe_chosen_as_a_drawing_is_refused_at_once(qtbot, window, tmp_path):
    os.mkfifo(tmp_path / "x.ndjson")
    assert not window.commands.open_drawing(tmp_path / "x.ndjson")
    assert "is not a regular file" in window.banner.text
