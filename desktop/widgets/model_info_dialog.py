"""Model information: which file is active, its layers, and everything its metadata JSON records
(in words a person reads: `desktop.recognition.model_metadata`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.plain_text import plain_label, shown_as_text
from desktop.common.settings import RememberedGeometry
from desktop.recognition.jobs import ModelInfo
from desktop.recognition.model_metadata import is_shipped_model, metadata_rows


def network_steps(info: ModelInfo) -> str:
    """The whole network in one line: input, each convolution layer with the steps before it, what follows."""
    parts = ["input"]
    for name, count, steps in zip(info.layer_names, info.filter_counts, info.layer_steps):
        parts.append(f"{' · '.join(steps)} ({name}, {count} maps)")
    parts += info.steps_after
    return " → ".join(parts) if info.layer_steps else "not known for this model"


class ModelInfoDialog(QDialog):
    def __init__(self, info: ModelInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Model information")
        self.resize(680, 560)
        RememberedGeometry(self, "modelInfoDialog/geometry")
        shipped = is_shipped_model(info.path)
        form = QFormLayout()
        path = plain_label(str(info.path) + ("  (the model shipped with Runesight)" if shipped else ""))
        path.setWordWrap(True)
        form.addRow("File:", path)
        form.addRow("Runes:", plain_label(f"{len(info.rune_names)}: {' '.join(info.rune_names)}"))
        layers = ", ".join(f"{name} ({count} filters)" for name, count in zip(info.layer_names, info.filter_counts))
        form.addRow("Convolution layers:", plain_label(layers))  # layer names come from the file
        self.steps = QLabel(network_steps(info))
        self.steps.setWordWrap(True)
        self.steps.setToolTip("Dropout, which switches off a share of the dense layer during training only, is not "
                              "a step when the network reads a drawing")
        form.addRow("From input to bars:", self.steps)
        form.addRow("Loaded in:", QLabel(f"{info.load_seconds:.1f} s"))

        rows = metadata_rows(info.metadata)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Recorded", "Value"])
        self.table.verticalHeader().hide()
        # Rows grow to their wrapped text (scores and per-rune counts take several lines), also on resize.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (key, label, text) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setToolTip(shown_as_text(f"{key} in the metadata file"))
            self.table.setItem(row, 0, name)
            item = QTableWidgetItem(text)
            item.setToolTip(shown_as_text(text))
            self.table.setItem(row, 1, item)

        note = QLabel("Recorded when the model was trained, from the JSON file beside it."
                      if rows else "This model has no metadata file beside it.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
