"""File dialogs: saving (the window's files and the dataset browser's export) and opening the window's files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget


def ask_save_path(parent: QWidget, title: str, start: Path, name_filter: str, suffix: str) -> Path | None:
    """Where to save, with `suffix`, or None. The file is not replaced unasked: Qt's dialog adds the
    suffix (and asks) for a name typed without a dot; for one like "rune.v2" the suffix is added here,
    and so is the question. Added by the caller afterwards, "rune" would have overwritten rune.json."""
    dialog = QFileDialog(parent, title, str(start), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    if chosen.suffix.lower() == f".{suffix.lower()}":
        return chosen
    chosen = chosen.with_name(f"{chosen.name}.{suffix}")
    if chosen.exists() and QMessageBox.warning(
            parent, title, f"{chosen.name} already exists.\nDo you want to replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
        return None
    return chosen


def ask_open_path(parent: QWidget, title: str, start: Path, name_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), name_filter)
    return Path(chosen) if chosen else None
