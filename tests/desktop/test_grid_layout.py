"""Feature-map grids: whole rectangles, as large as fit."""

from __future__ import annotations

import pytest

from desktop.common.grid_layout import best_grid


@pytest.mark.parametrize(("count", "width", "height", "shape"), [
    (16, 200, 200, (4, 4)),
    (32, 400, 200, (8, 4)),
    (32, 200, 400, (4, 8)),
    (64, 300, 300, (8, 8)),
])
def test_best_grid_picks_whole_rectangles(count, width, height, shape):
    layout = best_grid(count, width, height)
    assert (layout.columns, layout.rows) == shape
    assert layout.columns * layout.rows == count
    assert layout.cell == int(layout.cell)  # whole pixels


def test_grid_fits_inside_the_area():
    layout = best_grid(64, 250, 180, gap=1)
    assert layout.left + layout.columns * layout.cell + (layout.columns - 1) * layout.gap <= 250
    assert layout.top + layout.rows * layout.cell + (layout.rows - 1) * layout.gap <= 180


def test_index_at_cells_gaps_and_outside():
    layout = best_grid(16, 100, 100, gap=4)
    x, y = layout.cell_origin(5)
    assert layout.index_at(x + 1, y + 1, 16) == 5
    assert layout.index_at(x + layout.cell + 2, y + 1, 16) is None  # in the gap
    assert layout.index_at(-5, 10, 16) is None
