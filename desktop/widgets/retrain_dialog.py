"""The retrain dialog: setup (what, how, where, the plan) → training (progress, curves, Cancel) → result
(old vs new, confusion matrix, Accept / Reject). One page at a time; `desktop.retrain_controller`
runs the training process and moves between the pages.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from desktop.settings import RememberedGeometry
from desktop.widgets.retrain_progress_page import RetrainProgressPage
from desktop.widgets.retrain_result_page import RetrainResultPage
from desktop.widgets.retrain_setup_page import RetrainSetupPage
from model.alphabet import Alphabet

# Closing the dialog on these pages throws work away (minutes of training), so it asks first.
CLOSE_QUESTIONS = {
    "progress": ("Stop training?", "Closing this window stops the training run. The active model stays as it is."),
    "result": ("Discard the new model?", "Closing without Accept discards the new model. The active model stays as "
                                         "it is."),
}


class RetrainDialog(QDialog):
    closing = Signal()  # closed (confirmed where it throws work away): the controller cancels or discards first

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retrain the network on your drawings")
        self.resize(980, 700)
        RememberedGeometry(self, "retrainDialog/geometry")
        self.setup = RetrainSetupPage(alphabet)
        self.progress = RetrainProgressPage()
        self.result = RetrainResultPage(alphabet)
        self.pages = QStackedWidget()
        for page in (self.setup, self.progress, self.result):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setup.close_requested.connect(self.reject)

    @property
    def page(self) -> str:
        return {self.setup: "setup", self.progress: "progress", self.result: "result"}[self.pages.currentWidget()]

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget({"setup": self.setup, "progress": self.progress, "result": self.result}[name])

    def reject(self) -> None:
        """Esc, the window's close button or Close; on the training and result pages only once confirmed."""
        page = self.page
        stopping = page == "progress" and not self.progress.cancel_button.isEnabled()  # cancelled already
        question = CLOSE_QUESTIONS.get(page) if self.isVisible() and not stopping else None
        if question is not None and (not confirmed(self, *question) or self.page != page):
            return  # kept; or the run finished while asked, and the question no longer applies
        self.closing.emit()
        super().reject()


def confirmed(parent: QWidget, title: str, text: str) -> bool:
    """Yes to a question about throwing work away (Cancel is the default answer)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    return QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.Cancel) == (
        QMessageBox.StandardButton.Yes)

