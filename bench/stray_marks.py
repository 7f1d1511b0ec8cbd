"""A click beside a finished rune: how the shipped model reads drawings with a stray mark, with and
without the preprocessing that leaves such marks out.

    python bench/stray_marks.py [--model FILE] [--per-rune N] [--seed S]

Typical drawings at 30-70% of a 240x240 canvas, each with one click (a one-point stroke) somewhere on
the canvas at least 15% of the rune's size away from its ink; read as strokes (the app) and stored the
workshop's way (20 px pen, 24x24). "kept" switches the stray-mark handling off, as before it existed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import preprocessing  # noqa: E402
from model.alphabet import load_alphabet  # noqa: E402
from model.drawing import Drawing, Stroke  # noqa: E402
from model.generator import TYPICAL_STYLE, WORKSHOP_CANVAS, generate_drawing, workshop_raster  # noqa: E402
from model.recognizer import Recognizer  # noqa: E402
from model.resource_files import SHIPPED_MODEL_PATH  # noqa: E402

CANVAS = (WORKSHOP_CANVAS, WORKSHOP_CANVAS)


def with_click(drawing: Drawing, rng: np.random.Generator) -> Drawing:
    """The drawing and one click at least 15% of its size from its ink, inside the canvas."""
    every = np.concatenate([stroke.points for stroke in drawing.strokes])
    low, high = every.min(axis=0), every.max(axis=0)
    margin = 0.15 * float((high - low).max()) + 12  # and the 20 px pen's radius, for the picture
    corners = np.array([[x, y] for x in (10, WORKSHOP_CANVAS - 10) for y in (10, WORKSHOP_CANVAS - 10)], float)
    spot = corners[np.argmax(np.abs(corners - (low + high) / 2).max(axis=1))]  # the farthest, if no other will do
    for _ in range(100):
        candidate = rng.uniform(10, WORKSHOP_CANVAS - 10, 2)
        if ((candidate < low - margin) | (candidate > high + margin)).any():
            spot = candidate
            break
    return Drawing((*drawing.strokes, Stroke.from_xy(spot[None, :])), drawing.canvas_size, drawing.label)


def score(recognizer: Recognizer, samples: list, labels: np.ndarray) -> float:
    images = np.asarray([preprocessing.preprocess(sample) for sample in samples])
    return float((recognizer.predict_images(images).argmax(axis=1) == labels).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=SHIPPED_MODEL_PATH)
    parser.add_argument("--per-rune", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    alphabet, rng = load_alphabet(), np.random.default_rng([args.seed, 77])
    recognizer = Recognizer.load(args.model)
    clean = [generate_drawing(alphabet, index, rng, CANVAS, TYPICAL_STYLE, fill=(0.3, 0.7))
             for _ in range(args.per_rune) for index in range(len(alphabet))]
    clicked = [with_click(drawing, rng) for drawing in clean]
    labels = np.array([alphabet.index(drawing.label) for drawing in clean])
    handled = {"strokes": preprocessing.without_stray_marks, "rasters": preprocessing.without_stray_ink}
    print(f"{len(clean)} drawings ({args.per_rune} per rune), one click each beside the rune")
    print(f"{'read as':22s} {'no click':>9s} {'click, left out':>16s} {'click, kept':>12s}")
    for kind, make in (("strokes (the app)", lambda d: d), ("workshop format", workshop_raster)):
        row = [score(recognizer, [make(d) for d in clean], labels),
               score(recognizer, [make(d) for d in clicked], labels)]
        preprocessing.without_stray_marks = lambda strokes: list(strokes)
        preprocessing.without_stray_ink = lambda image: np.where(image > preprocessing.RASTER_INK_THRESHOLD, image, 0.0)
        try:
            row.append(score(recognizer, [make(d) for d in clicked], labels))
        finally:
            preprocessing.without_stray_marks, preprocessing.without_stray_ink = handled["strokes"], handled["rasters"]
        print(f"{kind:22s} " + " ".join(f"{value:>{width}.2%}" for value, width in zip(row, (9, 16, 12))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
