"""Where the cells of a grid of images go (pure, no Qt): as large as fits, whatever the panel's shape."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class GridLayout:
    columns: int
    rows: int
    cell: float  # side of one square cell, in pixels
    gap: float
    left: float  # where the grid starts, to centre it
    top: float

    def cell_origin(self, index: int) -> tuple[float, float]:
        row, column = divmod(index, self.columns)
        return self.left + column * (self.cell + self.gap), self.top + row * (self.cell + self.gap)

    def index_at(self, x: float, y: float, count: int) -> int | None:
        """The cell under a point, or None for gaps, margins and empty slots."""
        if self.cell <= 0:
            return None
        pitch = self.cell + self.gap
        column, row = math.floor((x - self.left) / pitch), math.floor((y - self.top) / pitch)
        if not (0 <= column < self.columns and 0 <= row < self.rows):
            return None
        if (x - self.left) - column * pitch > self.cell or (y - self.top) - row * pitch > self.cell:
            return None
        index = row * self.columns + column
        return index if index < count else None


def best_grid(count: int, width: float, height: float, gap: float = 2.0) -> GridLayout:
    """The column count that gives the largest square cells for `count` cells in width x height.

    Only whole rectangles are considered (32 maps as 8x4 or 4x8, never 7+7+7+7+4): a ragged last
    row reads as if maps were missing.
    """
    count = max(1, count)
    best = None
    for columns in (c for c in range(1, count + 1) if count % c == 0):
        rows = count // columns
        cell = min((width - gap * (columns - 1)) / columns, (height - gap * (rows - 1)) / rows)
        if best is None or cell > best[0]:
            best = (cell, columns, rows)
    cell, columns, rows = best
    cell = max(0.0, cell)
    cell = float(math.floor(cell)) if cell >= 1 else cell  # whole pixels keep nearest-neighbour maps crisp
    used_w, used_h = columns * cell + gap * (columns - 1), rows * cell + gap * (rows - 1)
    return GridLayout(columns, rows, cell, gap, max(0.0, (width - used_w) / 2), max(0.0, (height - used_h) / 2))
