"""Saving parts of the window as PNG pictures (for slides, worksheets, bug reports)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from model.atomic_files import atomic_write

EXPORT_SCALE = 2.0  # twice the screen size: sharp on slides and paper


def with_png_suffix(path: Path | str) -> Path:
    path = Path(path)
    return path if path.suffix.lower() == ".png" else path.with_name(path.name + ".png")


def render_widget(widget: QWidget, scale: float = EXPORT_SCALE) -> QImage:
    """The widget as it looks now, painted at `scale` times its size on its own background."""
    image = QImage(widget.size() * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().color(widget.backgroundRole()))
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    return image


def save_png(image: QImage, path: Path | str) -> Path:
    """Save as PNG, whole or not at all (`atomic_write`: a kill or a power cut mid-write leaves the file that
    was there); raises OSError with the path when it cannot be written."""
    target = with_png_suffix(path)

    def write(temporary: Path) -> None:
        if not image.save(str(temporary), "PNG"):
            raise OSError(f"Could not write {target} (is the folder writable?)")

    atomic_write(target, write)
    return target
