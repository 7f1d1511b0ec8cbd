"""Stroke geometry for the canvas, as pure functions on NumPy arrays (no Qt, no painting).

The canvas keeps strokes in the coordinates of a `Page`. For ink drawn on it the page is the canvas's own
pixels: a point is stored where the pen was, and a resize never moves ink. A drawing that was opened keeps
the coordinates of the canvas it was drawn on; `shown_page` shows that page one to one from the canvas's
top-left corner, shrunk only where it would not fit, and new strokes on it are mapped the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MIN_POINT_SPACING = 0.75  # page pixels: closer points add nothing but noise and work
PRESSURE_FLOOR = 0.3  # a feather-light pen still leaves a visible line
PRESSURE_GAIN = 1.4  # at pressure 0.5 the line is exactly the chosen pen width

@dataclass(frozen=True)
class Page:
    """The area a drawing's coordinates lie on. For ink drawn on the canvas: its pixels from its top-left,
    as large as the canvas was when the drawing was last drawn on. For an opened drawing (`opened`): the
    canvas it was drawn on (or its ink and a margin), in its own coordinates, shown by `shown_page`."""

    x: float
    y: float
    width: float
    height: float
    opened: bool = False


@dataclass(frozen=True)
class PageTransform:
    """Uniform scale then offset, page -> view: view = page * scale + offset."""

    scale: float = 1.0
    offset_x: float = 0.0
    offset_y: float = 0.0

    def to_view(self, points: np.ndarray) -> np.ndarray:
        return np.asarray(points, dtype=np.float64) * self.scale + (self.offset_x, self.offset_y)

    def to_page(self, points: np.ndarray) -> np.ndarray:
        return (np.asarray(points, dtype=np.float64) - (self.offset_x, self.offset_y)) / self.scale

    def shifted(self, dx: float, dy: float) -> PageTransform:
        """The same, moved by (dx, dy) view pixels."""
        return PageTransform(self.scale, self.offset_x + dx, self.offset_y + dy)


def shown_page(page: Page, view_size: tuple[float, float]) -> PageTransform:
    """How an opened drawing's page is shown: its top-left at the view's, one page pixel to one view pixel
    like ink drawn here, and shrunk uniformly only as far as it must to fit."""
    page_w, page_h = max(1.0, float(page.width)), max(1.0, float(page.height))
    view_w, view_h = (max(1.0, float(v)) for v in view_size)
    scale = min(1.0, view_w / page_w, view_h / page_h)
    return PageTransform(scale, -float(page.x) * scale, -float(page.y) * scale)


def ink_size(strokes_points: Sequence[np.ndarray], area: tuple[float, float]) -> tuple[int, int]:
    """A drawing's canvas size: the area (width, height) it was drawn on, grown to hold ink drawn past
    its right or bottom edge (the window was made smaller after it was drawn), in whole pixels."""
    width, height = float(area[0]), float(area[1])
    nonempty = [np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in strokes_points if len(p)]
    if nonempty:
        right, bottom = np.concatenate(nonempty).max(axis=0)
        width, height = max(width, float(right)), max(height, float(bottom))
    return max(1, int(np.ceil(width))), max(1, int(np.ceil(height)))


def should_append(
    points: Sequence[Sequence[float]], point: Sequence[float], spacing: float = MIN_POINT_SPACING
) -> bool:
    """Whether a new input point is far enough from the last kept one to be worth keeping."""
    if len(points) == 0:
        return True
    last = points[-1]
    return float(np.hypot(point[0] - last[0], point[1] - last[1])) >= spacing


def pressure_widths(pressures: np.ndarray | None, base_width: float, count: int) -> np.ndarray:
    """Line width at each point: the pen width, scaled by pen pressure when there is any."""
    if pressures is None:
        return np.full(count, float(base_width))
    clipped = np.clip(np.asarray(pressures, dtype=np.float64), 0.0, 1.0)
    return base_width * np.maximum(PRESSURE_FLOOR, PRESSURE_GAIN * clipped)


@dataclass(frozen=True)
class SmoothPath:
    """A stroke as quadratic curves through the midpoints of its segments (input points are controls).

    The curve starts at the first point, ends at the last and is tangent-continuous, which removes the
    corners a polyline of mouse samples has without moving the line away from where the hand went.
    """

    start: np.ndarray  # (2,)
    controls: np.ndarray  # (K, 2)
    ends: np.ndarray  # (K, 2)
    line_end: np.ndarray  # (2,): a final straight piece to the last point


def smooth_path(points: np.ndarray) -> SmoothPath:
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(points) < 3:
        return SmoothPath(points[0], np.empty((0, 2)), np.empty((0, 2)), points[-1])
    controls = points[1:-1]
    ends = (points[1:-1] + points[2:]) / 2
    return SmoothPath(points[0], controls, ends, points[-1])


def point_segment_distances(strokes_points: Sequence[np.ndarray], point: Sequence[float]) -> np.ndarray:
    """For each stroke, the distance from `point` to its polyline (a lone point counts as a dot)."""
    p = np.asarray(point, dtype=np.float64)
    distances = np.full(len(strokes_points), np.inf)
    for index, points in enumerate(strokes_points):
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if len(points) == 0:
            continue
        if len(points) == 1:
            distances[index] = float(np.hypot(*(points[0] - p)))
            continue
        a, b = points[:-1], points[1:]
        ab = b - a
        length2 = np.einsum("ij,ij->i", ab, ab)
        t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.where(length2 == 0, 1.0, length2), 0.0, 1.0)
        nearest = a + ab * t[:, None]
        distances[index] = float(np.min(np.hypot(*(nearest - p).T)))
    return distances


def strokes_touched(
    strokes_points: Sequence[np.ndarray],
    eraser_from: Sequence[float],
    eraser_to: Sequence[float],
    radius: float,
) -> set[int]:
    """Indices of the strokes an eraser touches as it moves from one point to the next.

    The eraser's path is sampled every half radius, so a fast flick does not skip a thin stroke.
    """
    start, end = np.asarray(eraser_from, dtype=np.float64), np.asarray(eraser_to, dtype=np.float64)
    steps = max(1, int(np.ceil(np.hypot(*(end - start)) / max(radius / 2, 1e-6))))
    touched: set[int] = set()
    for t in np.linspace(0.0, 1.0, steps + 1):
        distances = point_segment_distances(strokes_points, start + (end - start) * t)
        touched.update(int(i) for i in np.flatnonzero(distances <= radius))
    return touched


def page_for_drawing(
    strokes_points: Sequence[np.ndarray], canvas_size: tuple[int, int] | None, margin: float = 0.15
) -> tuple[float, float, float, float]:
    """The page (x, y, width, height) to show a loaded drawing on: its canvas, or its ink plus a margin.

    A drawing file from another program may have no canvas size, or points outside it; the page then
    grows to hold all the ink, so nothing is cut off.
    """
    nonempty = [np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in strokes_points if len(p)]
    if canvas_size is not None:
        left, top, right, bottom = 0.0, 0.0, float(canvas_size[0]), float(canvas_size[1])
    elif nonempty:
        every = np.concatenate(nonempty)
        (left, top), (right, bottom) = every.min(axis=0), every.max(axis=0)
        pad = margin * max(right - left, bottom - top, 1.0)
        left, top, right, bottom = left - pad, top - pad, right + pad, bottom + pad
    else:
        return 0.0, 0.0, 1.0, 1.0
    if nonempty:
        every = np.concatenate(nonempty)
        left, top = min(left, float(every[:, 0].min())), min(top, float(every[:, 1].min()))
        right, bottom = max(right, float(every[:, 0].max())), max(bottom, float(every[:, 1].max()))
    return float(left), float(top), max(1.0, float(right - left)), max(1.0, float(bottom - top))


def unit_strokes_to_canvas(
    strokes: Sequence[np.ndarray], canvas_size: tuple[float, float], fill: float = 0.7
) -> list[np.ndarray]:
    """Strokes on the unit square (a rune form) placed in the middle of a canvas, `fill` of its short side."""
    width, height = canvas_size
    side = fill * min(width, height)
    origin = np.array([(width - side) / 2, (height - side) / 2])
    return [np.asarray(stroke, dtype=np.float64) * side + origin for stroke in strokes]


def resample_polyline(points: np.ndarray, spacing: float) -> np.ndarray:
    """Points every `spacing` along a polyline (ends kept): how a hand's samples fall along a line."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(points) < 2:
        return points.copy()
    lengths = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    if along[-1] == 0:
        return points[:1].copy()
    samples = np.linspace(0.0, along[-1], max(2, int(np.ceil(along[-1] / spacing)) + 1))
    return np.column_stack([np.interp(samples, along, points[:, 0]), np.interp(samples, along, points[:, 1])])
