"""Filtering by hand: a 3x3 kernel slid over an image without padding, one cell at a time.

The numbers are the classroom slide's: its 6x6 image and "top edge" kernel give a 4x4 map, and the same
kernel over that map a 2x2 map. The slide prints -4 for the 2x2 map's first cell; the arithmetic gives -2
(`SLIDE_MISPRINT`), and a learner who checks by hand should find the app right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SLIDE_IMAGE = np.array(
    [
        [4, 0, 1, 8, 3, 1],
        [6, 4, 7, 2, 1, 1],
        [3, 5, 9, 2, 8, 5],
        [2, 1, 1, 0, 4, 0],
        [3, 1, 7, 3, 7, 8],
        [6, 7, 5, 3, 0, 9],
    ],
    dtype=np.float64,
)
TOP_EDGE_KERNEL = np.array([[-1, -1, -1], [1, 1, 1], [0, 0, 0]], dtype=np.float64)
SLIDE_MISPRINT = {"cell": (0, 0), "slide": -4, "arithmetic": -2}


@dataclass(frozen=True)
class FilterStep:
    """How one cell of a map comes about: the patch under the kernel, the products, their sum."""

    row: int
    col: int
    patch: np.ndarray  # (kh, kw), the image under the kernel
    products: np.ndarray  # patch * kernel, cell by cell
    total: float  # the products' sum (divided by `divide_by`, as the X-or-O lesson does)


def map_shape(image_shape: tuple[int, int], kernel_shape: tuple[int, int]) -> tuple[int, int]:
    """The map's size without padding: each side shrinks by the kernel's size less one."""
    return image_shape[0] - kernel_shape[0] + 1, image_shape[1] - kernel_shape[1] + 1


def filter_step(image: np.ndarray, kernel: np.ndarray, row: int, col: int, divide_by: float = 1.0) -> FilterStep:
    """Line the kernel up with the patch at (row, col), multiply pixel by pixel, add the products up."""
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    height, width = kernel.shape
    patch = image[row : row + height, col : col + width]
    products = patch * kernel
    return FilterStep(row, col, patch, products, float(products.sum() / divide_by))


def filter_image(image: np.ndarray, kernel: np.ndarray, divide_by: float = 1.0) -> np.ndarray:
    """The whole map: `filter_step` at every place the kernel fits inside the image (no padding)."""
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    rows, cols = map_shape(image.shape, kernel.shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"a {kernel.shape[0]}x{kernel.shape[1]} kernel does not fit in a "
                         f"{image.shape[0]}x{image.shape[1]} image")
    return np.array([[filter_step(image, kernel, r, c, divide_by).total for c in range(cols)] for r in range(rows)])
