"""The retrain dialog: setup (what, how, where, the plan) → training (progress, curves, Cancel) → result
(old vs new, confusion matrix, Accept / Reject). One page at a time; `desktop.retrain.controller`
runs the training process and moves between the pages.

Each page scrolls, with its row of buttons under it always in sight: a presenter's screen (150 % of
1024x768 is 683x512) is smaller than the result page's table and confusion matrix side by side.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QMessageBox, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from desktop.common.settings import RememberedGeometry
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
        self._frames = {"setup": framed(self.setup), "progress": framed(self.progress), "result": framed(self.result)}
        self.pages = QStackedWidget()
        for frame in self._frames.values():
            self.pages.addWidget(frame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setup.close_requested.connect(self.reject)

    @property
    def page(self) -> str:
        return next(name for name, frame in self._frames.items() if frame is self.pages.currentWidget())

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self._frames[name])

    def reject(self) -> None:
        """Esc, the window's close button or Close; on the training and result pages only once confirmed."""
        page = self.page
        stopping = page == "progress" and not self.progress.cancel_button.isEnabled()  # cancelled already
        question = CLOSE_QUESTIONS.get(page) if self.isVisible() and not stopping else None
        if question is not None and (not confirmed(self, *question) or self.page != page):
            return  # kept; or the run finished while asked, and the question no longer applies
        self.closing.emit()
        super().reject()


class _SqueezableHolder(QVBoxLayout):
    """Word-wrapped labels make a page's layout "height for width", and a scroll area then gives it the
    height it would like: it would scroll where the curves and the matrix could have shrunk first. The
    pages' wrapped labels ask for the height they take at their width instead (`WrappedLabel`)."""

    def hasHeightForWidth(self) -> bool:
        return False


def framed(page: QWidget) -> QWidget:
    """The page in a scroll area (shrunk to its minimum size first; sideways only below its minimum
    width), and under it the page's `button_row`, outside the scrolled part."""
    holder = QWidget()
    holder_layout = _SqueezableHolder(holder)
    holder_layout.setContentsMargins(0, 0, 0, 0)
    holder_layout.addWidget(page)
    scroll = QScrollArea()
    scroll.setWidget(holder)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that showed nothing; Tab scrolls to what it focuses
    frame = QWidget()
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll, 1)
    layout.addWidget(page.button_row)
    return frame


def confirmed(parent: QWidget, title: str, text: str) -> bool:
    """Yes to a question about throwing work away (Cancel is the default answer)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    return QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.Cancel) == (
        QMessageBox.StandardButton.Yes)

