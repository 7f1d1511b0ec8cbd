"""The retrain dialog's second page: what the run is doing, a progress bar with time left, live curves, Cancel.

`show_progress` takes a progress report (`model.fine_tuning.TrainingProgress`: plain data with the
phase, fraction, seconds left, epoch, batch, losses and accuracies). Its `button_row` (Cancel) goes
under it, outside the dialog's scroll area.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.widgets.height_for_width import WrappedLabel
from desktop.widgets.training_curves import TrainingCurves

PHASES = {
    "preparing": "Preparing: making generated drawings…",
    "training": "Training",
    "evaluating": "Comparing the old and the new model…",
    "finished": "Finished",
    "cancelled": "Cancelled",
}
PROGRESS_STEPS = 1000


def time_left_text(seconds: float | None) -> str:
    if seconds is None:
        return "estimating the time left…"
    if seconds < 10:
        return "a few seconds left"
    if seconds < 90:
        return f"about {round(seconds / 5) * 5:.0f} s left"
    return f"about {round(seconds / 60):.0f} min left"


class RetrainProgressPage(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = WrappedLabel()
        font = self.phase.font()
        font.setPixelSize(16)
        font.setBold(True)
        self.phase.setFont(font)
        self.device = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, PROGRESS_STEPS)
        self.time_left = QLabel()
        self.numbers = WrappedLabel()  # it wraps: the training and validation figures take 470 px on one line
        self.numbers.setToolTip(
            "Loss: how wrong the network's probabilities are (lower is better); it is what training lowers.\n"
            "Accuracy: the share of drawings whose most probable rune is the right one.\n"
            "Training: the batches it learns from. Validation: drawings it does not learn from (your "
            "held-back ones, or generated ones if none could be held back), measured after each epoch.")
        self.curves = TrainingCurves()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop training now; the active model stays as it is")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setAutoDefault(False)  # Enter must not throw a run or its result away

        head = QHBoxLayout()
        head.addWidget(self.phase, 1)
        head.addWidget(self.device)
        times = QHBoxLayout()
        times.addWidget(self.numbers, 1)
        times.addWidget(self.time_left)
        self.button_row = QWidget()
        buttons = QHBoxLayout(self.button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the dialog's margins are round it
        layout.addLayout(head)
        layout.addWidget(self.bar)
        layout.addLayout(times)
        layout.addWidget(self.curves, 1)
        self.last = None

    def start(self, epochs: int, device: str) -> None:
        self.phase.setText("Starting the training process…")
        self.device.setText(device)
        self.bar.setValue(0)
        self.time_left.setText("")
        self.numbers.setText("")
        self.curves.reset(epochs)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        self.last = None

    def set_device(self, text: str) -> None:
        self.device.setText(text)

    def set_stopping(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Stopping…")
        self.phase.setText("Stopping…")

    def show_progress(self, progress) -> None:
        self.last = progress
        if self.cancel_button.isEnabled():
            text = PHASES.get(progress.phase, progress.phase)
            if progress.phase == "training" and progress.epochs:
                text = f"Training: epoch {progress.epoch} of {progress.epochs}"
            self.phase.setText(text)
        self.bar.setValue(round(PROGRESS_STEPS * max(0.0, min(1.0, progress.fraction))))
        if progress.phase in ("preparing", "training", "evaluating"):
            self.time_left.setText(f"{progress.seconds:.0f} s so far · {time_left_text(progress.seconds_left)}")
        if progress.phase != "training":
            return
        if progress.batches:
            x = progress.epoch - 1 + progress.batch / progress.batches
            self.curves.add_training(x, progress.loss, progress.accuracy)
        if progress.epoch_end:
            self.curves.add_validation(progress.epoch, progress.val_loss, progress.val_accuracy)
        parts = []
        if progress.accuracy is not None and progress.loss is not None:
            parts.append(f"training: loss {progress.loss:.3f}, accuracy {progress.accuracy:.1%}")
        if self.curves.validation:
            _, loss, accuracy = self.curves.validation[-1]
            if accuracy is not None and loss is not None:
                parts.append(f"validation: loss {loss:.3f}, accuracy {accuracy:.1%}")
        self.numbers.setText(" · ".join(parts))
