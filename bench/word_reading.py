"""Reading words: runes of generated drawings placed side by side, with varied gaps, sizes and baselines, with
and without word dividers, read through `model.word_reading` as strokes and as pictures.

    python bench/word_reading.py [--model FILE] [--words N] [--seed S] [--json]

Prints, per path (strokes, pictures): the share of runes read right in order (a missing or extra glyph counts
as wrong: the runes are aligned by edit distance) and the share of words read exactly right (runes and the
places of the dividers), then the most frequent mistakes of the splitting (glyph count wrong) and of the runes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.alphabet import Alphabet, load_alphabet  # noqa: E402
from model.drawing import Drawing, RasterDrawing, Stroke  # noqa: E402
from model.generator import TYPICAL_STYLE, choose_form, generate_strokes, render_raster  # noqa: E402
from model.word_reading import read_word  # noqa: E402

HEIGHT = 120.0  # px: a rune's height on the canvas, before each rune's own size
DIVIDERS = ("·", ":", "×")


def _dot(centre: np.ndarray, rng) -> np.ndarray:
    """A dot as a mouse makes it: a click with a few pixels of wobble."""
    return centre + rng.normal(0.0, 1.0, (int(rng.integers(1, 4)), 2))


def _divider(kind: str, x: float, mid: float, rng) -> list[np.ndarray]:
    if kind == "·":
        return [_dot(np.array([x, mid]), rng)]
    if kind == ":":
        gap = HEIGHT * rng.uniform(0.15, 0.3)
        return [_dot(np.array([x, mid - gap]), rng), _dot(np.array([x, mid + gap]), rng)]
    half = HEIGHT * rng.uniform(0.1, 0.2)
    return [np.array([[x - half, mid - half], [x + half, mid + half]]),
            np.array([[x + half, mid - half], [x - half, mid + half]])]


def make_word(alphabet: Alphabet, rng, count: int | None = None) -> tuple[Drawing, list[str], list[int]]:
    """A word of 2 to 6 runes; each rune its own size (0.8-1.2) and baseline (+-12 %), gaps of 0.12 to 0.8 of a
    rune's height; in half the words dividers (of one kind) between some runes. Returns the drawing, its runes and
    the divider positions."""
    count = int(rng.integers(2, 7)) if count is None else count
    names = [alphabet.names[i] for i in rng.integers(0, len(alphabet), count)]
    kind = DIVIDERS[rng.integers(len(DIVIDERS))] if rng.random() < 0.5 else None
    strokes, positions, x = [], [], 20.0
    for index, name in enumerate(names):
        if index > 0:
            gap = HEIGHT * rng.uniform(0.12, 0.8)
            if kind is not None and rng.random() < 0.5:
                gap = HEIGHT * rng.uniform(0.5, 0.9)  # a divider takes room of its own
                strokes += _divider(kind, x + gap / 2, 40.0 + HEIGHT / 2, rng)
                positions.append(index)
            x += gap
        rune = alphabet.rune(name)
        lines = generate_strokes(choose_form(rune.trainable_forms, rng, TYPICAL_STYLE), rng, TYPICAL_STYLE)
        every = np.concatenate(lines)
        low, high = every.min(axis=0), every.max(axis=0)
        scale = HEIGHT * rng.uniform(0.8, 1.2) / max(high[1] - low[1], 1e-9)
        top = 40.0 + HEIGHT * rng.uniform(-0.12, 0.12)
        strokes += [(line - low) * scale + [x, top] for line in lines]
        x += (high[0] - low[0]) * scale
    canvas = (int(x + 20), int(HEIGHT * 1.6 + 80))
    return Drawing(tuple(Stroke(points) for points in strokes), canvas), names, positions


def edit_distance(a: list[str], b: list[str]) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def measure(alphabet: Alphabet, recognize, words: int, seed: int, as_picture: bool) -> dict:
    rng = np.random.default_rng([seed, 1901 + as_picture])
    runes = right = exact = 0
    split_wrong, rune_wrong = Counter(), Counter()
    started = time.perf_counter()
    for _ in range(words):
        drawing, names, positions = make_word(alphabet, rng)
        sample = drawing
        if as_picture:
            width, height = drawing.canvas_size
            scale = 0.5  # a picture of the word at half the canvas's size, a 6 px pen
            ink = render_raster(drawing, 6.0, (round(width * scale), round(height * scale)))
            sample = RasterDrawing(ink)
        reading = read_word(sample, recognize, alphabet)
        read = list(reading.runes)
        runes += len(names)
        right += max(0, len(names) - edit_distance(names, read))
        found = sorted(d.position for d in reading.dividers if 0 < d.position < len(read))
        exact += read == names and found == positions
        if len(read) != len(names):
            split_wrong[f"{len(names)} runes read as {len(read)}"] += 1
        else:
            rune_wrong.update(f"{a} as {b}" for a, b in zip(names, read) if a != b)
    return {"words": words, "runes": runes, "runes_right": right / runes, "words_exact": exact / words,
            "split_wrong": sum(split_wrong.values()), "seconds": round(time.perf_counter() - started, 1),
            "top_split_errors": split_wrong.most_common(4), "top_rune_errors": rune_wrong.most_common(6)}


def single_runes(alphabet: Alphabet, recognize, count: int, seed: int) -> dict:
    """Runes drawn alone, read as words: how many are one glyph, and read as the rune."""
    rng = np.random.default_rng([seed, 1999])
    one = right = 0
    for _ in range(count):
        drawing, names, _positions = make_word(alphabet, rng, 1)
        reading = read_word(drawing, recognize, alphabet)
        one += len(reading.glyphs) == 1
        right += list(reading.runes) == names
    return {"runes": count, "one_glyph": one / count, "read_right": right / count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    from model.recognizer import Recognizer

    recognizer = Recognizer.load(arguments.model)
    alphabet = load_alphabet()
    results = {path: measure(alphabet, recognizer.recognize_sample, arguments.words, arguments.seed, path == "pictures")
               for path in ("strokes", "pictures")}
    results["single runes"] = single_runes(alphabet, recognizer.recognize_sample, arguments.words, arguments.seed)
    if arguments.json:
        print(json.dumps(results))
    else:
        single = results.pop("single runes")
        print(f"single runes (strokes): {single['one_glyph']:.2%} of {single['runes']} read as one glyph, "
              f"{single['read_right']:.2%} read right")
        for path, figures in results.items():
            print(f"{path}: {figures['runes_right']:.2%} of {figures['runes']} runes right in order, "
                  f"{figures['words_exact']:.2%} of {figures['words']} words exactly right "
                  f"({figures['seconds']} s); split wrong in {figures['split_wrong']} words "
                  f"{figures['top_split_errors']}; runes {figures['top_rune_errors']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
