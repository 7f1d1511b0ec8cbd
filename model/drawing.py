"""Drawings as data: a drawing is a list of strokes, a stroke a sequence of points.

Points are in canvas coordinates (pixels, y downwards), with optional time (milliseconds from the
start of the drawing) and pen pressure (0..1). Drawings that exist only as pictures (imported
rasters) are `RasterDrawing`s; both kinds enter the network through `model.preprocessing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Stroke:
    points: np.ndarray  # (N, 2) float64: x, y
    times: np.ndarray | None = None  # (N,) milliseconds
    pressures: np.ndarray | None = None  # (N,) 0..1

    @classmethod
    def from_xy(cls, xy, times=None, pressures=None) -> Stroke:
        points = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        t = None if times is None else np.asarray(times, dtype=np.float64).reshape(-1)
        p = None if pressures is None else np.asarray(pressures, dtype=np.float64).reshape(-1)
        for extra, what in ((t, "times"), (p, "pressures")):
            if extra is not None and len(extra) != len(points):
                raise ValueError(f"stroke has {len(points)} points but {len(extra)} {what}")
        return cls(points, t, p)

    def __len__(self) -> int:
        return len(self.points)


@dataclass(frozen=True)
class Drawing:
    strokes: tuple[Stroke, ...]
    canvas_size: tuple[int, int] | None = None  # (width, height) of the canvas it was drawn on
    label: str | None = None

    @property
    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    def with_label(self, label: str | None) -> Drawing:
        return Drawing(self.strokes, self.canvas_size, label)


@dataclass(frozen=True)
class RasterDrawing:
    """A drawing known only as a picture: ink intensity, 0 = paper, 1 (or 255) = full ink."""

    ink: np.ndarray = field(repr=False)  # (H, W)
    label: str | None = None

    def with_label(self, label: str | None) -> RasterDrawing:
        return RasterDrawing(self.ink, label)


Sample = Drawing | RasterDrawing
