"""File dialogs: saving (the window's files and the dataset browser's export) and opening the window's files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.common.settings import open_settings


def ask_save_path(parent: QWidget, title: str, start: Path, name_filter: str, suffix: str) -> Path | None:
    """Where to save, with `suffix`, or None. The file is not replaced unasked: Qt's dialog adds the
    suffix (and asks) for a name typed without a dot; for one like "rune.v2" the suffix is added here,
    and so is the question. Added by the caller afterwards, "rune" would have overwritten rune.json."""
    chosen = ask_save_path_and_kind(parent, title, start, [name_filter], suffix)
    return chosen[0] if chosen is not None else None


def ask_save_path_and_kind(parent: QWidget, title: str, start: Path, name_filters: list[str],
                           suffix: str) -> tuple[Path, str] | None:
    """As `ask_save_path`, offering several kinds of file (`name_filters`, the first chosen at first):
    the path and the kind the person chose, or None."""
    dialog = QFileDialog(parent, title, str(start))
    dialog.setNameFilters(name_filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(suffix)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    chosen, kind = Path(dialog.selectedFiles()[0]), dialog.selectedNameFilter()
    if chosen.suffix.lower() == f".{suffix.lower()}":
        return chosen, kind
    chosen = chosen.with_name(f"{chosen.name}.{suffix}")
    if chosen.exists():
        box = QMessageBox(QMessageBox.Icon.Warning, title, f"{chosen.name} already exists.\nDo you want to replace it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file's name, as it is
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return None
    return chosen, kind


def ask_open_path(parent: QWidget, title: str, start: Path, name_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), name_filter)
    return Path(chosen) if chosen else None


class LastFolder:
    """The folder file dialogs open in: where the person last opened or saved a file (kept in the settings,
    except where `remember` is False: the self-test leaves the person's settings alone)."""

    def __init__(self, remember: bool = True) -> None:
        self._remember = remember

    def get(self) -> str:
        return str(open_settings().value("paths/last_folder", str(Path.home())))

    def remember(self, path: Path) -> None:
        """`path` was just opened or saved: its folder is where the next dialog opens."""
        if self._remember:
            open_settings().setValue("paths/last_folder", str(Path(path).parent))
