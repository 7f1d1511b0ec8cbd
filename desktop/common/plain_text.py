"""Text from outside the app (file names, what a file holds, error messages) shown as text, never as markup.

Qt reads any label, tooltip or message box text that looks like HTML as HTML: a model file named
`<b>Shipped model<br>x.keras` would show in bold, on two lines, and could make the window say what it
does not mean. Labels that show such text are plain-text labels; where such text goes into a sentence
with markup of our own, it is escaped first; and where Qt guesses (tooltips, message boxes), it gets
markup that shows the text exactly.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def as_markup(text: object) -> str:
    """Text to put into markup of our own: shown as it is, line breaks kept."""
    return escape(str(text)).replace("\n", "<br>")


def shown_as_text(text: str) -> str:
    """For a tooltip or a message box, where Qt guesses whether text is markup: markup that shows `text`
    exactly (an empty text stays empty, so no tooltip appears)."""
    return QtGui.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""
