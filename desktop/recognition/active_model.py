"""The model in use, with one owner: which file and which version it is, the loads under way, and what
happens when a load fails.

Every load goes through here (start-up, the Model menu, an accepted retrain, Load model file…), and
the answers from the recognition process come back here first. A failed load of a saved choice puts
the previous choice back; where no model works yet (a broken version at start-up), the shipped model
is loaded instead. `failed` says which of the three outcomes it was, so the window words it once.
"""

from __future__ import annotations

from collections import deque
from contextlib import suppress
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.recognition.jobs import ModelInfo
from desktop.recognition.live import LiveRecognition
from model.model_versions import SHIPPED, ModelVersion, ModelVersions, VersionError
from model.resource_files import SHIPPED_MODEL_PATH
from model.user_folders import data_dir, folder_problem


class AfterFailure(Enum):
    """What is in use after a load failed."""

    PREVIOUS = "the model in use before stays"
    SHIPPED = "nothing worked yet: the shipped model is loading instead"
    NONE = "no model is loaded"


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


class ActiveModel(QObject):
    loading = Signal(object)  # Path | None (None: the shipped model)
    ready = Signal(object)  # ModelInfo
    failed = Signal(str, object)  # why (naming the file), AfterFailure
    lost = Signal(str)  # the recognition process keeps stopping: see LiveRecognition.model_lost

    def __init__(self, live: LiveRecognition, versions: ModelVersions | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.versions = versions
        self.info: ModelInfo | None = None  # the model in use; None until one has loaded (or after it was lost)
        self.running: str | None = None  # its version id; None for a file of this session, or none yet
        self._loads: deque[tuple[Path | None, str | None]] = deque()  # (path, choice to restore if it fails)
        self._restore_on_failure: str | None = None
        live.model_loading.connect(self._on_loading)
        live.model_ready.connect(self._on_ready)
        live.model_failed.connect(self._on_failed)
        live.model_lost.connect(self._on_lost)

    @property
    def is_loading(self) -> bool:
        return self.live.is_loading

    # --- loading ----------------------------------------------------------------------------------
    def startup_path(self) -> Path | None:
        """The saved choice's file (None: the shipped model), for the first load."""
        if self.versions is None:
            return None
        active = self.versions.active()
        return None if active.is_shipped else active.path

    def load_file(self, path: Path) -> None:
        """A model file for this session only; the saved choice stays."""
        self.live.load_model(Path(path))

    def load_shipped(self) -> None:
        self.live.load_model(None)

    def load_version(self, version: ModelVersion, restore: str | None) -> None:
        """Load a version that was just made the saved choice; if it fails, `restore` becomes the choice again."""
        self._restore_on_failure = restore if restore != version.id else None
        self.live.load_model(None if version.is_shipped else version.path)
        self._restore_on_failure = None

    def reload_lost(self) -> None:
        """Load the model the recognition process lost into a fresh one (the person's "Try again")."""
        self.live.reload_lost_model()

    # --- names ------------------------------------------------------------------------------------
    def saved_choice(self) -> str | None:
        return self.versions.active().id if self.versions is not None else None

    def version_of(self, path: Path) -> ModelVersion | None:
        if self.versions is None:  # no versions folder (nowhere to write): the shipped model is still itself
            return ModelVersion(SHIPPED, SHIPPED_MODEL_PATH) if _same_file(path, SHIPPED_MODEL_PATH) else None
        for version in self.versions.versions():
            if _same_file(version.path, path):
                return version
        return None

    def name_for_people(self, path: Path) -> str:
        """'the shipped model', 'version 2', or the file's name: a model as messages name it."""
        version = self.version_of(path)
        if version is None:
            return path.name
        return f"the {version.short_name}" if version.is_shipped else version.short_name

    def running_title(self) -> str:
        """The model in use, for people: "Version 2 (fine-tune, …)", "Shipped model" or a file name."""
        if self.running is not None and self.versions is not None:
            try:
                return self.versions.get(self.running).title
            except VersionError:
                pass
        return self.info.path.name if self.info is not None else "no model loaded yet"

    def label(self) -> str:
        """The status bar's name for the model in use."""
        if self.info is None:
            return "No model yet"
        version = self.version_of(self.info.path)
        if version is None:
            return f"Model: {self.info.path.name} (this session only)"
        return f"Model: {version.short_name}"

    def fallback_hint(self) -> str:
        """Where the saved choice failed and another model runs instead: how to stop trying it at every start."""
        saved = self.saved_choice()
        if saved is None or saved == self.running:
            return ""
        return (" The saved choice is tried again at the next start: Model ▸ Reset to shipped model keeps the shipped "
                "one (after that, Model ▸ Delete a version can remove the one that failed).")

    # --- answers from the recognition process -----------------------------------------------------
    def _on_loading(self, path: Path | None) -> None:
        self._loads.append((path, self._restore_on_failure))
        self.loading.emit(path)

    def _on_ready(self, info: ModelInfo) -> None:
        if self._loads:
            self._loads.popleft()
        self.info = info
        version = self.version_of(info.path)
        self.running = version.id if version is not None else None
        self.ready.emit(info)

    def _on_failed(self, message: str) -> None:
        path, restore = self._loads.popleft() if self._loads else (None, None)
        if restore is not None and self.versions is not None:
            with suppress(VersionError):
                self.versions.activate(restore)  # the choice goes back to the model still in use
        if self.info is not None:
            self.failed.emit(message, AfterFailure.PREVIOUS)
        elif path is not None:  # nothing works yet (at start-up, say): the shipped model is better than none
            self.failed.emit(message, AfterFailure.SHIPPED)
            self.load_shipped()
        else:
            self.failed.emit(message, AfterFailure.NONE)

    def _on_lost(self, message: str) -> None:
        self.info = None
        self.lost.emit(message)
