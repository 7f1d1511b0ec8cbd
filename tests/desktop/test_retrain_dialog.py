"""The retrain dialog, end to end: a real (tiny) training process, its progress and curves, Accept, Cancel."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from desktop_helpers import draw_rune, fill_store
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QScrollArea

from desktop.retrain.controller import RunState
from desktop.widgets import training_curves
from model.compute_devices import ComputeDevice, cpu_device
from model.fine_tuning import RetrainConfig

TINY = dict(images_per_rune=2, batch_size=16, generated_pool=64, evaluation_per_rune=1)
TRAINING_TIMEOUT_MS = 120_000
PRESENTER = QSize(683, 482)  # a 1024x768 projector at 150 %: a 683x512 screen, less the dialog's title bar


@pytest.fixture
def retrain(window):
    """The window's retrain controller, shrunk to train in seconds, with the CPU as the only device."""
    controller = window.retrain
    controller.list_devices = lambda: [cpu_device()]
    return controller


def open_dialog(qtbot, window):
    window.retrain.action.trigger()
    dialog = window.retrain.dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: window.retrain.devices is not None)
    qtbot.waitUntil(dialog.setup.start_button.isEnabled)  # the plan is made on a worker thread
    return dialog


def test_a_tiny_retrain_completes_is_accepted_and_becomes_active(qtbot, window, retrain):
    fill_store(window, 3)  # 3 a rune: one held back each, and fewer than the 5 the plan wants
    retrain.base_config = RetrainConfig(**TINY)
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    assert "No GPU was found" in setup.device_note.text() and not setup.device.isEnabled()
    assert "These runes need more drawings" in setup.plan.text() and "generated drawings fill in" in setup.plan.text()
    assert "learns from <b>32</b>" in setup.plan.text() and "<b>16</b> are held back" in setup.plan.text()
    assert setup.epochs.value() == RetrainConfig().epochs  # the defaults come from RetrainConfig
    setup.epochs.setValue(1)
    old = window.model
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    assert dialog.page == "progress"
    pid = retrain.job.pid
    qtbot.waitUntil(lambda: dialog.page == "result", timeout=TRAINING_TIMEOUT_MS)
    if Path("/proc/self").exists():
        qtbot.waitUntil(lambda: reaped(pid), timeout=10_000)  # the finished process is not left a zombie
    assert dialog.progress.bar.value() == dialog.progress.bar.maximum()
    assert dialog.result.curves.validation, "a validation point at the end of the epoch"
    result = dialog.result
    assert result.cell_text(1, 0).startswith("your held-back drawings (16)")
    assert result.cell_text(2, 0).startswith("generated drawings (16)")
    assert result.matrix.matrix.shape == (16, 16) and result.matrix.matrix.sum() == 16
    # The shipped model reads these generated drawings already: it learns at a gentler rate, and says so.
    assert "so it learned gently (learning rate 0.0003 instead of 0.001)" in result.summary.text()
    assert "Trained for 1 epoch in" in result.summary.text()
    assert "Before: Shipped model" in result.summary.text()  # the model it started from, by name
    assert "Only 16 held-back drawings: each one moves the score by 6 points" in result.verdict.text()
    assert "Loss:" in dialog.progress.numbers.toolTip() and "Validation:" in dialog.progress.numbers.toolTip()
    assert window.versions.versions()[-1].is_shipped, "nothing is a version before Accept"

    qtbot.mouseClick(result.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model is not old, timeout=60_000)
    active = window.versions.active()
    assert active.id == "v0001" and active.metadata["epochs_run"] == 1
    assert window.model.path == active.path and window.active_model.running == "v0001"
    assert window.model_label.text() == "Model: version 1"
    assert not list(window.versions.candidates_dir.iterdir()) and not dialog.isVisible()
    draw_rune(qtbot, window, "isa")  # the new model reads drawings
    assert window.last_recognition is not None


def reaped(pid: int) -> bool:
    """The process is gone, not a zombie waiting for its parent to read its exit status (Linux's /proc)."""
    return not Path(f"/proc/{pid}").exists()


def answer_questions(monkeypatch, answer):
    """QMessageBox.question answers `answer`; returns the questions asked."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *args: asked.append(title) or answer)
    return asked


def test_reject_discards_the_new_model(qtbot, window, retrain, monkeypatch):
    fill_store(window, 1, runes=window.alphabet.names[:3])
    retrain.base_config = RetrainConfig(epochs=1, **TINY)
    dialog = open_dialog(qtbot, window)
    old = window.model
    qtbot.mouseClick(dialog.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page == "result", timeout=TRAINING_TIMEOUT_MS)
    assert "could be held back" in dialog.result.verdict.text()  # one drawing a rune: none held back
    assert dialog.result.cell_text(1, 0).startswith("generated drawings")
    assert len(list(window.versions.candidates_dir.iterdir())) == 2  # the candidate and its metadata
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # one key must not throw the new model away unasked
    assert asked == ["Discard the new model?"] and dialog.isVisible() and dialog.page == "result"
    assert len(list(window.versions.candidates_dir.iterdir())) == 2
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel)
    window.close()  # the main window, with a new model waiting: asks, and nothing is lost
    assert asked == ["Discard the new model?"] and window.isVisible() and retrain.state is RunState.RESULT
    assert len(list(window.versions.candidates_dir.iterdir())) == 2
    qtbot.mouseClick(dialog.result.reject_button, Qt.MouseButton.LeftButton)
    assert dialog.page == "setup" and "discarded" in dialog.setup.note.text()
    assert not list(window.versions.candidates_dir.iterdir())
    assert window.model is old and [v.id for v in window.versions.versions()] == ["shipped"]


def test_cancel_stops_within_about_a_second_and_leaves_the_old_model(qtbot, window, retrain, monkeypatch):
    fill_store(window, 2, runes=window.alphabet.names[:4])
    retrain.base_config = RetrainConfig(epochs=50, images_per_rune=8, batch_size=16, generated_pool=64,
                                        evaluation_per_rune=1)
    dialog = open_dialog(qtbot, window)
    old = window.model
    qtbot.mouseClick(dialog.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.last is not None and dialog.progress.last.phase == "training",
                    timeout=TRAINING_TIMEOUT_MS)
    qtbot.waitUntil(lambda: len(dialog.progress.curves.training) >= 2, timeout=TRAINING_TIMEOUT_MS)
    pid = retrain.job.pid
    assert "Training: epoch 1 of 50" in dialog.progress.phase.text()
    assert "left" in dialog.progress.time_left.text()
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog.close()  # the window's close button: asks, and the run goes on
    assert asked == ["Stop training?"] and dialog.isVisible() and retrain.state is RunState.RUNNING
    started = time.monotonic()
    qtbot.mouseClick(dialog.progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page == "setup", timeout=10_000)
    assert time.monotonic() - started < 2.5 and retrain.cancel_seconds < 2.5
    assert "cancelled" in dialog.setup.note.text() and "unchanged" in dialog.setup.note.text()
    assert window.model is old and window.versions.active().is_shipped
    assert [v.id for v in window.versions.versions()] == ["shipped"]
    assert not list(window.versions.candidates_dir.iterdir())
    if Path("/proc/self").exists():
        qtbot.waitUntil(lambda: reaped(pid), timeout=10_000)  # the cancelled process is not left a zombie


def test_closing_during_a_run_asks_and_yes_stops_it_while_enter_does_nothing(qtbot, window, retrain, monkeypatch):
    fill_store(window, 2, runes=window.alphabet.names[:4])
    retrain.base_config = RetrainConfig(epochs=50, images_per_rune=8, batch_size=16, generated_pool=64,
                                        evaluation_per_rune=1)
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.progress.curves.training) >= 1, timeout=TRAINING_TIMEOUT_MS)
    dialog.progress.cancel_button.setFocus()
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # Cancel has the focus, but is no default button
    assert retrain.state is RunState.RUNNING and dialog.page == "progress"
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Stop training?"] and not dialog.isVisible()
    qtbot.waitUntil(lambda: retrain.state is RunState.IDLE, timeout=10_000)
    assert window.versions.active().is_shipped and not list(window.versions.candidates_dir.iterdir())


def test_the_dialog_offers_every_device_with_the_gpu_first(qtbot, window, retrain):
    retrain.list_devices = lambda: [ComputeDevice("jax", "GPU", "NVIDIA H100 80GB HBM3"), cpu_device()]
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    assert setup.device.isEnabled() and setup.device.count() == 2
    assert setup.device.currentText().startswith("NVIDIA H100") and "GPU found" in setup.device_note.text()
    assert retrain.chosen_device().backend == "jax"
    setup.device.setCurrentIndex(1)
    assert retrain.chosen_device().kind == "CPU"


def test_a_run_started_while_the_device_search_runs_uses_the_cpu_and_the_list_is_right_after(qtbot, window,
                                                                                               retrain, monkeypatch):
    fill_store(window, 1, runes=window.alphabet.names[:3])
    retrain.base_config = RetrainConfig(epochs=1, **TINY)
    found = threading.Event()
    gpu = ComputeDevice("jax", "GPU", "NVIDIA H100 80GB HBM3")
    retrain.list_devices = lambda: found.wait(30) and [gpu, cpu_device()]
    window.retrain.action.trigger()
    dialog = window.retrain.dialog
    setup = dialog.setup
    assert "Looking for a GPU" in setup.device_note.text() and setup.device.count() == 1
    assert retrain.chosen_device().kind == "CPU", "what the combo shows is what would run"
    qtbot.waitUntil(setup.start_button.isEnabled)  # the plan, made meanwhile on another thread
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    assert retrain.state is RunState.RUNNING and retrain.device_label.startswith("CPU")
    assert retrain.job.request.cpu_only, "the CPU chosen: the child hides any GPU from its framework"
    found.set()  # the search ends during the run
    qtbot.waitUntil(lambda: retrain.devices is not None)
    qtbot.waitUntil(lambda: dialog.page == "result", timeout=TRAINING_TIMEOUT_MS)
    qtbot.mouseClick(dialog.result.reject_button, Qt.MouseButton.LeftButton)
    assert setup.device.count() == 2 and "GPU found" in setup.device_note.text()
    assert retrain.chosen_device().label == setup.device.currentText(), "the device shown is the device used"
    setup.device.setCurrentIndex(1)
    retrain._on_devices([gpu, cpu_device()])  # the list given again: the person's choice stays
    assert retrain.chosen_device().kind == "CPU"


def test_the_plan_says_when_there_are_no_drawings_and_modes_have_their_defaults(qtbot, window, retrain):
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    assert "You have no drawings yet" in setup.plan.text()
    assert not dialog.isModal() and dialog.windowModality() == Qt.WindowModality.NonModal
    draw_rune(qtbot, window, "isa")  # the window stays usable with the dialog open
    qtbot.mouseClick(window.predictions.bars, Qt.MouseButton.LeftButton,
                     pos=window.predictions.bars.row_rect("isa").center().toPoint())  # saves one drawing
    assert not setup.start_button.isEnabled(), "the plan shown is out of date: Start waits for the next"
    qtbot.waitUntil(lambda: "You have no drawings yet" not in setup.plan.text())  # the plan follows the store
    assert "1 of your drawings" in setup.plan.text() and setup.start_button.isEnabled()
    assert [label for _, label in retrain.planned_drawings.labelled_ids] == ["isa"]  # what a run would learn from
    setup.scratch.click()
    scratch = RetrainConfig.for_mode("scratch")
    assert setup.epochs.value() == scratch.epochs and setup.generated.value() == round(scratch.generated_share * 100)
    assert setup.values()["mode"] == "scratch"
    setup.fine_tune.click()
    assert setup.learning_rate.value() == pytest.approx(RetrainConfig().learning_rate)


def test_the_plan_is_made_off_the_window_thread_and_start_waits_for_it(qtbot, window, retrain, monkeypatch):
    from model import retrain_plan

    fill_store(window, 1, runes=window.alphabet.names[:2])
    release = threading.Event()
    real = retrain_plan.plan_stored

    def slow_plan(*args, **kwargs):  # a database busy in another program
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(retrain_plan, "plan_stored", slow_plan)
    window.retrain.action.trigger()
    setup = window.retrain.dialog.setup
    assert "Reading your drawings" in setup.plan.text() and not setup.start_button.isEnabled()
    draw_rune(qtbot, window, "isa")  # the window goes on working meanwhile
    assert window.canvas.strokes and not release.is_set()
    release.set()
    qtbot.waitUntil(setup.start_button.isEnabled)
    assert "2 of your drawings" in setup.plan.text()


def test_a_plan_read_before_a_drawing_was_saved_is_never_shown_and_a_failed_one_can_be_tried_again(
        qtbot, window, retrain, monkeypatch):
    from model import retrain_plan

    fill_store(window, 1, runes=window.alphabet.names[:2])
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    release, real = threading.Event(), retrain_plan.plan_stored
    monkeypatch.setattr(retrain_plan, "plan_stored", lambda *args: release.wait(10) and real(*args))
    shown = []
    real_set_plan = setup.set_plan
    monkeypatch.setattr(setup, "set_plan", lambda counts, *rest: shown.append(sum(counts.values())) or
                        real_set_plan(counts, *rest))
    fill_store(window, 1, seed=1, runes=["isa"])  # collect mode saving, say
    qtbot.waitUntil(lambda: retrain._plans.running is not None)  # reading 3 drawings, slowly
    fill_store(window, 1, seed=2, runes=["tyr"])  # a fourth while it reads
    release.set()
    qtbot.waitUntil(setup.start_button.isEnabled)
    assert shown == [4] and len(retrain.planned_drawings.labelled_ids) == 4
    assert "4 of your drawings" in setup.plan.text()

    def unreadable(*args):
        raise OSError("database is locked")

    monkeypatch.setattr(retrain_plan, "plan_stored", unreadable)
    retrain.refresh_plan()
    qtbot.waitUntil(lambda: "could not be read" in setup.plan.text())
    assert "database is locked" in setup.start_button.toolTip() and not setup.start_button.isEnabled()
    monkeypatch.setattr(retrain_plan, "plan_stored", real)
    setup.plan.linkActivated.emit("retry")  # the "Try again" link
    qtbot.waitUntil(setup.start_button.isEnabled)
    assert "4 of your drawings" in setup.plan.text()


def cut_labels(dialog) -> list[str]:
    """Labels in sight given less room than their text takes (word-wrapped ones: less height)."""
    cut = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap() and label.height() < label.heightForWidth(label.width()) or (
                not label.wordWrap() and label.width() < label.minimumSizeHint().width()):
            cut.append(label.text()[:40])
    return cut


def assert_it_fits_a_presenters_screen(qtbot, dialog, buttons) -> None:
    """At 683x482 the page scrolls, only up and down; its buttons are whole in sight and no text is cut off."""
    dialog.resize(PRESENTER)

    def fits() -> None:
        assert dialog.size() == PRESENTER, f"it cannot get smaller than {dialog.size().toTuple()}"
        assert not cut_labels(dialog), f"cut off: {cut_labels(dialog)}"

    qtbot.waitUntil(fits)  # the labels' heights follow their widths
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 560 and hint.height() <= 400, hint
    scroll = next(area for area in dialog.findChildren(QScrollArea) if area.isVisible())
    assert scroll.horizontalScrollBar().maximum() == 0, "no scrolling sideways"
    for button in buttons:
        assert button.visibleRegion().boundingRect() == button.rect(), f"{button.text()} is cut off"


def test_on_a_presenters_screen_setup_and_training_scroll_with_their_buttons_in_sight(qtbot, window, retrain):
    fill_store(window, 3, runes=window.alphabet.names[:15])  # yr missing: the plan's longest text
    retrain.base_config = RetrainConfig(epochs=50, images_per_rune=8, batch_size=16, generated_pool=64,
                                        evaluation_per_rune=1)
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    close = next(button for button in dialog.findChildren(QPushButton) if button.text() == "Close")
    assert_it_fits_a_presenters_screen(qtbot, dialog, [setup.start_button, close])
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    progress = dialog.progress
    qtbot.waitUntil(lambda: "validation" in progress.numbers.text(), timeout=TRAINING_TIMEOUT_MS)
    assert_it_fits_a_presenters_screen(qtbot, dialog, [progress.cancel_button])
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page == "setup", timeout=10_000)


def test_on_a_presenters_screen_the_result_scrolls_and_accept_stays_in_sight(qtbot, window, retrain, monkeypatch):
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)  # should it fail on the result page: no one asked
    fill_store(window, 3)
    retrain.base_config = RetrainConfig(epochs=1, **TINY)
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page == "result", timeout=TRAINING_TIMEOUT_MS)
    result = dialog.result
    assert_it_fits_a_presenters_screen(qtbot, dialog, [result.reject_button, result.accept_button])
    qtbot.mouseClick(result.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.versions.active().id == "v0001", timeout=60_000)


def legend_pixels(image, left: int, right: int, top: int, bottom: int) -> int:
    """Pixels in the rectangle in a legend colour: its sample lines (the curves stay below the top 22 px)."""
    colours = [QColor(colour).getRgb()[:3] for colour in (training_curves.TRAINING, training_curves.VALIDATION)]

    def in_a_legend_colour(x: int, y: int) -> bool:
        pixel = image.pixelColor(x, y).getRgb()[:3]
        return any(max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 12 for colour in colours)

    return sum(in_a_legend_colour(x, y) for x in range(max(0, left), min(image.width(), right))
               for y in range(top, bottom))


def test_the_curves_legend_never_runs_into_the_chart_titles(qtbot, window, retrain, monkeypatch):
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)  # should it fail on the result page: no one asked
    fill_store(window, 2, runes=window.alphabet.names[:4])
    retrain.base_config = RetrainConfig(epochs=1, **TINY)
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page == "result", timeout=TRAINING_TIMEOUT_MS)
    curves = dialog.result.curves  # beside the confusion matrix: half the dialog wide
    font = curves.font()
    font.setPixelSize(11)
    font.setBold(True)
    for size in (QSize(980, 700), PRESENTER):  # the dialog's first size, and a projector's at 150 %
        dialog.resize(size)
        QApplication.processEvents()
        image = curves.grab().toImage()
        half = curves.width() // 2
        assert half - training_curves.LEFT - training_curves.RIGHT < 240, "too narrow for titles and legends"
        for left, title in ((0, "Loss"), (half, "Accuracy")):
            title_left = left + training_curves.LEFT
            title_right = title_left + QFontMetrics(font).horizontalAdvance(title)
            assert legend_pixels(image, title_left - 4, title_right + 4, 4, 20) == 0, f"legend over {title}"
            assert legend_pixels(image, left, left + half, 4, 36) > 0, f"{title}'s legend: beside it or under it"


def test_the_device_note_names_the_cpu_once(qtbot, window, retrain):
    note = open_dialog(qtbot, window).setup.device_note.text()
    assert f"so training runs on the {cpu_device().name}." in note, note  # "the CPU (2 cores)"


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_screen_readers_name_the_epochs_box_and_the_confusion_matrix_choice(qtbot, window, retrain):
    dialog = open_dialog(qtbot, window)
    assert accessible_name(dialog.setup.epochs) == "Epochs"  # not its group box's title, "How"
    assert accessible_name(dialog.setup.learning_rate) == "Learning rate:"  # a form row's label names it
    assert "new model on" in accessible_name(dialog.result.matrix_choice).lower()  # the label beside it


def test_the_plans_try_again_link_is_reached_with_tab_and_followed_with_enter(qtbot, window, retrain, monkeypatch):
    from model import retrain_plan

    fill_store(window, 1, runes=window.alphabet.names[:2])
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    real = retrain_plan.plan_stored

    def unreadable(*args):
        raise OSError("database is locked")

    monkeypatch.setattr(retrain_plan, "plan_stored", unreadable)
    retrain.refresh_plan()
    qtbot.waitUntil(lambda: "Try again" in setup.plan.text())
    monkeypatch.setattr(retrain_plan, "plan_stored", real)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    setup.learning_rate.setFocus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the device combo is greyed out: the plan is next
    assert QApplication.focusWidget() is setup.plan
    QTest.keyClick(setup.plan, Qt.Key.Key_Tab)  # Qt's way: Tab reaches the label, then each link in it
    assert QApplication.focusWidget() is setup.plan
    QTest.keyClick(setup.plan, Qt.Key.Key_Return)
    qtbot.waitUntil(setup.start_button.isEnabled)
    assert "2 of your drawings" in setup.plan.text()
    assert not setup.plan.focusPolicy() & Qt.FocusPolicy.TabFocus, "no Tab stop once the plan has no link"


def test_the_plan_says_the_generated_share_the_person_chose(qtbot, window, retrain):
    fill_store(window, 3)
    dialog = open_dialog(qtbot, window)
    setup = dialog.setup
    assert "Generated drawings make up 20% of each batch" in setup.plan.text()
    setup.generated.setFocus()
    setup.generated.selectAll()
    QTest.keyClicks(setup.generated, "50")  # typed, as a person changes it
    qtbot.waitUntil(lambda: "Generated drawings make up 50% of each batch" in setup.plan.text())
    qtbot.mouseClick(setup.scratch, Qt.MouseButton.LeftButton)  # training anew: its own default share
    qtbot.waitUntil(lambda: f"make up {setup.generated.value()}% of each batch" in setup.plan.text())
    assert setup.generated.value() == 75
