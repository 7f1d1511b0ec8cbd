"""Numbers to colours: activation maps, kernels and the input image as pictures.

`colourize` is pure NumPy (tested without Qt); `to_qimage` wraps the result for painting.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PySide6.QtGui import QColor, QImage


@lru_cache(maxsize=16)
def _interpolated(anchors: tuple[tuple[int, int, int], ...], steps: int) -> np.ndarray:
    points = np.asarray(anchors, dtype=np.float64)
    where = np.linspace(0, len(points) - 1, steps)
    table = np.stack([np.interp(where, np.arange(len(points)), points[:, c]) for c in range(3)], axis=1)
    table = table.round().astype(np.uint8)
    table.flags.writeable = False  # shared by every caller
    return table


@dataclass(frozen=True)
class ColourMap:
    name: str
    anchors: tuple[tuple[int, int, int], ...]  # evenly spaced from low to high

    def table(self, steps: int = 256) -> np.ndarray:
        """(steps, 3) uint8 colours, linearly interpolated between the anchors."""
        return _interpolated(self.anchors, steps)

    def colour(self, fraction: float) -> QColor:
        r, g, b = self.table()[int(round(np.clip(fraction, 0.0, 1.0) * 255))]
        return QColor(int(r), int(g), int(b))


# Perceptually even and readable by people with colour-blindness (matplotlib's viridis, sampled).
ACTIVATION = ColourMap(
    "activation",
    ((68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
     (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37)),
)
# Kernels have signs: blue for negative weights, white for zero, red for positive.
SIGNED = ColourMap("signed", ((33, 102, 172), (103, 169, 207), (247, 247, 247), (239, 138, 98), (178, 24, 43)))
# The network's input: ink 1 is white on black, as the numbers are.
INK = ColourMap("ink", ((0, 0, 0), (255, 255, 255)))


def colourize(values: np.ndarray, colour_map: ColourMap, low: float, high: float) -> np.ndarray:
    """(H, W) numbers -> (H, W, 4) uint8 RGBA, `low`..`high` spread over the map (clipped)."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=low)
    span = high - low if high > low else 1.0
    index = np.clip(np.rint((values - low) / span * 255), 0, 255).astype(np.intp)
    rgba = np.empty(values.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = colour_map.table()[index]
    rgba[..., 3] = 255
    return rgba


RGBA = QImage.Format.Format_RGBA8888  # looked up once: an enum member costs PySide6 microseconds each time


def to_qimage(rgba: np.ndarray) -> QImage:
    """(H, W, 4) uint8 -> a QImage that owns a copy of the pixels."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    height, width = rgba.shape[:2]
    return QImage(rgba.data, width, height, 4 * width, RGBA).copy()
