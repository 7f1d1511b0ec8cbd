"""How the app words its readings (`model.certainty`): generated runes and shapes that are no rune.

    python bench/certainty.py [--model FILE] [--per-rune N] [--seed S]

For generated drawings of every rune (the training generator's default hand, seeded apart from training):
the share read "confident", "fairly sure" and "unsure" (and why), and the widest ink and largest closed-in
loop any of them has, which `WIDEST_RUNE` and `MOST_ENCLOSED` must stay clear of. Then shapes that are no
rune: the network's best guess and the words the app gives it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.alphabet import load_alphabet  # noqa: E402
from model.certainty import INK, judge, largest_enclosed_share  # noqa: E402
from model.generator import generate_drawing  # noqa: E402
from model.preprocessing import preprocess, rasterize_strokes  # noqa: E402

SHAPES = {
    "square": [[(10, 10), (90, 10), (90, 90), (10, 90), (10, 10)]],
    "hand-drawn square": [[(18, 10), (82, 12), (83, 90), (17, 89), (19, 14)]],
    "circle": [[(50 + 40 * np.cos(t), 50 + 40 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 30)]],
    "horizontal line": [[(5, 50), (95, 50)]],
    "scribble": [[(20, 30), (80, 50), (30, 70), (70, 20), (40, 90), (90, 80), (10, 60)]],
}


def width_over_height(image: np.ndarray) -> float:
    rows, columns = np.nonzero(image >= INK)
    return (np.ptp(columns) + 1) / (np.ptp(rows) + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a .keras model (the shipped one by default)")
    parser.add_argument("--per-rune", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2027)
    arguments = parser.parse_args()

    from model.recognizer import Recognizer

    recognizer = Recognizer.load(arguments.model)
    alphabet = load_alphabet()
    rng = np.random.default_rng(arguments.seed)
    words: Counter[str] = Counter()
    widest, most_enclosed = (0.0, ""), (0.0, "")
    for index, rune in enumerate(alphabet.runes):
        images = np.stack([preprocess(generate_drawing(alphabet, index, rng)) for _ in range(arguments.per_rune)])
        for image, probabilities in zip(images, recognizer.predict_images(images)):
            certainty = judge(probabilities, image)
            words[certainty.level + (f" ({certainty.reason})" if certainty.reason else "")] += 1
            widest = max(widest, (width_over_height(image), rune.name))
            most_enclosed = max(most_enclosed, (largest_enclosed_share(image >= INK), rune.name))
    total = sum(words.values())
    print(f"generated drawings: {total} ({arguments.per_rune} per rune, seed {arguments.seed})")
    for level, count in words.most_common():
        print(f"  {level:<20} {count:>5}  {100 * count / total:5.1f} %")
    print(f"widest ink, width / height: {widest[0]:.2f} ({widest[1]})")
    print(f"largest closed-in loop, share of the ink's box: {most_enclosed[0]:.2f} ({most_enclosed[1]})")
    print("shapes that are no rune:")
    for name, polylines in SHAPES.items():
        image = rasterize_strokes([np.asarray(points, dtype=np.float64) for points in polylines], (100, 100))
        probabilities = recognizer.predict_images(image[None])[0]
        certainty = judge(probabilities, image)
        best = alphabet.names[certainty.best]
        print(f"  {name:<18} {best} {100 * probabilities[certainty.best]:5.1f} %  -> {certainty.level}"
              + (f" ({certainty.reason})" if certainty.reason else ""))


if __name__ == "__main__":
    main()
