"""Would thinning thick rasters help? The shipped model reads rasters as they are (docs/recognizer.md);
this erodes the network input of rasters whose ink looks thick and scores both ways.

    python bench/raster_thinning.py [--model FILE] [--per-rune N] [--seed S]

Thick means: the share of ink pixels (> 0.5) that stay ink after a 3x3 grey erosion (their whole
neighbourhood is ink) is above a threshold; such an input is eroded once and rescaled to a peak of 1.
Drawings with strokes are re-rendered at one width anyway and are left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accuracy import check_sets  # noqa: E402
from model.alphabet import load_alphabet  # noqa: E402
from model.drawing import RasterDrawing  # noqa: E402
from model.preprocessing import INPUT_SIZE, DrawingError, preprocess  # noqa: E402
from model.recognizer import Recognizer  # noqa: E402
from model.resource_files import SHIPPED_MODEL_PATH  # noqa: E402

SETS = ("workshop format", "thick pen (40 px of 240)", "thin pen (5 px of 240)", "tiny, in a corner (workshop)",
        "short-twig forms (workshop)", "another hand (workshop)")
THRESHOLDS = (0.2, 0.3, 0.4)


def erode(image: np.ndarray) -> np.ndarray:
    """3x3 grey erosion: each pixel the least ink of its neighbourhood."""
    padded = np.pad(image, 1)
    return np.min([padded[1 + dy:1 + dy + INPUT_SIZE, 1 + dx:1 + dx + INPUT_SIZE]
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)


def thickness(image: np.ndarray) -> float:
    """The share of ink pixels whose whole 3x3 neighbourhood is ink: near 0 for lines, high for blobs."""
    ink = image > 0.5
    return float((erode(image) > 0.5).sum() / max(1, ink.sum()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=SHIPPED_MODEL_PATH)
    parser.add_argument("--per-rune", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    alphabet = load_alphabet()
    recognizer = Recognizer.load(args.model)
    sets = check_sets(alphabet, args.per_rune, args.seed)
    print(f"{'set':32s} {'as is':>7s} " + " ".join(f"{'thin >' + str(t):>10s}" for t in THRESHOLDS) + "  thick share")
    for name in SETS:
        rasters = [s for s in sets[name] if isinstance(s, RasterDrawing)]
        images, labels = [], []
        for sample in rasters:
            try:
                images.append(preprocess(sample))
            except DrawingError:
                continue
            labels.append(alphabet.index(sample.label))
        images, labels = np.asarray(images), np.asarray(labels)
        thick = np.array([thickness(image) for image in images])
        scores = [(recognizer.predict_images(images).argmax(1) == labels).mean()]
        for threshold in THRESHOLDS:
            thinned = images.copy()
            for index in np.flatnonzero(thick > threshold):
                eroded = erode(images[index])
                if eroded.max() > 0.3:  # a line eroded to nothing stays as it was
                    thinned[index] = eroded / eroded.max()
            scores.append((recognizer.predict_images(thinned).argmax(1) == labels).mean())
        print(f"{name:32s} " + " ".join(f"{score:>10.2%}" if i else f"{score:>7.2%}" for i, score in enumerate(scores))
              + f"  {np.mean(thick > THRESHOLDS[1]):.0%}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
