"""Retrained models, versioned in the data folder, and which one the app uses.

`data_dir()/models/` holds `v0001.keras` + `v0001.json` (metadata: what it was trained on, scores)
and so on, and `active.json`, which names the active version and the ones active before it (for
rollback). The shipped model is the version "shipped"; it is active when nothing else is. A training
run writes its result into `models/candidates/`; Accept moves it in as a new version, Reject
discards it, so a run that is cancelled or crashes never touches the versions.

At start, `tidy()` clears what a crash or a power cut left: temporary files, a candidate whose run
stopped before anyone accepted it, and a version file that is empty or damaged (set aside, never
deleted, and no longer listed).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from model.atomic_files import atomic_write, remove_leftovers, replace_durably, written_by_a_stopped_program
from model.model_files import (
    ModelLoadError,
    metadata_path,
    read_metadata,
    save_model,
    write_metadata,
)
from model.resource_files import SHIPPED_MODEL_PATH
from model.user_folders import data_dir

SHIPPED = "shipped"
STATE_FILE = "active.json"
VERSION_NAME = re.compile(r"v(\d{4,})")
HISTORY_LENGTH = 50


class VersionError(RuntimeError):
    """An unknown version, or one that cannot be removed; the message says why."""


@dataclass(frozen=True)
class ModelVersion:
    id: str  # "shipped" or "v0001", "v0002", ...
    path: Path
    metadata: dict = field(default_factory=dict, compare=False)

    @property
    def is_shipped(self) -> bool:
        return self.id == SHIPPED

    @property
    def short_name(self) -> str:
        """How labels and messages name it: "shipped model" or "version 2"."""
        return "shipped model" if self.is_shipped else f"version {int(self.id[1:])}"

    @property
    def title(self) -> str:
        """A line for a menu: which version, when, and what it learned from."""
        if self.is_shipped:
            return "Shipped model"
        created = _local_minute(str(self.metadata.get("created", "")))
        trained = self.metadata.get("personal_drawings")
        mode = self.metadata.get("mode", "fine-tune")
        what = f"{mode}, {trained} of your drawings" if trained is not None else mode
        return f"Version {int(self.id[1:])} ({what}){', ' + created if created else ''}"


CANDIDATE_NAME = re.compile(r".+?(?:\.(?P<pid>\d+))?\.keras")  # "run-<time>.<process id>.keras"


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _readable_archive(path: Path) -> bool:
    """Whether a version file ends as a zip archive does (an empty or cut-short one does not); cheap, for every
    version at every start. One that cannot be opened at all, say for its permissions, is not taken for
    damaged: loading it says what is wrong."""
    try:
        with open(path, "rb"):
            pass
    except OSError:
        return True
    return zipfile.is_zipfile(path)


def _local_minute(iso_time: str) -> str:
    """A recorded time (UTC) as the person's clock shows it, to the minute; the text as it is if unreadable."""
    try:
        return datetime.fromisoformat(iso_time).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso_time[:16].replace("T", " ")


class ModelVersions:
    """The versions folder. One instance per process; state is re-read from disk on each call."""

    def __init__(self, folder: Path | None = None, shipped_path: Path | None = None):
        self.folder = Path(folder) if folder is not None else data_dir() / "models"
        self.shipped_path = Path(shipped_path) if shipped_path is not None else SHIPPED_MODEL_PATH
        self.folder.mkdir(parents=True, exist_ok=True)
        self.problem: str | None = None  # why the saved choice could not be used, for the app to show

    @property
    def candidates_dir(self) -> Path:
        folder = self.folder / "candidates"
        folder.mkdir(exist_ok=True)
        return folder

    # -- the list ------------------------------------------------------------------------------

    def _path(self, version_id: str) -> Path:
        return self.shipped_path if version_id == SHIPPED else self.folder / f"{version_id}.keras"

    def get(self, version_id: str) -> ModelVersion:
        path = self._path(version_id)
        if version_id != SHIPPED and (not VERSION_NAME.fullmatch(version_id) or not path.is_file()):
            raise VersionError(f"there is no model version {version_id!r}")
        try:
            metadata = read_metadata(path)
        except ModelLoadError:
            metadata = {}  # the model may still load; the metadata only describes it
        return ModelVersion(version_id, path, metadata)

    def versions(self) -> list[ModelVersion]:
        """The shipped model, then every retrained version, oldest first."""
        ids = sorted(p.stem for p in self.folder.glob("v*.keras") if VERSION_NAME.fullmatch(p.stem))
        return [self.get(SHIPPED)] + [self.get(version_id) for version_id in ids]

    # -- the choice ----------------------------------------------------------------------------

    def _state(self) -> dict:
        path = self.folder / STATE_FILE
        if not path.is_file():
            return {"active": SHIPPED, "history": []}
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(state, dict) or not isinstance(state.get("active"), str):
                raise ValueError("not an object with 'active'")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            why = "it is empty, probably cut short by a crash or a power failure" if _empty(path) else error
            self.problem = f"The saved model choice {path} is unreadable ({why}); using the shipped model."
            return {"active": SHIPPED, "history": []}
        history = state.get("history")
        return {"active": state["active"], "history": [h for h in history if isinstance(h, str)]
                if isinstance(history, list) else []}

    def _write_state(self, active: str, history: list[str]) -> None:
        text = json.dumps({"active": active, "history": history[-HISTORY_LENGTH:]}, indent=2) + "\n"
        atomic_write(self.folder / STATE_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def active(self) -> ModelVersion:
        """The model the app should load. A version whose file is gone falls back to the shipped one."""
        chosen = self._state()["active"]
        try:
            return self.get(chosen)
        except VersionError:
            aside = sorted(self.folder.glob(f"{chosen}.keras.unreadable-*")) if VERSION_NAME.fullmatch(chosen) else []
            if aside:
                self.problem = (f"The active model, version {int(chosen[1:])}, could not be read (its file was empty "
                                f"or damaged, and is kept as {aside[-1]}); using the shipped model.")
            else:
                self.problem = f"The active model {chosen} is missing from {self.folder}; using the shipped model."
            return self.get(SHIPPED)

    def activate(self, version_id: str) -> ModelVersion:
        version = self.get(version_id)
        state = self._state()
        if state["active"] != version_id:
            self._write_state(version_id, [*state["history"], state["active"]])
        self.problem = None
        return version

    def reset_to_shipped(self) -> ModelVersion:
        return self.activate(SHIPPED)

    def _rollback_target(self) -> tuple[str, list[str]] | None:
        """(the version a rollback goes to, the history after it), skipping removed versions; None if none."""
        history = list(self._state()["history"])
        while history:
            previous = history.pop()
            if previous == SHIPPED or self._path(previous).is_file():
                return previous, history
        return None

    def previous(self) -> ModelVersion | None:
        """The model a rollback would go back to (nothing changes), or None when there is none."""
        target = self._rollback_target()
        return None if target is None else self.get(target[0])

    def rollback(self) -> ModelVersion:
        """Go back to the model that was active before the current one (skipping removed ones)."""
        target = self._rollback_target()
        if target is None:
            raise VersionError("there is no earlier model to go back to")
        self._write_state(*target)
        return self.get(target[0])

    # -- adding and removing -------------------------------------------------------------------

    def _next_id(self) -> str:
        numbers = [int(m.group(1)) for p in self.folder.glob("v*.*") if (m := VERSION_NAME.match(p.stem))]
        return f"v{max(numbers, default=0) + 1:04d}"

    def add(self, network, metadata: dict, activate: bool = False) -> ModelVersion:
        """Save a network as a new version (atomically)."""
        version_id = self._next_id()
        save_model(network, self._path(version_id), {**metadata, "version": version_id})
        return self.activate(version_id) if activate else self.get(version_id)

    def add_file(self, model_path: Path, activate: bool = False) -> ModelVersion:
        """Move a saved model (e.g. an accepted candidate) and its metadata in as a new version."""
        model_path = Path(model_path)
        if not model_path.is_file():
            raise VersionError(f"there is no model file {model_path}")
        version_id = self._next_id()
        target = self._path(version_id)
        try:
            metadata = read_metadata(model_path)
        except ModelLoadError:
            metadata = {}
        # Metadata first: a version appears only once its .keras file is there.
        write_metadata(target, {**metadata, "version": version_id})
        metadata_path(model_path).unlink(missing_ok=True)
        replace_durably(model_path, target)  # acknowledged (activated, reported) only once it is on the disk
        return self.activate(version_id) if activate else self.get(version_id)

    def remove(self, version_id: str) -> None:
        """Delete a version that is not active (the shipped model cannot be removed), and forget it in the history.

        An OSError deleting the .keras file leaves everything as it was.
        """
        if version_id == SHIPPED:
            raise VersionError("the shipped model cannot be removed")
        version = self.get(version_id)
        state = self._state()
        if state["active"] == version_id:
            raise VersionError(f"{version_id} is the active model; switch to another one first")
        version.path.unlink()  # the version is gone from here on (it exists only while its .keras file does)
        # Its id can be given out again once its .json is gone too (`_next_id`), so the history must not
        # keep it: rollback would otherwise go to whatever new model took the id.
        history: list[str] = []
        for previous in state["history"]:
            if previous != version_id and (not history or history[-1] != previous):
                history.append(previous)  # no entry twice in a row: one rollback would then change nothing
        while history and history[-1] == state["active"]:
            history.pop()
        with suppress(OSError):
            # The version is removed already, so these are not failures to report. The state goes first:
            # if it cannot be written, the .json stays and keeps the id taken, so the stale history entry
            # is only skipped by rollback (the file is missing), never taken for a new model.
            if history != state["history"]:
                self._write_state(state["active"], history)
            metadata_path(version.path).unlink(missing_ok=True)

    def new_candidate_path(self, name: str) -> Path:
        """Where a training run writes its result until it is accepted or rejected. The name carries this
        program's process id: at start, `tidy` can tell a candidate no one can accept any more from one
        another window still offers."""
        return self.candidates_dir / f"{name}.{os.getpid()}.keras"

    # -- at start ------------------------------------------------------------------------------

    def tidy(self) -> list[str]:
        """Clear what a killed program or a power cut left, and say so (sentences for the person): temporary
        files and unaccepted candidates (removed: only ones whose program has stopped), version files that
        are empty or damaged (renamed aside, never deleted, so they leave the Model menu). Never raises."""
        notes: list[str] = []
        with suppress(OSError):
            remove_leftovers(self.folder)
            remove_leftovers(self.candidates_dir)
            abandoned = [path for path in self.candidates_dir.glob("*.keras")
                         if written_by_a_stopped_program(path, CANDIDATE_NAME.fullmatch(path.name))]
            for path in abandoned:
                self.discard_candidate(path)
            if abandoned:
                notes.append(f"{'A retrained model' if len(abandoned) == 1 else f'{len(abandoned)} retrained models'} "
                             "from a session that ended before it was accepted or rejected "
                             f"{'was' if len(abandoned) == 1 else 'were'} removed; retrain again to get "
                             f"{'it' if len(abandoned) == 1 else 'them'} back.")
        for path in sorted(self.folder.glob("v*.keras")):
            if not VERSION_NAME.fullmatch(path.stem) or _readable_archive(path):
                continue
            aside = path.with_name(f"{path.name}.unreadable-{datetime.now():%Y%m%d-%H%M%S}")
            try:
                os.replace(path, aside)
            except OSError as error:
                notes.append(f"Model version {int(path.stem[1:])} is damaged ({path}) and could not be moved aside: "
                             f"{error.strerror or error}.")
                continue
            state = self._state()
            if path.stem == state["active"]:  # the shipped model becomes the choice, said once (startup shows it)
                with suppress(OSError):
                    self._write_state(SHIPPED, state["history"])
                self.problem = (f"The active model, version {int(path.stem[1:])}, could not be read (its file was "
                                f"{'empty' if _empty(aside) else 'damaged'}, and is kept as {aside}); the shipped "
                                "model is used instead.")
            else:
                notes.append(f"Model version {int(path.stem[1:])} was {'empty' if _empty(aside) else 'damaged'}, "
                             f"probably cut short by a crash or a power failure; it is kept as {aside} and is no "
                             "longer in the Model menu.")
        return notes

    def discard_candidate(self, model_path: Path) -> None:
        Path(model_path).unlink(missing_ok=True)
        metadata_path(Path(model_path)).unlink(missing_ok=True)
