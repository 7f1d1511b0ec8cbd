"""Model information: which file is active, its layers, and everything its metadata JSON records."""

from __future__ import annotations

import json

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

from desktop.recognition_jobs import ModelInfo
from model.resource_files import SHIPPED_MODEL_PATH


def metadata_rows(metadata: dict) -> list[tuple[str, str]]:
    """Metadata as (key, text) rows; nested values are shown as compact JSON."""
    rows = []
    for key, value in metadata.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append((str(key), text))
    return rows


class ModelInfoDialog(QDialog):
    def __init__(self, info: ModelInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Model information")
        self.resize(620, 480)
        shipped = info.path.resolve() == SHIPPED_MODEL_PATH.resolve() if info.path.exists() else False
        form = QFormLayout()
        path = QLabel(str(info.path) + ("  (the model shipped with Runesight)" if shipped else ""))
        path.setWordWrap(True)
        form.addRow("File:", path)
        form.addRow("Runes:", QLabel(f"{len(info.rune_names)}: {' '.join(info.rune_names)}"))
        layers = ", ".join(f"{name} ({count} filters)" for name, count in zip(info.layer_names, info.filter_counts))
        form.addRow("Convolution layers:", QLabel(layers))
        form.addRow("Loaded in:", QLabel(f"{info.load_seconds:.1f} s"))

        rows = metadata_rows(info.metadata)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Metadata", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (key, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(key))
            item = QTableWidgetItem(text)
            item.setToolTip(text)
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
