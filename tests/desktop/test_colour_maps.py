"""Numbers to colours."""

from __future__ import annotations

import numpy as np

from desktop.common.colour_maps import ACTIVATION, SIGNED, colourize, to_qimage


def test_colourize_spreads_the_range_over_the_map():
    rgba = colourize(np.array([[0.0, 5.0, 10.0, 20.0]]), ACTIVATION, 0.0, 10.0)
    table = ACTIVATION.table()
    assert rgba.shape == (1, 4, 4) and rgba.dtype == np.uint8
    np.testing.assert_array_equal(rgba[0, 0, :3], table[0])
    np.testing.assert_array_equal(rgba[0, 2, :3], table[-1])
    np.testing.assert_array_equal(rgba[0, 3, :3], table[-1])  # clipped above the range
    assert (rgba[..., 3] == 255).all()


def test_signed_map_is_white_at_zero():
    rgba = colourize(np.array([[0.0]]), SIGNED, -1.0, 1.0)
    assert rgba[0, 0, :3].min() > 240


def test_flat_and_nan_input_does_not_fail():
    rgba = colourize(np.array([[np.nan, 1.0]]), ACTIVATION, 1.0, 1.0)
    assert rgba.shape == (1, 2, 4)


def test_to_qimage_keeps_size_and_pixels(qapp):
    rgba = colourize(np.arange(6, dtype=float).reshape(2, 3), ACTIVATION, 0, 5)
    image = to_qimage(rgba)
    assert (image.width(), image.height()) == (3, 2)
    colour = image.pixelColor(2, 1)
    assert (colour.red(), colour.green(), colour.blue()) == tuple(int(v) for v in rgba[1, 2, :3])
