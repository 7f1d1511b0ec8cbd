"""About Runesight: what it is, how to use it, and the software and font it is built on."""

from __future__ import annotations

from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from model.resource_files import FONTS_DIR

ABOUT_HTML = """
<h2>Runesight</h2>
<p>Draw a rune of the Younger Futhark and watch a small convolutional network read it: the bars show how
probable each of the 16 runes is, and the panel below shows the stack of filtered images each layer makes.</p>
<p><b>Drawing:</b> left mouse button or a pen draws (pen pressure changes the width); the right button or the
pen's eraser end erases whole strokes. Ctrl+Z undo, Ctrl+Shift+Z redo, Esc clears (and can be undone).</p>
<p>Version {version}. Built with Qt for Python {pyside} and Keras 3.<br>
Runic glyphs: Noto Sans Runic, © Google, under the SIL Open Font License 1.1 (<code>{licence}</code>).</p>
"""


def app_version() -> str:
    try:
        return metadata.version("runesight")
    except metadata.PackageNotFoundError:
        return "(development copy)"


class AboutDialog(QDialog):
    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Runesight")
        picture = QLabel()
        picture.setPixmap(icon.pixmap(96, 96))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = ABOUT_HTML.format(version=app_version(), pyside=pyside_version, licence=FONTS_DIR / "OFL.txt")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(picture)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
