"""Colours the widgets share, so the app looks like one program and its look changes in one place."""

from PySide6.QtGui import QColor

TEXT = QColor("#2a2a2a")
QUIET_TEXT = QColor("#7d776b")  # hints and secondary labels
TRACK = QColor("#ebe7de")  # the empty part of a bar
BAR = QColor("#7f9cc0")
ACCENT = QColor("#2f6db3")  # the best guess, the rune asked for, the training curve
LINE = QColor("#e4dfd3")  # grid and cell lines
EMPTY_CELL = QColor("#e4e1da")  # a map with nothing to show yet
