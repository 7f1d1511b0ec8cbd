"""The same drawings read two ways: as their strokes (the app's path) and as pictures of them.

    python bench/stroke_parity.py [--model FILE] [--people N] [--per-rune N] [--seed S] [--json]

Issue 13 found the stroke path reading 187 real drawings worse than the picture path read the very same
drawings (97.3 % against 98.4 %). Here simulated people (bench/simulated_people.py) draw every rune;
with the habits of real hands the v8 model misread (bench/accuracy.py's REAL_HABITS); their strokes are
stored as simplified polylines of few points (as the real stroke data is), and each
drawing is also rendered as a 105x105 picture (a 300 px canvas, 8 px pen: the real image set's format).
Both go through model.preprocessing.preprocess; the gap between the two top-1 figures is what the
stroke path loses on strokes.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.accuracy import REAL_HABITS  # noqa: E402
from bench.simulated_people import crowd_person, favourite_form  # noqa: E402
from model.alphabet import load_alphabet  # noqa: E402
from model.drawing import Drawing, RasterDrawing, Stroke  # noqa: E402
from model.generator import generate_strokes, place_on_canvas, render_raster, simplified  # noqa: E402

# Each person also has the habits of real hands (bench/accuracy.py's REAL_HABITS, which simplifies strokes
# itself: here the strokes are simplified once, in canvas pixels, after the person has drawn them).
HABITS = {name: getattr(REAL_HABITS, name) for name in ("twig_change", "angular", "curvy", "hook")}
CANVAS = (300, 300)
PICTURE = (105, 105)
PEN = 8.0


def drawings(alphabet, people: int, per_rune: int, seed: int) -> list[tuple[Drawing, RasterDrawing]]:
    """(few-point strokes, picture) pairs of the same drawings by simulated people."""
    pairs = []
    for number in range(people):
        person, rng = crowd_person(seed, number)
        for rune in alphabet.runes:
            for _ in range(per_rune):
                form = dict(person.own_forms).get(rune.name) or favourite_form(rune.trainable_forms,
                                                                               person.loose_forms)
                strokes = [(points - 0.5) @ person.matrix().T + 0.5
                           for points in generate_strokes(form, rng, replace(person.style, **HABITS))]
                placed = place_on_canvas(strokes, rng, CANVAS, person.fill)
                tolerance = rng.uniform(1.0, 4.0)  # canvas pixels: 3 to 8 points a stroke for most strokes
                few = Drawing(tuple(Stroke(simplified(p, tolerance)) for p in placed), CANVAS, rune.name)
                dense = Drawing(tuple(Stroke(p) for p in placed), CANVAS, rune.name)
                pairs.append((few, RasterDrawing(render_raster(dense, PEN, PICTURE, "box"), rune.name)))
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--per-rune", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from model.evaluation import evaluate_samples
    from model.recognizer import Recognizer

    alphabet = load_alphabet()
    recognizer = Recognizer.load(args.model)
    pairs = drawings(alphabet, args.people, args.per_rune, args.seed)
    points = [len(s.points) for few, _ in pairs for s in few.strokes]
    strokes = evaluate_samples(recognizer, [few for few, _ in pairs])
    pictures = evaluate_samples(recognizer, [picture for _, picture in pairs])
    print(f"model: {recognizer.path}  ({len(pairs)} drawings by {args.people} simulated people; "
          f"points per stroke: median {np.median(points):.0f}, 90th percentile {np.percentile(points, 90):.0f})")
    for name, report in (("as strokes (few points)", strokes), ("as 105x105 pictures", pictures)):
        worst = min(report.per_rune.items(), key=lambda item: item[1]["top1"])
        print(f"{name:<26} top-1 {report.top1:7.2%}  top-3 {report.top3:7.2%}  rejected "
              f"{report.rejected / report.count:6.2%}  worst rune {worst[0]} {worst[1]['top1']:.0%}")
    if args.json:
        print(json.dumps({"strokes": {"top1": strokes.top1, "top3": strokes.top3},
                          "pictures": {"top1": pictures.top1, "top3": pictures.top3}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
