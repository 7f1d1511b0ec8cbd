"""The retrain dialog's first page: what to train, how, on which device, and the plan before starting.

Plain data in: the active model's name, default values, the devices as labels, the person's counts
per rune and the plan's lines. The page never trains anything; Start emits `start_requested`.
Its `button_row` (a note, Start, Close) goes under it, outside the dialog's scroll area.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.common.plain_text import as_markup, shown_as_text
from desktop.widgets.height_for_width import WrappedLabel
from desktop.widgets.rune_counts import RuneCounts
from model.alphabet import Alphabet

NOTE_COLOURS = {"": "#5b574e", "ok": "#1d5e3a", "warn": "#9a5b00", "error": "#7a1f16"}


class RetrainSetupPage(QWidget):
    start_requested = Signal()
    close_requested = Signal()
    mode_changed = Signal(str)  # "fine-tune" or "scratch"
    defaults_requested = Signal()
    plan_retry_requested = Signal()  # "Try again" after the plan could not be made

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fine_tune = QRadioButton("Fine-tune the active model")
        self.fine_tune.setToolTip("Start from the model in use and teach it your hand (fast; keeps what it knows)")
        self.scratch = QRadioButton("Train a new network from scratch")
        self.scratch.setToolTip("Random weights, your drawings plus many generated ones (slower)")
        self.fine_tune.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.fine_tune)
        modes.addButton(self.scratch)
        self.fine_tune.toggled.connect(lambda on: self.mode_changed.emit("fine-tune" if on else "scratch"))
        self.model_name = WrappedLabel()
        what = QVBoxLayout()
        what.addWidget(self.fine_tune)
        what.addWidget(self.model_name)
        what.addWidget(self.scratch)
        what.addStretch(1)
        what_box = QGroupBox("What to train")
        what_box.setLayout(what)

        self.generated = QSpinBox()
        self.generated.setRange(0, 95)
        self.generated.setSuffix(" %")
        self.generated.setToolTip("Of every training batch, the share that are generated drawings: they keep "
                                  "the network knowing runes in general while it learns your hand")
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 200)
        self.epochs.setToolTip("How many times the network sees (fresh variations of) all your drawings")
        self.epochs.setAccessibleName("Epochs")  # its form row holds a layout, so the label names no buddy
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setDecimals(5)
        self.learning_rate.setRange(0.00001, 0.05)
        self.learning_rate.setSingleStep(0.0001)
        self.learning_rate.setToolTip("How big a step each batch takes; smaller is gentler on what the model knows. "
                                      "When the model already reads 90% of your drawings, fine-tuning takes "
                                      "0.3x this step.")
        defaults = QPushButton("Defaults")
        defaults.setToolTip("Put back the recommended values for this kind of training")
        defaults.clicked.connect(self.defaults_requested)
        self.device = QComboBox()
        self.device.setToolTip("Where the training runs")
        self.device_note = WrappedLabel()
        form = QFormLayout()
        form.addRow("Generated drawings mixed in:", self.generated)
        epochs_row = QHBoxLayout()
        epochs_row.addWidget(self.epochs)
        epochs_row.addStretch(1)
        epochs_row.addWidget(defaults)
        form.addRow("Epochs:", epochs_row)
        form.addRow("Learning rate:", self.learning_rate)
        form.addRow("Device:", self.device)
        form.addRow("", self.device_note)
        how_box = QGroupBox("How")
        how_box.setLayout(form)

        self.counts = RuneCounts(alphabet)
        self.plan = WrappedLabel()
        self.plan.linkActivated.connect(lambda _link: self.plan_retry_requested.emit())
        self.plan.setTextFormat(Qt.TextFormat.RichText)
        plan = QVBoxLayout()
        plan.addWidget(self.counts)
        plan.addSpacing(8)
        plan.addWidget(self.plan)
        plan.addStretch(1)
        plan_box = QGroupBox("Your drawings and the plan")
        plan_box.setLayout(plan)

        self.note = WrappedLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # a failure's message, as it is
        self.start_button = QPushButton("Start training")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        close = QPushButton("Close")
        close.clicked.connect(self.close_requested)
        self.button_row = QWidget()
        buttons = QHBoxLayout(self.button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)

        top = QHBoxLayout()
        top.addWidget(what_box, 1)
        top.addWidget(how_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the dialog's margins are round it
        layout.addLayout(top)
        layout.addWidget(plan_box, 1)

    # --- values -----------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return "fine-tune" if self.fine_tune.isChecked() else "scratch"

    def set_values(self, epochs: int, learning_rate: float, generated_share: float) -> None:
        self.epochs.setValue(epochs)
        self.learning_rate.setValue(learning_rate)
        self.generated.setValue(round(generated_share * 100))

    def values(self) -> dict:
        """The choices, named like `RetrainConfig`'s fields."""
        return {"mode": self.mode, "epochs": self.epochs.value(), "learning_rate": self.learning_rate.value(),
                "generated_share": self.generated.value() / 100}

    def set_model_name(self, text: str) -> None:
        indent = "&nbsp;" * 5
        self.model_name.setText(f"<span style='color:#5b574e'>{indent}now: {as_markup(text)}</span>")

    def set_devices(self, labels: list[str], note: str) -> None:
        """Devices, the best first (a GPU where there is one); `note` says plainly what was found."""
        # The person's choice stays where it is still offered; otherwise the best device.
        chosen = self.device.currentText() if self.device.count() > 1 else None
        self.device.clear()
        self.device.addItems(labels)
        self.device.setCurrentIndex(labels.index(chosen) if chosen in labels else 0)
        self.device.setEnabled(len(labels) > 1)
        self.device_note.setText(f"<span style='color:#5b574e'>{note}</span>")

    def set_reading(self) -> None:
        """The plan is being made again: Start waits for it (a run learns from the drawings the plan shows)."""
        self.start_button.setEnabled(False)
        self.start_button.setToolTip("Reading your drawings…")
        if not self.plan.text():
            self.plan.setText("<i>Reading your drawings…</i>")

    def show_plan_problem(self, text: str) -> None:
        """The plan could not be made: say why, and offer to try again (Start stays greyed out)."""
        self.start_button.setToolTip(text)
        self.plan.setText(f"<span style='color:#7a1f16'>{escape(text)}</span> <a href='retry'>Try again</a>")
        # A Tab stop while it holds the link (Enter follows it), and none once the plan replaces it.
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)

    def set_plan(self, counts: dict[str, int], wanted: int, html: str) -> None:
        self.counts.set_counts(counts, wanted, short_of=wanted, show_target=False)
        self.plan.setText(html)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.start_button.setEnabled(True)
        self.start_button.setToolTip("")

    def show_note(self, text: str, kind: str = "", *, details: str = "") -> None:
        """A line beside Start; `details` (a failure's traceback, say) in its tooltip."""
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {NOTE_COLOURS[kind]};")
        self.note.setToolTip(shown_as_text(details) if details else "")

    def chosen_device(self) -> str:
        """The label of the device chosen (by label: the list changes when the search for GPUs ends)."""
        return self.device.currentText()
