"""The runic font that ships with the app, registered at start-up so glyphs show on any machine."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPixmap

from model.resource_files import FONTS_DIR

RUNIC_FONT_FILE = "NotoSansRunic-Regular.ttf"
FALLBACK_FAMILY = "Noto Sans Runic"  # if the file is missing, a system copy may still exist

_family: str | None = None


def load_runic_font() -> str:
    """Register the bundled runic font (once) and return its family name."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / RUNIC_FONT_FILE))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else FALLBACK_FAMILY
    return _family


def runic_font(pixel_size: int) -> QFont:
    """The runic font at a pixel size; Latin text in it falls back to the default UI font."""
    font = QFont()
    font.setFamilies([load_runic_font(), QFont().family()])
    font.setPixelSize(max(1, int(pixel_size)))
    return font


def glyph_pixmap(glyph: str, pixel_size: int, colour: QColor | None = None) -> QPixmap:
    """A rune drawn into a square transparent picture, e.g. for an icon on a button."""
    pixmap = QPixmap(pixel_size, pixel_size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(runic_font(round(pixel_size * 0.9)))
    painter.setPen(colour or QColor("#22252c"))
    painter.drawText(QRectF(0, 0, pixel_size, pixel_size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return pixmap
