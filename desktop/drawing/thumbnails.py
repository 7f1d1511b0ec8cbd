"""Small pictures of stored drawings for the dataset browser: strokes as ink on paper, rasters as they are.

Strokes are painted with the canvas's own painter (`stroke_painter`), fitted into the square with the
aspect ratio kept; a raster (imported picture) is cropped to its ink and scaled the same way.
`ThumbnailCache` keeps the ones painted last, up to a bound: with 100,000 drawings, keeping every one
would take gigabytes.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from desktop.drawing.stroke_painter import INK, paint_paper, paint_stroke
from model.drawing import Drawing, RasterDrawing, Sample

THUMBNAIL_SIZE = 84
MARGIN = 0.12  # of the side, around the ink
CACHED_THUMBNAILS = 1500  # about 28 KB each: 42 MB, several screens of the browser


class ThumbnailCache:
    """Thumbnails by drawing id, the least recently used dropped beyond `most` (a drawing's picture never
    changes, so one kept is never stale; a relabel changes only its caption)."""

    def __init__(self, most: int | None = None) -> None:
        self.most = most or CACHED_THUMBNAILS
        self._images: OrderedDict[int, QImage] = OrderedDict()

    def get(self, drawing_id: int) -> QImage | None:
        image = self._images.get(drawing_id)
        if image is not None:
            self._images.move_to_end(drawing_id)
        return image

    def put(self, drawing_id: int, image: QImage) -> None:
        self._images[drawing_id] = image
        self._images.move_to_end(drawing_id)
        while len(self._images) > self.most:
            self._images.popitem(last=False)

    def __contains__(self, drawing_id: int) -> bool:
        return drawing_id in self._images

    def __len__(self) -> int:
        return len(self._images)


def thumbnail(sample: Sample, size: int = THUMBNAIL_SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    paint_paper(painter, QRectF(0, 0, size, size))
    if isinstance(sample, RasterDrawing):
        _paint_raster(painter, np.asarray(sample.ink, dtype=np.float32), size)
    elif isinstance(sample, Drawing):
        _paint_strokes(painter, sample, size)
    painter.end()
    return image


def _fit(low: np.ndarray, high: np.ndarray, size: int) -> tuple[float, np.ndarray]:
    """Scale and offset that put the box (low, high) in the middle of the square, inside the margin."""
    extent = max(float((high - low).max()), 1e-6)
    scale = size * (1 - 2 * MARGIN) / extent
    offset = size / 2 - (low + high) / 2 * scale
    return scale, offset


def _paint_strokes(painter: QPainter, drawing: Drawing, size: int) -> None:
    strokes = [s.points for s in drawing.strokes if len(s.points)]
    if not strokes:
        return
    every = np.concatenate(strokes)
    scale, offset = _fit(every.min(axis=0), every.max(axis=0), size)
    width = max(1.6, size / 30)
    for points in strokes:
        paint_stroke(painter, points * scale + offset, np.full(len(points), width), INK)


def _paint_raster(painter: QPainter, ink: np.ndarray, size: int) -> None:
    if ink.ndim != 2 or ink.size == 0 or not np.isfinite(ink).all():
        return
    peak = float(ink.max())
    if peak <= 0:
        return
    ink = np.clip(ink / peak, 0.0, 1.0)
    rows = np.flatnonzero((ink > 0.15).any(axis=1))
    cols = np.flatnonzero((ink > 0.15).any(axis=0))
    if len(rows) == 0:
        return
    crop = np.ascontiguousarray(ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    height, width = crop.shape
    rgba = np.empty((height, width, 4), dtype=np.uint8)
    colour = QColor(INK)
    rgba[..., 0], rgba[..., 1], rgba[..., 2] = colour.red(), colour.green(), colour.blue()
    rgba[..., 3] = np.rint(crop * 255).astype(np.uint8)
    picture = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
    scale, offset = _fit(np.array([0.0, 0.0]), np.array([width, height], dtype=float), size)
    target = QRectF(offset[0], offset[1], width * scale, height * scale)
    painter.drawImage(target, picture)

