"""Training data: generated drawings through every path a real drawing takes into the network.

A batch mixes drawings made in the app (strokes, re-rendered), drawings stored the workshop's way
(240x240 canvas, 20 px pen, 24x24 alpha) and other rasters (any canvas, pen and image size), all
through `model.preprocessing.preprocess`. Each batch depends only on (seed, epoch, index), so a run
is reproducible and batches can be made in any order or in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Drawing, RasterDrawing
from model.generator import (
    DEFAULT_STYLE,
    WORKSHOP_CANVAS,
    WORKSHOP_PEN,
    WORKSHOP_SIZE,
    HandStyle,
    generate_drawing,
    render_raster,
)
from model.non_runes import generate_non_rune
from model.preprocessing import INPUT_SIZE, BlankDrawing, preprocess

DOWNSCALE_METHODS = ("box", "smooth", "sample")


@dataclass(frozen=True)
class PathMix:
    """Shares of the three ways into the network."""

    strokes: float = 0.4
    workshop: float = 0.4
    raster: float = 0.2

    def as_array(self) -> np.ndarray:
        shares = np.array([self.strokes, self.workshop, self.raster], dtype=np.float64)
        return shares / shares.sum()


NON_RUNE_SHARE = 0.1  # of a training batch: generated drawings that are no rune (the last output)


def class_drawing(alphabet: Alphabet, class_index: int, rng: np.random.Generator, canvas_size: tuple[int, int],
                  style: HandStyle = DEFAULT_STYLE, fill: tuple[float, float] = (0.4, 0.9)) -> Drawing:
    """A generated drawing of one output class: a rune, or (index len(alphabet)) a drawing that is no rune."""
    if class_index == len(alphabet):
        return generate_non_rune(rng, canvas_size, style, fill)
    return generate_drawing(alphabet, class_index, rng, canvas_size, style, fill)


def generated_image(
    alphabet: Alphabet, rune_index: int, rng: np.random.Generator, path: str, style: HandStyle = DEFAULT_STYLE
) -> np.ndarray:
    """One generated drawing of a class (a rune, or len(alphabet): no rune), entering the network by
    `path`: strokes, workshop or raster."""
    if path == "strokes":
        return preprocess(class_drawing(alphabet, rune_index, rng, (400, 400), style))
    if path == "workshop":
        canvas = (WORKSHOP_CANVAS, WORKSHOP_CANVAS)
        drawing = class_drawing(alphabet, rune_index, rng, canvas, style, fill=(0.25, 0.95))
        pen = WORKSHOP_PEN if rng.random() < 0.7 else rng.uniform(14.0, 26.0)
        size = (WORKSHOP_SIZE, WORKSHOP_SIZE)
        ink = render_raster(drawing, pen, size, DOWNSCALE_METHODS[rng.integers(3)])
        return preprocess(RasterDrawing(ink))
    if path == "raster":
        width = int(rng.integers(100, 600))
        canvas = (width, int(width * rng.uniform(0.6, 1.6)))
        side = int(rng.integers(16, 97))
        smallest = 8.0 * max(canvas) / (side * min(canvas))  # at least 8 pixels of drawing in the image
        drawing = class_drawing(alphabet, rune_index, rng, canvas, style, fill=(max(0.2, smallest), 0.95))
        method = DOWNSCALE_METHODS[rng.integers(3)]
        # A hairline scaled far down fades to nothing, and point sampling can miss it altogether.
        thinnest = (1.2 if method == "sample" else 0.6) * max(canvas) / side
        pen = max(rng.uniform(0.012, 0.1) * min(canvas), thinnest)
        size = (max(8, int(side * canvas[0] / max(canvas))), max(8, int(side * canvas[1] / max(canvas))))
        ink = render_raster(drawing, pen, size, method)
        return preprocess(RasterDrawing(ink))
    raise ValueError(f"unknown path {path!r}")


PATHS = ("strokes", "workshop", "raster")


def generated_batch(
    alphabet: Alphabet,
    count: int,
    rng: np.random.Generator,
    style: HandStyle = DEFAULT_STYLE,
    mix: PathMix = PathMix(),
    non_rune_share: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """`count` images with every rune equally often, shuffled: (count, S, S, 1) float32, (count,) int.
    A `non_rune_share` of them are drawings that are no rune, labelled len(alphabet)."""
    non_runes = int(round(count * non_rune_share))
    labels = rng.permutation(np.concatenate([np.resize(np.arange(len(alphabet)), count - non_runes),
                                             np.full(non_runes, len(alphabet))]))
    paths = rng.choice(len(PATHS), size=count, p=mix.as_array())
    images = np.empty((count, INPUT_SIZE, INPUT_SIZE, 1), dtype=np.float32)
    for i, (label, path) in enumerate(zip(labels, paths)):
        images[i, :, :, 0] = _inked_image(alphabet, int(label), rng, PATHS[path], style)
    return images, labels.astype(np.int32)


def _inked_image(alphabet: Alphabet, rune_index: int, rng: np.random.Generator, path: str, style: HandStyle):
    """A generated image with ink. Scaling a raster far down can, very rarely, lose a whole drawing;
    then the hand draws again (still deterministic for the generator's state)."""
    for _ in range(10):
        try:
            return generated_image(alphabet, rune_index, rng, path, style)
        except BlankDrawing:
            continue
    raise RuntimeError(f"ten generated drawings of rune {rune_index} by {path!r} were all blank")
