"""The retrain dialog's last page: the old and the new model side by side, a confusion matrix, Accept / Reject.

`show_result` takes the run's report (`model.fine_tuning.RetrainReport`: plain data with a
`Comparison` on the person's held-back drawings and one on generated drawings, each holding the
before/after scores and the new model's confusion matrix). Its `button_row` (Reject, Accept) goes under
it, outside the dialog's scroll area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.confusion_matrix import ConfusionMatrix
from desktop.widgets.height_for_width import WrappedLabel
from desktop.widgets.training_curves import TrainingCurves
from model.alphabet import Alphabet
from model.wording import counted

BETTER, WORSE, SAME = "#1d5e3a", "#9a2b1d", "#5b574e"
NOTICEABLE = 0.005  # changes in top-1 smaller than this are "about the same"
FEW_TO_JUDGE = 32  # held-back drawings below which the verdict says it is only a hint


def change_text(before: float, after: float) -> tuple[str, str]:
    """("+12.5 points", colour) for a change in accuracy."""
    points = (after - before) * 100
    if abs(after - before) < NOTICEABLE:
        return "about the same", SAME
    return f"{points:+.1f} points", BETTER if after > before else WORSE


class RetrainResultPage(QWidget):
    accept_requested = Signal()
    reject_requested = Signal()

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self._comparisons: list = []
        self._started_from = ""
        self.summary = WrappedLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(12)
        self.table.setColumnStretch(0, 1)  # room to spare goes to the titles, so they wrap only when narrow
        table_box = QGroupBox("Top-1 accuracy: before and after")
        table_box.setLayout(self.table)
        self.verdict = WrappedLabel()
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.curves = TrainingCurves()
        self.curves.setMinimumHeight(170)

        self.matrix_choice = QComboBox()
        self.matrix_choice.setAccessibleName("Confusion matrix: new model on")
        # As narrow as a short title: the matrix beside the table fits a presenter's 683 px wide screen.
        self.matrix_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.matrix_choice.setMinimumContentsLength(12)
        self.matrix_choice.currentIndexChanged.connect(self._show_matrix)
        self.matrix = ConfusionMatrix()
        matrix_head = QHBoxLayout()
        matrix_head.addWidget(QLabel("New model on"))
        matrix_head.addWidget(self.matrix_choice, 1)
        matrix_box = QVBoxLayout()
        matrix_box.addLayout(matrix_head)
        matrix_box.addWidget(self.matrix, 1)
        matrix_group = QGroupBox("Confusion matrix")
        matrix_group.setLayout(matrix_box)

        self.accept_button = QPushButton("Accept: use the new model")
        self.accept_button.setToolTip("Keep it as a new version and make it the active model")
        self.accept_button.clicked.connect(self.accept_requested)
        self.accept_button.setAutoDefault(False)  # Enter must not accept a model the person has not looked at
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Discard the new model; the active model stays")
        self.reject_button.clicked.connect(self.reject_requested)
        self.reject_button.setAutoDefault(False)  # Enter must not throw a run or its result away
        self.button_row = QWidget()
        buttons = QHBoxLayout(self.button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)

        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(table_box)
        left.addWidget(self.verdict)
        left.addWidget(self.curves, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(matrix_group, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the dialog's margins are round it
        layout.addLayout(columns, 1)

    def show_result(self, report, device: str, curves: TrainingCurves | None = None, started_from: str = "") -> None:
        """`started_from`: the model active at Start, which the "Before" column measures (the person may have
        switched models since: the dialog is not modal)."""
        self._started_from = started_from
        meta = report.metadata
        personal = meta.get("personal_drawings", 0)
        filled = meta.get("runes_filled_in") or []
        epochs = meta.get("epochs_run", "?")
        lines = [f"Trained for {counted(epochs, 'epoch')} in {report.seconds:.0f} s on {device}, "
                 f"from {personal} of your drawings"
                 + (f" (generated drawings stood in for {', '.join(filled)})" if filled else "") + "."]
        if started_from:
            lines.append(f"Before: {started_from}, the active model when training started.")
        if meta["learning_rate"] < meta["learning_rate_chosen"]:
            lines.append(f"The model already read {report.base_reads:.0%} of them, so it learned gently "
                         f"(learning rate {meta['learning_rate']:g} instead of {meta['learning_rate_chosen']:g}) "
                         "to keep what it knows.")
        self.summary.setText(" ".join(lines))
        self._comparisons = [c for c in (report.held_back, report.generated) if c is not None]
        self._fill_table()
        self.verdict.setText(self._verdict(report))
        self.matrix_choice.blockSignals(True)
        self.matrix_choice.clear()
        self.matrix_choice.addItems([f"{c.title} ({c.after.count})" for c in self._comparisons])
        self.matrix_choice.blockSignals(False)
        self._show_matrix(0)
        if curves is not None:
            self.curves.epochs = curves.epochs
            self.curves.training, self.curves.validation = list(curves.training), list(curves.validation)
            self.curves.update()
        self.accept_button.setEnabled(True)
        self.reject_button.setEnabled(True)

    def _fill_table(self) -> None:
        while self.table.count():
            item = self.table.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for column, title in enumerate(("Drawings", "Before", "New model", "Change")):
            header = QLabel(f"<b>{title}</b>")
            header.setToolTip("Top-1: the share of these drawings whose most probable rune is the right one"
                              + (f"\nBefore: {self._started_from}" if column == 1 and self._started_from else ""))
            self.table.addWidget(header, 0, column)
        for row, comparison in enumerate(self._comparisons, start=1):
            before, after = comparison.before.top1, comparison.after.top1
            change, colour = change_text(before, after)
            cells = [f"{comparison.title} ({comparison.after.count})", f"{before:.1%}", f"<b>{after:.1%}</b>",
                     f"<span style='color:{colour}'>{change}</span>"]
            for column, text in enumerate(cells):
                # The titles and changes wrap: the table beside the matrix fits a presenter's 683 px wide screen.
                label = WrappedLabel(text) if column in (0, 3) else QLabel(text)
                label.setObjectName(f"result_{row}_{column}")
                if column:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.addWidget(label, row, column)

    def show_problem(self, markup: str) -> None:
        """In place of the verdict: why the new model could not be kept (it stays on offer)."""
        self.verdict.setText(f"<span style='color:#7a1f16'>{markup}</span>")

    def _verdict(self, report) -> str:
        if report.held_back is None:
            held = ("<span style='color:#9a5b00'>None of your drawings could be held back to test on (a rune "
                    "needs 3 or more), so only generated drawings compare the two models.</span>")
        else:
            before, after = report.held_back.before.top1, report.held_back.after.top1
            if after > before + NOTICEABLE:
                held = f"<span style='color:{BETTER}'>The new model reads your held-back drawings better.</span>"
            elif after < before - NOTICEABLE:
                held = f"<span style='color:{WORSE}'>The new model reads your held-back drawings worse.</span>"
            else:
                held = "Both models read your held-back drawings about equally well."
            count = report.held_back.after.count
            if count < FEW_TO_JUDGE:  # one drawing is 100/count points: a verdict on a handful is a hint
                held += (f" <span style='color:{SAME}'>(Only {counted(count, 'held-back drawing')}: "
                         f"each one moves the score by {100 / count:.0f} points, so take this as a hint; "
                         f"more drawings of your own make it a judgement.)</span>")
        if report.generated is not None and report.generated.after.top1 < report.generated.before.top1 - 0.05:
            held += (f" <span style='color:{WORSE}'>It is clearly worse on generated drawings: it may have "
                     f"forgotten other hands. Consider Reject, or more generated drawings mixed in.</span>")
        return held

    def _show_matrix(self, index: int) -> None:
        if not 0 <= index < len(self._comparisons):
            self.matrix.set_matrix([], (), ())
            return
        runes = self._alphabet.runes
        self.matrix.set_matrix(self._comparisons[index].confusion, [r.name for r in runes], [r.glyph for r in runes])

    def cell_text(self, row: int, column: int) -> str:
        """The table's text (row 1: held-back drawings if any; columns: title, before, after, change)."""
        item = self.table.itemAtPosition(row, column)
        return item.widget().text() if item is not None and item.widget() is not None else ""
