"""Lessons ▸ X or O: the lecture's toy convolutional network, by hand, with a picture the learner edits.

Features → filtered maps → ReLU → max pooling → votes → the answer, all shown for the 9x9 picture; a click
switches a pixel and everything follows. Beside it a tiny Keras network of the same shape learns from
generated pictures (off the window's thread, in seconds): its curves, the features it learned next to the
hand-made ones, and the lecture's backpropagation table for the X picture.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background_work import BackgroundTask
from desktop.widgets.lesson_window import LessonWindow
from desktop.widgets.number_grid import NumberGrid
from desktop.widgets.pixel_picture import PixelPicture
from desktop.widgets.training_curves import TrainingCurves
from model.lessons.x_or_o import (
    CLASSES,
    EXAMPLES,
    FEATURE_NAMES,
    FEATURES,
    hand_made_weights,
    read_picture,
    slide_digits,
)

SMALL_CELL = 36
TABLE_COLUMNS = ("Right answer", "Actual, untrained", "Error, untrained", "Actual, now", "Error, now")


def rounded(value: float) -> str:
    return f"{value:.2f}"


def bold(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    return label


class XOrOLesson(LessonWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lesson: X or O", (1100, 760), "xOrOLesson/geometry", parent)
        self.weights = hand_made_weights()
        self.picture = PixelPicture(EXAMPLES["X"])
        self.example_buttons = {name: QPushButton(name) for name in EXAMPLES}
        self.slide_digits = QCheckBox("Numbers as the slides print them (cut to two decimals, 7/9 → 0.77)")
        self.slide_digits.setChecked(True)
        self.maps = [NumberGrid(np.zeros((7, 7)), name=f"Map of {n}", scale=1.0, cell=SMALL_CELL)
                     for n in FEATURE_NAMES]
        self.pooled = [NumberGrid(np.zeros((4, 4)), name=f"Pooled map of {n}", scale=1.0, cell=SMALL_CELL)
                       for n in FEATURE_NAMES]
        self.votes = QLabel()
        self.votes.setAccessibleName("Votes and answer")
        self.voters = QLabel()
        self.voters.setWordWrap(True)
        self.train_button = QPushButton("Train a tiny network")
        self.training_state = QLabel("It learns its own three features from 1,200 generated X and O pictures.")
        self.training_state.setWordWrap(True)
        self.curves = TrainingCurves()
        self.learned = [NumberGrid(np.full((3, 3), np.nan), name=f"Learned feature {i + 1}", text=rounded,
                                   cell=SMALL_CELL) for i in range(3)]  # blank until the network has trained
        self.table = QTableWidget(len(CLASSES) + 1, len(TABLE_COLUMNS))
        self.table.setHorizontalHeaderLabels(TABLE_COLUMNS)
        self.table.setVerticalHeaderLabels([*CLASSES, "Total"])
        self.table.setAccessibleName("Backpropagation table for the X picture")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        for row, name in enumerate(CLASSES):  # the right answers are known before any training
            self.table.setItem(row, 0, QTableWidgetItem("1" if name == "X" else "0"))
        self._task: BackgroundTask | None = None
        self._build()
        self.picture.changed.connect(self.show_reading)
        self.slide_digits.toggled.connect(self._set_number_format)
        for name, button in self.example_buttons.items():
            button.clicked.connect(partial(self.show_example, name))
        self.train_button.clicked.connect(self.train)
        self._set_number_format(True)

    def _build(self) -> None:
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        examples = QGridLayout()
        for index, button in enumerate(self.example_buttons.values()):
            examples.addWidget(button, index // 2, index % 2)
        votes = QVBoxLayout()
        votes.addWidget(bold("Votes"))
        votes.addWidget(QLabel("Every pooled value votes for X and for O, with a weight: how strong that value is in "
                               "the ideal X (or O). A class's vote is the weighted average; the larger vote wins. "
                               "The answer comes from votes, and the votes from features.", wordWrap=True))
        votes.addWidget(self.votes)
        votes.addWidget(self.voters)
        votes.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(bold("Try another picture"))
        side.addLayout(examples)
        side.addLayout(votes, 1)
        picture = QVBoxLayout()
        picture.addWidget(bold("The picture (click a pixel)"))
        picture.addWidget(self.picture)
        top = QHBoxLayout()  # picture and votes above the stages: the lesson fits 683 px (1024 at 150 %) across
        top.addLayout(picture)
        top.addLayout(side, 1)

        stages = QGridLayout()
        for column, title in enumerate(("Feature", "Filtered (÷ 9)", "ReLU, then max pooling")):
            stages.addWidget(bold(title), 0, column)
        for row, (name, feature) in enumerate(zip(FEATURE_NAMES, FEATURES), start=1):
            hand = NumberGrid(feature, name=f"Feature: {name}", scale=1.0, cell=SMALL_CELL)
            stages.addWidget(hand, row, 0, top_left)
            stages.addWidget(self.maps[row - 1], row, 1, top_left)
            stages.addWidget(self.pooled[row - 1], row, 2, top_left)
        stages.setColumnStretch(3, 1)

        learned = QGridLayout()  # each learned feature beside the hand-made one it may come to resemble
        learned.addWidget(bold("Learned"), 0, 0)
        learned.addWidget(bold("Hand-made"), 0, 1)
        for row, (grid, (name, feature)) in enumerate(zip(self.learned, zip(FEATURE_NAMES, FEATURES)), start=1):
            learned.addWidget(grid, row, 0, top_left)
            learned.addWidget(NumberGrid(feature, name=f"Hand-made feature: {name}", scale=1.0, cell=SMALL_CELL),
                              row, 1, top_left)
        table_column = QVBoxLayout()
        table_column.addWidget(QLabel("Backpropagation for the X picture: the error is what learning makes smaller, "
                                      "by nudging every weight (the features' too) against it", wordWrap=True))
        table_column.addWidget(self.table)
        table_column.addStretch(1)
        below = QHBoxLayout()
        below.addLayout(learned)
        below.addLayout(table_column, 1)
        network = QVBoxLayout()
        network.addWidget(bold("A network that learns its features"))
        row = QHBoxLayout()
        row.addWidget(self.train_button)
        row.addWidget(self.training_state, 1)
        network.addLayout(row)
        network.addWidget(self.curves)
        network.addLayout(below)

        layout = QVBoxLayout(self.content)
        layout.addWidget(self.slide_digits)
        layout.addLayout(top)
        layout.addLayout(stages)
        layout.addLayout(network)

    def show_example(self, name: str) -> None:
        self.picture.set_picture(EXAMPLES[name])
        self.show_reading()

    def _set_number_format(self, as_slides: bool) -> None:
        text = slide_digits if as_slides else rounded
        for grid in (*self.maps, *self.pooled):
            grid.set_text_format(text)
        self.show_reading()

    def show_reading(self, _picture=None) -> None:
        reading = read_picture(self.picture.picture(), weights=self.weights)
        for grid, values in zip(self.maps, reading.maps):
            grid.set_values(values)
        for grid, values in zip(self.pooled, reading.pooled):
            grid.set_values(values)
        text = slide_digits if self.slide_digits.isChecked() else rounded
        self.votes.setText("  ·  ".join(f"{name}: {text(v)}" for name, v in reading.votes.items())
                           + f"<br><span style='font-size:18pt'>The answer: <b>{reading.answer}</b></span>")
        weights = self.weights[reading.answer]
        values = reading.pooled.ravel()
        strongest = np.argsort(-(values * weights), kind="stable")[:3]
        per_map = reading.pooled[0].size
        parts = [f"{FEATURE_NAMES[i // per_map]} at ({i % per_map // 4 + 1}, {i % 4 + 1}): {text(values[i])} × "
                 f"weight {text(weights[i])}" for i in strongest if values[i] > 0]
        self.voters.setText(f"Strongest votes for {reading.answer}: " + ("; ".join(parts) if parts else "none"))

    # --- the tiny network --------------------------------------------------------------------------
    def train(self) -> None:
        from model.lessons.tiny_network import EPOCHS, train_tiny_network

        if self._task is not None and self._task.running:
            self._task.cancel()
            return
        self.curves.reset(EPOCHS)
        self.train_button.setText("Stop")
        self.training_state.setText("Starting Keras (the first time takes a few seconds)…")

        # Each epoch's report goes to the window's thread as progress; reporting raises once Stop was pressed.
        self._task = BackgroundTask(lambda report: train_tiny_network(EXAMPLES["X"], "X", report), self)
        self._task.progress.connect(lambda news: self._show_epoch(*news))
        self._task.finished.connect(lambda _result: self._training_ended("Trained: compare its features with the "
                                                                     "hand-made ones."))
        self._task.cancelled.connect(lambda: self._training_ended("Stopped."))
        self._task.failed.connect(lambda why: self._training_ended(f"Training failed: {why}"))
        self._task.start()

    def _training_ended(self, text: str) -> None:
        self.train_button.setText("Train a tiny network")
        self.training_state.setText(text)

    def _show_epoch(self, report) -> None:
        """Epoch 0 (the untrained network) fills the table's "untrained" columns; every later epoch the curves,
        the learned features and the "now" columns."""
        if report.epoch > 0:
            self.curves.add_training(report.epoch, report.loss, report.accuracy)
            self.curves.add_validation(report.epoch, report.validation_loss, report.validation_accuracy)
            self.training_state.setText(f"Epoch {report.epoch}: {report.validation_accuracy:.0%} of new pictures "
                                        "right")
        for grid, feature in zip(self.learned, report.features):
            grid.set_values(feature)
        actual_column = 1 if report.epoch == 0 else 3
        for row, (_name, _right, actual, error) in enumerate(report.table):
            self.table.setItem(row, actual_column, QTableWidgetItem(f"{actual:.2f}"))
            self.table.setItem(row, actual_column + 1, QTableWidgetItem(f"{error:.2f}"))
        total = sum(error for *_rest, error in report.table)
        self.table.setItem(len(report.table), actual_column + 1, QTableWidgetItem(f"{total:.2f}"))

    def closeEvent(self, event) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
        super().closeEvent(event)
