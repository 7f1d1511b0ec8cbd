"""How well a model says "not a rune": drawings that are no rune it rejects, and runes it wrongly rejects.

    python bench/not_a_rune.py [--model FILE] [--count N] [--per-rune N] [--seed S] [--held-out] [--json]

Rejected means the verdict rule (model.verdict) calls the drawing "not a rune" or "not sure". Sets:
- non-rune shapes, letters, digits and scribbles of the training catalogue at another seed (tuning:
  the thresholds in model.verdict are chosen on these and on the rune sets), as strokes and as pictures;
- runes: typical drawings as strokes and stored the workshop's way, and drawings with the habits of real
  hands (bench/accuracy.py's REAL_HABITS);
- with --held-out: letters of scripts training never draws (Georgian, Armenian, more Cyrillic, an
  ampersand, a tailed O: model.non_runes.HELD_OUT_LETTERS) by another hand, a set looked at only at the
  end, to see how far "not a rune" reaches beyond what it was taught.
The thresholds sweep (--sweep) shows, for other thresholds, both shares on the tuning sets.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accuracy import OTHER_HAND, REAL_HABITS, WORKSHOP  # noqa: E402
from model.alphabet import load_alphabet  # noqa: E402
from model.generator import TYPICAL_STYLE, generate_drawing, workshop_raster  # noqa: E402
from model.non_runes import HELD_OUT_LETTERS, TRAINING_SHAPES, generate_non_rune  # noqa: E402
from model.preprocessing import BlankDrawing, preprocess  # noqa: E402

# The held-out hand: wobblier and more hurried than any training hand's average, few-point strokes half the time.
HELD_OUT_HAND = replace(OTHER_HAND, few_points=0.5, hook=0.1)


def _images(samples) -> np.ndarray:
    images = []
    for sample in samples:
        try:
            images.append(preprocess(sample))
        except BlankDrawing:
            continue
    return np.asarray(images)


def non_rune_sets(count: int, seed: int, held_out: bool) -> dict[str, np.ndarray]:
    rng = np.random.default_rng([seed, 404])
    typical = replace(TYPICAL_STYLE, hand_spread=0.0)
    sets = {
        "shapes and letters, strokes (tuning)": _images(
            generate_non_rune(rng, style=typical, shapes=TRAINING_SHAPES) for _ in range(count)),
        "shapes and letters, workshop (tuning)": _images(
            workshop_raster(generate_non_rune(rng, WORKSHOP, typical, (0.3, 0.95), TRAINING_SHAPES))
            for _ in range(count)),
    }
    if held_out:
        rng = np.random.default_rng([seed, 4242])
        sets["held-out scripts, another hand, strokes"] = _images(
            generate_non_rune(rng, style=HELD_OUT_HAND, shapes=HELD_OUT_LETTERS) for _ in range(count))
        sets["held-out scripts, another hand, workshop"] = _images(
            workshop_raster(generate_non_rune(rng, WORKSHOP, HELD_OUT_HAND, (0.3, 0.95), HELD_OUT_LETTERS))
            for _ in range(count))
    return sets


def rune_sets(per_rune: int, seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    alphabet = load_alphabet()
    rng = np.random.default_rng([seed, 405])
    makers = {
        "runes, strokes": lambda i: generate_drawing(alphabet, i, rng, style=TYPICAL_STYLE),
        "runes, workshop": lambda i: workshop_raster(generate_drawing(alphabet, i, rng, WORKSHOP, TYPICAL_STYLE,
                                                                      fill=(0.3, 0.95))),
        "runes with real-hand habits, strokes": lambda i: generate_drawing(alphabet, i, rng, style=REAL_HABITS),
        "runes with real-hand habits, workshop": lambda i: workshop_raster(
            generate_drawing(alphabet, i, rng, WORKSHOP, REAL_HABITS, fill=(0.3, 0.95))),
    }
    indices = [i for _ in range(per_rune) for i in range(len(alphabet))]
    return {name: (_images(make(i) for i in indices), np.asarray(indices)) for name, make in makers.items()}


def rejected_share(recognizer, images: np.ndarray, not_a_rune_at: float, sure_at: float) -> float:
    import model.verdict as verdict_rule

    runes, non_rune = recognizer.predict_outputs(images)
    saved = verdict_rule.NOT_A_RUNE_AT, verdict_rule.SURE_AT
    verdict_rule.NOT_A_RUNE_AT, verdict_rule.SURE_AT = not_a_rune_at, sure_at
    try:
        return float(verdict_rule.rejected(runes, non_rune).mean())
    finally:
        verdict_rule.NOT_A_RUNE_AT, verdict_rule.SURE_AT = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--count", type=int, default=800, help="drawings per non-rune set")
    parser.add_argument("--per-rune", type=int, default=50, help="drawings per rune per rune set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--held-out", action="store_true", help="also score the held-out set (look at it last)")
    parser.add_argument("--sweep", action="store_true", help="rejected shares for other thresholds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from model.recognizer import Recognizer
    from model.verdict import NOT_A_RUNE_AT, SURE_AT

    recognizer = Recognizer.load(args.model)
    non_runes = non_rune_sets(args.count, args.seed, args.held_out)
    runes = rune_sets(args.per_rune, args.seed)
    results = {}
    print(f"model: {recognizer.path}  (thresholds: not a rune at {NOT_A_RUNE_AT}, sure at {SURE_AT})")
    print(f"{'set':<44} {'count':>6} {'rejected':>9}")
    for name, images in non_runes.items():
        results[name] = rejected_share(recognizer, images, NOT_A_RUNE_AT, SURE_AT)
        print(f"{name:<44} {len(images):6d} {results[name]:9.2%}")
    for name, (images, _) in runes.items():
        results[name] = rejected_share(recognizer, images, NOT_A_RUNE_AT, SURE_AT)
        print(f"{name:<44} {len(images):6d} {results[name]:9.2%}")
    if args.sweep:
        tuning = [images for name, images in non_runes.items() if "tuning" in name]
        rune_images = np.concatenate([images for images, _ in runes.values()])
        print("\nsweep (tuning non-runes rejected / runes rejected):")
        for not_a_rune_at in (0.3, 0.4, 0.5, 0.6):
            for sure_at in (0.4, 0.5, 0.6, 0.7):
                caught = np.mean([rejected_share(recognizer, images, not_a_rune_at, sure_at) for images in tuning])
                lost = rejected_share(recognizer, rune_images, not_a_rune_at, sure_at)
                print(f"  not a rune at {not_a_rune_at:.1f}, sure at {sure_at:.1f}: {caught:7.2%} / {lost:6.2%}")
    if args.json:
        print(json.dumps({name: round(value, 5) for name, value in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
