"""The Model menu: retrain, the model versions (switch to any), delete, roll back, reset, load a file, information.

Versions live in the data folder (`model.model_versions`): the shipped model, then every accepted
retrain. The chosen version is written there and loaded at the next start instead of the shipped
model. Switching writes the choice, then loads the file through the recognition process; if the
file cannot be loaded, the previous model stays and so does the previous choice. "Load model
file…" tries a file for this session only, without changing the saved choice. "Delete a version"
lists only versions that are neither the saved choice nor the model in use, and asks before deleting.
"""

from __future__ import annotations

from collections import deque
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop.common.plain_text import shown_as_text
from desktop.recognition.jobs import ModelInfo
from desktop.recognition.model_metadata import formatted_value
from model.model_versions import SHIPPED, ModelVersion, ModelVersions, VersionError
from model.resource_files import SHIPPED_MODEL_PATH
from model.user_folders import data_dir, folder_problem

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def open_model_versions() -> tuple[ModelVersions | None, str | None]:
    """The versions folder in the data folder, or (None, why not)."""
    try:
        return ModelVersions(), None
    except OSError as error:
        why = folder_problem(data_dir() / "models") or error.strerror or str(error)
        return None, f"Retrained models cannot be kept: {why}. The shipped model is used."


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def version_tooltip(version: ModelVersion) -> str:
    """The file, and how the version read drawings before and after its training."""
    scores = version.metadata.get("scores")
    return str(version.path) + (f"\n{formatted_value('scores', scores)}" if isinstance(scores, dict) and scores
                                else "")


class ModelMenu(QObject):
    def __init__(self, window: MainWindow, versions: ModelVersions | None, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.versions = versions
        self.menu = menu
        self.running: str | None = None  # the version id of the model in use; None for a file or none yet
        self._loads: deque[tuple[Path | None, str | None]] = deque()  # (path, choice to restore if it fails)
        self._restore_on_failure: str | None = None
        self.rollback_action = QAction("Roll &back to the previous model", window)
        self.rollback_action.setToolTip("Use the model that was active before this one")
        self.rollback_action.triggered.connect(self.rollback)
        self.rollback_action.setEnabled(versions is not None)
        # Made once and refilled in populate(), so submenus do not pile up. The Model menu's clear() deletes
        # its menuAction(), so populate() sets the entry's state each time, after the clear.
        self.delete_menu = QMenu("&Delete a version", window)
        self.delete_menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.populate)
        live = window.live
        live.model_loading.connect(self._on_loading)
        live.model_ready.connect(self._on_ready)
        live.model_failed.connect(self._on_failed)

    # --- start-up ---------------------------------------------------------------------------------
    def startup_path(self) -> Path | None:
        """The saved choice's file (None: the shipped model), for the first load."""
        if self.versions is None:
            return None
        active = self.versions.active()
        if self.versions.problem:
            banner = self.window.banner  # after what opening the data folder said, not instead of it
            earlier = banner.text if not banner.isHidden() else ""
            banner.show_message("\n".join(filter(None, [earlier, self.versions.problem])),
                                banner.kind if earlier else "info")
        return None if active.is_shipped else active.path

    # --- commands ---------------------------------------------------------------------------------
    def switch_to(self, version_id: str) -> None:
        if self.versions is None:
            return
        previous = self._saved_choice()
        if version_id == self.running == previous and not self.window.live.is_loading:
            # The checked entry, with no other load under way: reloading it would only cost seconds.
            self.window.statusBar().showMessage(f"{self.running_title()} is in use already", 4000)
            return
        try:
            version = self.versions.activate(version_id)
        except VersionError as error:
            self.window.banner.show_message(f"Cannot switch models: {error}.")
            return
        self.load_version(version, previous)

    def rollback(self) -> None:
        if self.versions is None:
            return
        previous = self._saved_choice()
        try:
            version = self.versions.rollback()
        except VersionError as error:
            self.window.statusBar().showMessage(f"Cannot roll back: {error}", 6000)
            return
        self.load_version(version, previous)

    def reset_to_shipped(self) -> None:
        if self.versions is None:
            self.window.live.load_model(None)
            return
        previous = self._saved_choice()
        self.load_version(self.versions.reset_to_shipped(), previous)

    def deletable(self) -> list[ModelVersion]:
        """Versions that may be deleted: not the shipped model, the saved choice, or the model in use."""
        if self.versions is None:
            return []
        keep = {self._saved_choice(), self.running}  # a load that fails goes back to the one in use: it must stay
        return [version for version in self.versions.versions() if not version.is_shipped and version.id not in keep]

    def delete(self, version_id: str) -> None:
        """Ask, then delete a version's file; the model in use and the saved choice stay as they are."""
        versions, version = self.versions, next((v for v in self.deletable() if v.id == version_id), None)
        if versions is None or version is None:  # in use or gone since the menu was filled
            self.window.statusBar().showMessage(f"{version_id} cannot be deleted now", 6000)
            return
        answer = QMessageBox.question(
            self.window, "Delete model version",
            shown_as_text(f"Delete {version.title}?\n\nIts file {version.path} will be deleted. This cannot be "
                          "undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            versions.remove(version.id)
        except (OSError, VersionError) as error:
            self.window.banner.show_message(f"Cannot delete {version.title}: {error}. Nothing was changed.")
            return
        self.window.statusBar().showMessage(f"Deleted {version.title}", 6000)

    def load_file(self, path: Path) -> None:
        """A model file for this session only; the saved choice stays."""
        self.window.live.load_model(Path(path))

    def _saved_choice(self) -> str | None:
        return self.versions.active().id if self.versions is not None else None

    def load_version(self, version: ModelVersion, restore: str | None) -> None:
        """Load a version that was just made the saved choice; if it fails, `restore` becomes the choice again."""
        self._restore_on_failure = restore if restore != version.id else None
        self.window.live.load_model(None if version.is_shipped else version.path)
        self._restore_on_failure = None

    def running_title(self) -> str:
        """The model in use, for people: "Version 2 (fine-tune, …)", "Shipped model" or a file name."""
        if self.running is not None and self.versions is not None:
            try:
                return self.versions.get(self.running).title
            except VersionError:
                pass
        return self.window.model.path.name if self.window.model is not None else "no model loaded yet"

    # --- answers from the recognition process -----------------------------------------------------
    def _on_loading(self, path: Path | None) -> None:
        self._loads.append((path, self._restore_on_failure))

    def _version_of(self, path: Path) -> ModelVersion | None:
        if self.versions is None:  # no versions folder (nowhere to write): the shipped model is still itself
            return ModelVersion(SHIPPED, SHIPPED_MODEL_PATH) if _same_file(path, SHIPPED_MODEL_PATH) else None
        for version in self.versions.versions():
            if _same_file(version.path, path):
                return version
        return None

    def name_for_people(self, path: Path) -> str:
        """'the shipped model', 'version 2', or the file's name: a model as messages name it."""
        version = self._version_of(path)
        if version is None:
            return path.name
        return f"the {version.short_name}" if version.is_shipped else version.short_name

    def _on_ready(self, info: ModelInfo) -> None:
        if self._loads:
            self._loads.popleft()
        version = self._version_of(info.path)
        self.running = version.id if version is not None else None
        self.window.model_label.setText(f"Model: {version.short_name}" if version is not None
                                        else f"Model: {info.path.name} (this session only)")

    def fallback_hint(self) -> str:
        """Where the saved choice failed and another model runs instead: how to stop trying it at every start."""
        saved = self._saved_choice()
        if saved is None or saved == self.running:
            return ""
        return (" The saved choice is tried again at the next start: Model ▸ Reset to shipped model keeps the shipped "
                "one (after that, Model ▸ Delete a version can remove the one that failed).")

    def _on_failed(self, message: str) -> None:
        path, restore = self._loads.popleft() if self._loads else (None, None)
        if restore is not None and self.versions is not None:
            with suppress(VersionError):
                self.versions.activate(restore)  # the choice goes back to the model still in use
        if self.window.model is None and path is not None:
            # Nothing works yet (at start-up, say): the shipped model is better than none.
            self.window.banner.show_message(f"{message}\nUsing the shipped model instead.")
            self.window.live.load_model(None)

    # --- the menu ---------------------------------------------------------------------------------
    def populate(self) -> None:
        """Rebuilt each time it opens, so it lists the versions as they are now."""
        menu, commands = self.menu, self.window.commands
        menu.clear()
        menu.addAction(self.window.retrain.action)
        menu.addSeparator()
        menu.addSection("Versions")
        group = QActionGroup(menu)
        for version in self.versions.versions() if self.versions is not None else []:
            action = QAction(version.title, menu)
            action.setCheckable(True)
            action.setChecked(version.id == self.running)
            action.setData(version.id)
            action.setToolTip(version_tooltip(version))
            action.setStatusTip(str(version.path))
            action.triggered.connect(lambda _checked=False, version_id=version.id: self.switch_to(version_id))
            group.addAction(action)
            menu.addAction(action)
        menu.setToolTipsVisible(True)
        self._populate_delete_menu()
        menu.addMenu(self.delete_menu)
        menu.addSeparator()
        self._explain_rollback_and_reset()
        menu.addActions([self.rollback_action, commands.reset_model_action, commands.load_model_action])
        menu.addSeparator()
        menu.addAction(commands.model_info_action)

    def _explain_rollback_and_reset(self) -> None:
        """Greyed out, saying why, where they would change nothing (and reload the model for seconds)."""
        previous = self.versions.previous() if self.versions is not None else None
        self.rollback_action.setEnabled(previous is not None)
        self.rollback_action.setToolTip(
            f"Use {self.name_for_people(previous.path)}, the model active before this one" if previous
            else "Nothing to roll back to: no other model was active before this one")
        reset = self.window.commands.reset_model_action
        # Both, not only the one running: after a broken version fell back at start-up, Reset is what
        # makes the shipped model the choice again.
        shipped_in_use = self.running == SHIPPED and self._saved_choice() == SHIPPED
        reset.setEnabled(not shipped_in_use)
        reset.setToolTip("The shipped model is in use already" if shipped_in_use
                         else "Make the model shipped with Runesight the active one")

    def _populate_delete_menu(self) -> None:
        self.delete_menu.clear()
        deletable = self.deletable()
        for version in deletable:
            action = QAction(version.title, self.delete_menu)
            action.setData(version.id)
            action.setToolTip(version_tooltip(version))
            action.setStatusTip(f"Delete {version.path}")
            action.triggered.connect(lambda _checked=False, version_id=version.id: self.delete(version_id))
            self.delete_menu.addAction(action)
        entry = self.delete_menu.menuAction()
        entry.setEnabled(bool(deletable))
        # Says why it is greyed out: only versions not in use can go.
        why = ("Delete a model version that is not in use" if deletable
               else "Nothing to delete: the shipped model and the version in use cannot be deleted")
        entry.setToolTip(why)
        entry.setStatusTip(why)

    def version_actions(self) -> list[QAction]:
        """The versions as listed in the menu (after it was opened)."""
        return [action for action in self.menu.actions() if action.data()]
