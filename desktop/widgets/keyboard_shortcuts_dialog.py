"""Help ▸ Keyboard shortcuts: every key and mouse button the window answers to, in one table.

It receives plain rows (the menus' rows made from the window's own actions, so they cannot drift from
them) and stays open beside the window while the person draws.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.common.settings import RememberedGeometry

ShortcutSections = list[tuple[str, list[tuple[str, str]]]]  # (section title, [(keys, what they do)])


def shortcuts_html(sections: ShortcutSections) -> str:
    rows = []
    for title, entries in sections:
        rows.append(f"<tr><td colspan='2' style='padding-top:10px'><b>{escape(title)}</b></td></tr>")
        rows += [f"<tr><td style='padding-right:18px'><code>{escape(keys)}</code></td><td>{escape(what)}</td></tr>"
                 for keys, what in entries]
    return "<table cellspacing='2'>" + "".join(rows) + "</table>"


class KeyboardShortcutsDialog(QDialog):
    def __init__(self, sections: ShortcutSections, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 640)
        RememberedGeometry(self, "shortcutsDialog/geometry")
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html(sections))
        self.text.setAccessibleName("Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
