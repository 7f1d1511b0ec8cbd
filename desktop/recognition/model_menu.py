"""The Model menu: retrain, the model versions (switch to any), delete, roll back, reset, load a file, information.

Versions live in the data folder (`model.model_versions`): the shipped model, then every accepted
retrain. The chosen version is written there and loaded at the next start instead of the shipped
model. Switching writes the choice, then loads the file through the recognition process; if the
file cannot be loaded, the previous model stays and so does the previous choice. "Load model
file…" tries a file for this session only, without changing the saved choice. "Delete a version"
lists only versions that are neither the saved choice nor the model in use, and asks before deleting.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop.common.actions import new_action
from desktop.common.notices import Notices
from desktop.common.plain_text import shown_as_text
from desktop.recognition.active_model import ActiveModel
from desktop.recognition.model_metadata import formatted_value
from model.model_versions import SHIPPED, ModelVersion, ModelVersions, VersionError

RESET_TIP = "Make the model shipped with Runesight the active one"


def version_tooltip(version: ModelVersion) -> str:
    """The file, and how the version read drawings before and after its training."""
    scores = version.metadata.get("scores")
    return str(version.path) + (f"\n{formatted_value('scores', scores)}" if isinstance(scores, dict) and scores
                                else "")


class ModelMenu(QObject):
    """The Model menu. It receives the active model, the versions and the actions of other parts it lists
    (Retrain, Load model file, Model information), and makes its own (roll back, reset, delete)."""

    def __init__(self, active: ActiveModel, versions: ModelVersions | None, notices: Notices, parent: QWidget, *,
                 retrain_action: QAction, load_action: QAction, info_action: QAction) -> None:
        super().__init__(parent)
        self.active = active
        self.versions = versions
        self.notices = notices
        self._parent = parent
        self._retrain_action, self._load_action, self._info_action = retrain_action, load_action, info_action
        self.menu = QMenu("&Model", parent)
        self.rollback_action = QAction("Roll &back to the previous model", parent)
        self.rollback_action.setToolTip("Use the model that was active before this one")
        self.rollback_action.triggered.connect(self.rollback)
        self.rollback_action.setEnabled(versions is not None)
        self.reset_action = new_action(parent, "Reset to &shipped model", self.reset_to_shipped, tip=RESET_TIP)
        # Made once and refilled in populate(), so submenus do not pile up. The Model menu's clear() deletes
        # its menuAction(), so populate() sets the entry's state each time, after the clear.
        self.delete_menu = QMenu("&Delete a version", parent)
        self.delete_menu.setToolTipsVisible(True)
        self.menu.aboutToShow.connect(self.populate)

    @property
    def actions(self) -> list[QAction]:
        """The menu's actions that have keys, as the shortcuts table lists them."""
        return [self._load_action, self.reset_action, self._info_action]

    # --- commands ---------------------------------------------------------------------------------
    def switch_to(self, version_id: str) -> None:
        if self.versions is None:
            return
        previous = self.active.saved_choice()
        if version_id == self.active.running == previous and not self.active.is_loading:
            # The checked entry, with no other load under way: reloading it would only cost seconds.
            self.notices.status(f"{self.active.running_title()} is in use already", 4000)
            return
        try:
            version = self.versions.activate(version_id)
        except VersionError as error:
            self.notices.banner(f"Cannot switch models: {error}.")
            return
        self.active.load_version(version, previous)

    def rollback(self) -> None:
        if self.versions is None:
            return
        previous = self.active.saved_choice()
        try:
            version = self.versions.rollback()
        except VersionError as error:
            self.notices.status(f"Cannot roll back: {error}", 6000)
            return
        self.active.load_version(version, previous)

    def reset_to_shipped(self) -> None:
        if self.versions is None:
            self.active.load_shipped()
            return
        previous = self.active.saved_choice()
        self.active.load_version(self.versions.reset_to_shipped(), previous)

    def deletable(self) -> list[ModelVersion]:
        """Versions that may be deleted: not the shipped model, the saved choice, or the model in use."""
        if self.versions is None:
            return []
        keep = {self.active.saved_choice(), self.active.running}  # a failed load goes back to the one in use
        return [version for version in self.versions.versions() if not version.is_shipped and version.id not in keep]

    def delete(self, version_id: str) -> None:
        """Ask, then delete a version's file; the model in use and the saved choice stay as they are."""
        versions, version = self.versions, next((v for v in self.deletable() if v.id == version_id), None)
        if versions is None or version is None:  # in use or gone since the menu was filled
            self.notices.status(f"{version_id} cannot be deleted now", 6000)
            return
        answer = QMessageBox.question(
            self._parent, "Delete model version",
            shown_as_text(f"Delete {version.title}?\n\nIts file {version.path} will be deleted. This cannot be "
                          "undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            versions.remove(version.id)
        except (OSError, VersionError) as error:
            self.notices.banner(f"Cannot delete {version.title}: {error}. Nothing was changed.")
            return
        self.notices.status(f"Deleted {version.title}", 6000)

    # --- the menu ---------------------------------------------------------------------------------
    def populate(self) -> None:
        """Rebuilt each time it opens, so it lists the versions as they are now."""
        menu = self.menu
        menu.clear()
        menu.addAction(self._retrain_action)
        menu.addSeparator()
        menu.addSection("Versions")
        group = QActionGroup(menu)
        for version in self.versions.versions() if self.versions is not None else []:
            action = QAction(version.title, menu)
            action.setCheckable(True)
            action.setChecked(version.id == self.active.running)
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
        menu.addActions([self.rollback_action, self.reset_action, self._load_action])
        menu.addSeparator()
        menu.addAction(self._info_action)

    def _explain_rollback_and_reset(self) -> None:
        """Greyed out, saying why, where they would change nothing (and reload the model for seconds)."""
        previous = self.versions.previous() if self.versions is not None else None
        self.rollback_action.setEnabled(previous is not None)
        self.rollback_action.setToolTip(
            f"Use {self.active.name_for_people(previous.path)}, the model active before this one" if previous
            else "Nothing to roll back to: no other model was active before this one")
        reset = self.reset_action
        # Both, not only the one running: after a broken version fell back at start-up, Reset is what
        # makes the shipped model the choice again.
        shipped_in_use = self.active.running == SHIPPED and self.active.saved_choice() == SHIPPED
        reset.setEnabled(not shipped_in_use)
        reset.setToolTip("The shipped model is in use already" if shipped_in_use
                         else RESET_TIP)

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
