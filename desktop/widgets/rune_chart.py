"""The rune chart: all 16 runes with names and sound values; clicking one shows its common forms."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fonts import glyph_pixmap, runic_font
from desktop.common.settings import RememberedGeometry
from desktop.widgets.rune_form_view import RuneFormView
from model.alphabet import Alphabet

COLUMNS = 4
FORMS_PER_ROW = 3
GLYPH_SIZE = 40


FIRST_SIZE = QSize(880, 470)


class RuneChart(QDialog):
    rune_selected = Signal(str)

    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self.setWindowTitle(f"Rune chart: {alphabet.title}")
        self.resize(FIRST_SIZE)  # three forms side by side; smaller on a small screen (RememberedGeometry)
        RememberedGeometry(self, "runeChart/geometry")
        self.buttons: dict[str, QToolButton] = {}
        self._form_views: list[RuneFormView] = []

        grid = QGridLayout()
        grid.setSpacing(4)
        for index, rune in enumerate(alphabet.runes):
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIcon(QIcon(glyph_pixmap(rune.glyph, GLYPH_SIZE)))
            button.setIconSize(QSize(GLYPH_SIZE, GLYPH_SIZE))
            button.setText(f"{rune.name}\n{rune.sound}")
            button.setMinimumSize(96, 96)
            button.setToolTip(f"{rune.name}: sound {rune.sound}, meaning “{rune.meaning}”")
            button.clicked.connect(lambda _checked=False, name=rune.name: self.show_rune(name))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[rune.name] = button

        self.title = QLabel()
        self.title.setFont(runic_font(22))
        self.about = QLabel()
        self.about.setWordWrap(True)
        self._forms = QWidget()
        self._forms_layout = QGridLayout(self._forms)
        self._forms_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._forms)
        # One form wide at the least, so the chart fits a projector at 150 % (683 px); the forms scroll there.
        scroll.setMinimumWidth(132 + 24)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that showed nothing; the arrows pick runes

        detail = QVBoxLayout()
        detail.addWidget(self.title)
        detail.addWidget(self.about)
        detail.addWidget(scroll, 1)

        intro = QLabel(
            "The 16 runes of the Younger Futhark, with the sounds they write. Click a rune to see the forms "
            "people commonly carved; a dot marks where each stroke starts."
        )
        intro.setWordWrap(True)
        body = QHBoxLayout()
        body.addLayout(grid)
        body.addLayout(detail, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        self.show_rune(alphabet.runes[0].name)

    def show_rune(self, name: str) -> None:
        rune = self._alphabet.rune(name)
        self.buttons[name].setChecked(True)
        self.title.setText(f"{rune.glyph}  {rune.name}")
        self.about.setText(f"Sound: <b>{rune.sound}</b> · meaning: “{rune.meaning}” · Unicode U+{rune.codepoint:04X}")
        while self._forms_layout.count():
            item = self._forms_layout.takeAt(0)
            if (widget := item.widget()) is not None:
                widget.setParent(None)  # gone from the dialog now, not at the next idle moment
                widget.deleteLater()
        self._form_views = []
        for index, form in enumerate(rune.forms):
            caption = QLabel(form.name + (f"\n(looks like {form.ambiguous_with})" if form.ambiguous_with else ""))
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            view = RuneFormView(form)
            self._form_views.append(view)
            row, column = divmod(index, FORMS_PER_ROW)
            self._forms_layout.addWidget(view, 2 * row, column, Qt.AlignmentFlag.AlignHCenter)
            self._forms_layout.addWidget(caption, 2 * row + 1, column)
        self.rune_selected.emit(name)

    def form_views(self) -> list[RuneFormView]:
        return list(self._form_views)
