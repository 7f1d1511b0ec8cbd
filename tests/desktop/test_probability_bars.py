"""The bars as painted: every percentage beside its bar, never under it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.common.palette import TEXT
from desktop.widgets.probability_bars import MAX_ROW_HEIGHT, MIN_ROW_HEIGHT, ProbabilityBars


def dark_grey(colour) -> bool:
    return colour.red() < 180 and abs(colour.red() - colour.green()) < 25 and abs(colour.green() - colour.blue()) < 25


def blue(colour) -> bool:
    return colour.blue() - colour.red() > 80


@pytest.mark.parametrize("row_height", [MIN_ROW_HEIGHT, 20, MAX_ROW_HEIGHT])
def test_the_whole_of_99_9_percent_shows_beside_a_full_bar(qtbot, alphabet, row_height):
    bars = ProbabilityBars(alphabet)
    qtbot.addWidget(bars)
    bars.resize(320, row_height * len(alphabet) + 4)
    bars.show()
    qtbot.waitExposed(bars)
    probabilities = np.full(len(alphabet), 0.00004 / (len(alphabet) - 1))
    probabilities[0] = 0.99996  # "> 99.9 %", the widest text a bar has
    bars.set_probabilities(probabilities)
    image = bars.grab().toImage()
    top, bottom = 2, 2 + row_height  # the first row
    bar_end = max(x for x in range(image.width()) for y in range(top, bottom) if blue(image.pixelColor(x, y)))
    text_columns = [x for x in range(bar_end - 40, image.width()) for y in range(top, bottom)
                    if dark_grey(image.pixelColor(x, y))]
    assert min(text_columns) > bar_end, "the percentage is painted over the bar"
    # All of it, '>' included (a text too wide for its column used to be cut at the column's left edge): as
    # wide as the same text painted with the same font where nothing cuts it.
    assert max(text_columns) - min(text_columns) >= painted_width("> 99.9 %", bars.text_font(row_height)) - 1


def painted_width(text: str, font) -> int:
    image = QImage(200, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.setPen(TEXT)
    painter.drawText(10, 30, text)
    painter.end()
    columns = [x for x in range(image.width()) for y in range(image.height()) if dark_grey(image.pixelColor(x, y))]
    return max(columns) - min(columns)
