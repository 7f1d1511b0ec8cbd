"""The retrain dialog's engine: plan, device, the training process, and Accept / Reject.

Training runs in a child process (`model.training_process.RetrainJob`), followed like all long work
(`common.background_work`): a worker thread waits for its messages and they arrive here as signals, so
the window never waits on it. The plan is made on a worker thread too, the newest wish winning. The
words the dialog shows are in `wording`; the dialog's pages are told what to show, never reached into.
The run writes its model as a candidate in the
versions folder; only Accept moves it in as a new version and makes it active (the recognition
process then loads it like any model). Cancel, Reject, closing the dialog or a failure discard the
candidate and leave the active model as it was.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.collection.personal_drawings import PersonalDrawings
from desktop.common.actions import new_action
from desktop.common.background_work import BackgroundTask, Report, TaskCancelled, WorkFailed
from desktop.common.newest_wins import NewestWins
from desktop.common.notices import Notices
from desktop.common.plain_text import as_markup
from desktop.recognition.active_model import ActiveModel
from desktop.retrain.wording import devices_note, plan_html
from model.alphabet import Alphabet
from model.model_versions import ModelVersions, VersionError

if TYPE_CHECKING:
    from desktop.widgets.retrain_dialog import RetrainDialog

WAIT_FOR_MESSAGES_S = 0.5  # the run's follower waits this long for a message before it looks at the process again
PLAN_DELAY_MS = 500  # after the drawing store changes, before the open dialog's plan is made again
FORCE_STOP_AFTER_S = 3.0  # a run that has not stopped this long after Cancel is ended from here


class RunState(Enum):
    IDLE = "idle"  # the setup page: a plan, and Start
    RUNNING = "running"
    STOPPING = "stopping"  # cancelled; the run has not said it stopped yet
    RESULT = "result"  # a new model waits for Accept or Reject


def follow_job(job, report: Report):
    """On a worker thread: report what the training process says until it ends; its `Finished` is the
    result, a failure raises WorkFailed and a cancelled run TaskCancelled."""
    from model.training_process import Cancelled, Failed, Finished

    while True:
        for message in job.poll(timeout=WAIT_FOR_MESSAGES_S):
            if isinstance(message, Finished):
                return message
            if isinstance(message, Cancelled):
                raise TaskCancelled
            if isinstance(message, Failed):
                raise WorkFailed(message.message, message.details)
            report(message)


class RetrainController(QObject):
    """Receives the drawings, the versions, the active model (what a run starts from, and what loads an
    accepted result) and the alphabet; gives the window its action."""

    def __init__(self, drawings: PersonalDrawings | None, versions: ModelVersions | None, active_model: ActiveModel,
                 alphabet: Alphabet, notices: Notices, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.drawings = drawings
        self.versions = versions
        self.active_model, self.alphabet, self.notices = active_model, alphabet, notices
        self.base_config = None  # a RetrainConfig whose other fields the dialog's choices go into (tests shrink it)
        self.list_devices = None  # () -> [ComputeDevice]; None: model.compute_devices.list_devices
        self.devices: list | None = None  # found once per session
        self.dialog: RetrainDialog | None = None
        self.job = None
        self.state = RunState.IDLE
        self.candidate: Path | None = None
        self.report = None
        self.device_label = ""
        self.started_from = ""  # the active model's title at Start: the result's "Before"
        self.cancel_seconds: float | None = None  # from Cancel to the run's answer, the last time
        self._cancelled_at: float | None = None
        self._device_task: BackgroundTask | None = None
        self._run_task: BackgroundTask | None = None  # follows the training process
        self._plans: NewestWins[bool] = NewestWins()  # one plan made at a time; a wish meanwhile waits
        self.planned_drawings = None  # PlannedDrawings: those the plan shown was made from; a run learns from them
        self._shown_plan = None  # the RetrainPlan shown, worded again when the person changes a choice it names
        self._plan_timer = QTimer(self, singleShot=True, interval=PLAN_DELAY_MS)
        self._plan_timer.timeout.connect(self._refresh_plan_if_idle)
        self._force_stop_timer = QTimer(self, singleShot=True, interval=round(FORCE_STOP_AFTER_S * 1000))
        self._force_stop_timer.timeout.connect(self._force_stop)
        self.action = new_action(
            parent, "&Retrain on your drawings…", self.open_dialog, QKeySequence("Ctrl+T"), icon_text="Retrain…",
            tip="Teach the network your hand: fine-tune it on your drawings, or train anew (Ctrl+T)")
        self.action.setEnabled(drawings is not None and versions is not None)

    def config(self):
        from model.fine_tuning import RetrainConfig

        return self.base_config if self.base_config is not None else RetrainConfig()

    # --- the dialog -------------------------------------------------------------------------------
    def open_dialog(self) -> RetrainDialog | None:
        if self.drawings is None or self.versions is None:
            return None
        if self.dialog is None:
            from desktop.widgets.retrain_dialog import RetrainDialog

            dialog = RetrainDialog(self.alphabet, self._parent)
            # Not modal: training takes minutes, and meanwhile the person may draw, collect or browse.
            # The run learns from the drawings as they were at Start; the plan follows the store until then.
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            self.drawings.changed.connect(self._on_drawings_changed)
            dialog.setup.start_requested.connect(self.start)
            dialog.setup.mode_changed.connect(self._set_defaults)
            dialog.setup.defaults_requested.connect(lambda: self._set_defaults(dialog.setup.mode))
            dialog.setup.plan_retry_requested.connect(self._refresh_plan_if_idle)
            dialog.setup.generated.valueChanged.connect(self._show_plan)
            dialog.progress.cancel_requested.connect(self.cancel)
            dialog.result.accept_requested.connect(self.accept_result)
            dialog.result.reject_requested.connect(self.reject_result)
            dialog.closing.connect(self._on_closing)
            self.dialog = dialog
            self._set_defaults("fine-tune")
        if self.state is RunState.IDLE:
            self.dialog.show_page("setup")
            self.refresh_plan()
            self._show_devices()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _set_defaults(self, mode: str) -> None:
        from model.fine_tuning import RetrainConfig

        base = self.config()
        defaults = RetrainConfig.for_mode(mode)
        if mode == base.mode:  # the base configuration's own values win for its mode
            defaults = base
        self.dialog.setup.set_values(defaults.epochs, defaults.learning_rate, defaults.generated_share)

    def _on_drawings_changed(self) -> None:
        if self.dialog is not None and self.dialog.isVisible() and self.state is RunState.IDLE:
            self.planned_drawings = None  # the plan shown is out of date: Start waits for the next one
            self.dialog.setup.set_reading()
            self._plan_timer.start()  # once the saving settles (an import saves many in a row)

    def _refresh_plan_if_idle(self) -> None:
        if self.dialog is not None and self.dialog.isVisible() and self.state is RunState.IDLE:
            self.refresh_plan()

    def refresh_plan(self) -> None:
        """Make the plan again on a worker thread (from the store's ids and labels: well under a second at
        100,000 drawings, but the database may be busy). Start waits for it, and the run then learns from
        the drawings it shows."""
        from model.retrain_plan import PlannedDrawings, plan_stored

        self.dialog.setup.set_model_name(self.active_model.running_title())
        self.planned_drawings = None
        self.dialog.setup.set_reading()
        self._plans.ask(True)
        if self._plans.next() is None:  # one at a time; the newest wish is made when it ends
            return
        store, alphabet, config = self.drawings.store, self.alphabet, self.config()

        def make_plan(_progress):  # ids and labels only: the run reads the drawings in its own process
            labelled = tuple(store.labelled_ids())
            return PlannedDrawings(store.path, labelled), plan_stored(labelled, alphabet, config)

        task = BackgroundTask(make_plan, self)
        task.finished.connect(lambda result: self._on_plan(*result))
        task.failed.connect(self._on_plan_failed)
        task.start()

    def _plan_ended(self) -> bool:
        """A plan task ended: True where its plan is still wanted (no newer one asked for, still idle)."""
        self._plans.done()
        if self._plan_timer.isActive():  # the drawings changed while it read them: the timer plans again
            self._plans.drop_waiting()
            return False
        if self._plans.waiting is not None:
            self._plans.drop_waiting()
            self._refresh_plan_if_idle()
            return False
        return self.dialog is not None and self.state is RunState.IDLE

    def _on_plan(self, drawings, plan) -> None:
        if self._plan_ended():
            self.planned_drawings = drawings
            self._shown_plan = plan
            self._show_plan()

    def _show_plan(self) -> None:
        """The plan, in words that use the dialog's choices as they are now (the share of generated drawings)."""
        if self._shown_plan is None or self.planned_drawings is None or self.state is not RunState.IDLE:
            return  # being made again: it is shown when it arrives
        config = replace(self.config(), **self.dialog.setup.values())
        self.dialog.setup.set_plan(self._shown_plan.counts, config.enough_per_rune, plan_html(self._shown_plan, config))

    def _on_plan_failed(self, message: str) -> None:
        if self._plan_ended():
            self.dialog.setup.show_plan_problem(f"Your drawings could not be read: {message}")

    def _show_devices(self) -> None:
        from model.compute_devices import cpu_device, list_devices

        setup = self.dialog.setup
        if self.devices is not None:
            setup.set_devices([device.label for device in self.devices], devices_note(self.devices))
            return
        setup.set_devices([cpu_device().label], "Looking for a GPU… (training started before then runs on the CPU)")
        if self._device_task is None:
            lister = self.list_devices or list_devices
            self._device_task = BackgroundTask(lambda _progress: lister(), self)
            self._device_task.finished.connect(self._on_devices)
            self._device_task.failed.connect(lambda _message: self._on_devices([cpu_device()]))
            self._device_task.start()

    def _on_devices(self, devices: list) -> None:
        self.devices = list(devices)
        self._device_task = None
        if self.dialog is not None:  # also during a run: the page is right when the run ends
            self.dialog.setup.set_devices([device.label for device in self.devices], devices_note(self.devices))

    def chosen_device(self):
        """The device whose label the combo shows (by label, not position: the list changes when the
        search ends); the CPU while the search is still going."""
        from model.compute_devices import cpu_device

        shown = self.dialog.setup.chosen_device()
        return next((device for device in self.devices or [] if device.label == shown), cpu_device())

    # --- a run ------------------------------------------------------------------------------------
    def start(self) -> None:
        from model.training_process import RetrainJob, RetrainRequest

        if self.state is not RunState.IDLE:
            return
        setup = self.dialog.setup
        try:
            config = replace(self.config(), **setup.values()).checked()
        except ValueError as error:
            setup.show_note(f"Cannot start: {error}.", "error")
            return
        if self.active_model.info is None:
            setup.show_note("The active model is still loading; start again in a moment.", "warn")
            return
        if self.planned_drawings is None:  # Start is greyed out until the plan is made; a shortcut is not
            setup.show_note("Your drawings are still being read; start again in a moment.", "warn")
            return
        device = self.chosen_device()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.candidate = self.versions.new_candidate_path(f"run-{stamp}")
        request = RetrainRequest(self.planned_drawings, Path(self.active_model.info.path), config,
                                 self.candidate, backend=device.backend, cpu_only=device.kind == "CPU")
        self.job = RetrainJob(request)
        try:
            self.job.start()
        except Exception as error:  # spawn refused (e.g. no resources): nothing started
            self.job = None
            setup.show_note(f"The training process could not be started: {error}", "error")
            return
        self.state = RunState.RUNNING
        self.started_from = self.active_model.running_title()
        self.report, self._cancelled_at = None, None
        self.device_label = device.name
        setup.show_note("")
        self.dialog.progress.start(config.epochs, f"on {device.name}")
        self.dialog.show_page("progress")
        job = self.job
        task = self._run_task = BackgroundTask(lambda report: follow_job(job, report), self)
        # Each answer is about this run only: a run ended from here (Cancel that took too long) says no more.
        task.progress.connect(lambda news: task is self._run_task and self._on_message(*news))
        task.finished.connect(lambda message: task is self._run_task and self._on_finished(message))
        task.cancelled.connect(lambda: task is self._run_task and self._on_stopped("cancelled"))
        task.failed.connect(lambda message: task is self._run_task and self._on_stopped(message, task.details))
        task.start()

    def cancel(self) -> None:
        if self.state is not RunState.RUNNING or self.job is None:
            return
        self.job.cancel()
        self.state = RunState.STOPPING
        self._cancelled_at = time.monotonic()
        self.dialog.progress.set_stopping()
        self._force_stop_timer.start()

    def _on_message(self, message) -> None:
        from model.training_process import Started

        if isinstance(message, Started):
            if message.device.startswith("GPU: "):
                self.device_label = message.device.removeprefix("GPU: ")
            self.dialog.progress.set_device(f"on {self.device_label} · Keras on {message.backend}")
        else:  # model.fine_tuning.TrainingProgress
            self.dialog.progress.show_progress(message)

    def _force_stop(self) -> None:
        if self.state is RunState.STOPPING:
            self._on_stopped("cancelled")  # _end_job ends the process

    def _end_job(self) -> None:
        """The run is over for the window. Its process exits just after its last message, and stays a zombie
        until it is waited for; waiting (and ending it, should it linger) may take a while: not on this thread."""
        self._force_stop_timer.stop()
        self._run_task = None
        if self.job is not None:
            threading.Thread(target=self.job.stop, name="runesight-retrain-end", daemon=True).start()
        self.job = None

    def _on_finished(self, message) -> None:
        self._end_job()
        if self.state is RunState.STOPPING:  # it finished just as Cancel was pressed: cancelled all the same
            self.candidate = Path(message.model_path)
            return self._on_stopped("cancelled")
        self.state = RunState.RESULT
        self.candidate = Path(message.model_path)
        self.report = message.report
        self.dialog.result.show_result(message.report, self.device_label, self.dialog.progress.curves,
                                       self.started_from)
        self.dialog.show_page("result")

    def _on_stopped(self, why: str, details: str = "") -> None:
        """The run ended without a model: `why` is "cancelled", or the failure's message (`details` for its tooltip)."""
        self._end_job()
        self._discard_candidate()
        if self._cancelled_at is not None:
            self.cancel_seconds = time.monotonic() - self._cancelled_at
        self.state = RunState.IDLE
        if self.dialog is None:
            return
        self.dialog.show_page("setup")
        self.refresh_plan()
        if why == "cancelled":
            self.dialog.setup.show_note("Training was cancelled. The active model is unchanged.", "warn")
        else:
            self.dialog.setup.show_note(f"{why} The active model is unchanged.", "error", details=details)

    def _discard_candidate(self) -> None:
        if self.candidate is not None and self.versions is not None:
            self.versions.discard_candidate(self.candidate)
        self.candidate = None

    # --- the result -------------------------------------------------------------------------------
    def accept_result(self) -> None:
        if self.state is not RunState.RESULT or self.candidate is None:
            return
        previous = self.versions.active().id
        try:
            version = self.versions.add_file(self.candidate, activate=True)
        except (VersionError, OSError) as error:
            self.dialog.result.show_problem(f"Could not keep the new model: {as_markup(error)}")
            return
        self.candidate, self.state = None, RunState.IDLE
        self.active_model.load_version(version, previous)
        self.notices.status(f"{version.title} is the active model now", 8000)
        self.dialog.hide()

    def reject_result(self) -> None:
        if self.state is not RunState.RESULT:
            return
        self._discard_candidate()
        self.state = RunState.IDLE
        self.dialog.show_page("setup")
        self.refresh_plan()
        self.dialog.setup.show_note("The new model was discarded; the active model is unchanged.")

    def _on_closing(self) -> None:
        """The dialog is being closed: a run is cancelled, a result not accepted is discarded."""
        if self.state is RunState.RUNNING:
            self.cancel()
        elif self.state is RunState.RESULT:
            self._discard_candidate()
            self.state = RunState.IDLE

    def confirm_close(self, parent) -> bool:
        """The window is closing: ask first where that would throw a run or a result away."""
        from desktop.widgets.retrain_dialog import CLOSE_QUESTIONS, confirmed

        question = {RunState.RUNNING: CLOSE_QUESTIONS["progress"],
                    RunState.RESULT: CLOSE_QUESTIONS["result"]}.get(self.state)
        if question is None:  # idle, or a run stopping already
            return True
        title, text = question
        return confirmed(parent, title, text.replace("this window", "Runesight"))

    def shutdown(self) -> None:
        """The window closes: stop a run (it writes nothing) and discard what was not accepted."""
        self._force_stop_timer.stop()
        self._run_task = None
        if self.job is not None:
            self.job.stop()
            self.job = None
        self._discard_candidate()
        self.state = RunState.IDLE
