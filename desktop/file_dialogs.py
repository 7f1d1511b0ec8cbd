"""File dialogs for saving and opening, shared by the window and the dataset browser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def ask_save_path(parent: QWidget, title: str, start: Path, name_filter: str, suffix: str) -> Path | None:
    """Where to save, or None. The dialog adds `suffix` to a name typed without it before it asks
    "replace?": added afterwards, "rune" would silently overwrite an existing rune.json."""
    dialog = QFileDialog(parent, title, str(start), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_open_path(parent: QWidget, title: str, start: Path, name_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), name_filter)
    return Path(chosen) if chosen else None
