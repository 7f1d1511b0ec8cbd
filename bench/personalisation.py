"""Does fine-tuning teach the network a hand it has never seen? The shipped model against a fine-tuned one.

    python bench/personalisation.py [--hand far|near] [--model FILE] [--train-per-rune 5] [--test-per-rune 60]
                                    [--seed S] [--json]

A simulated person draws every rune in a style the shipped model was not trained on. The far hand:
a strong, consistent slant and lean, wide letters, long overshoots at every stroke end, curvy bowed
strokes with rounded corners, and one form of each rune (a loose handwritten form where the alphabet
has one, where the shipped model mostly saw the long-branch form). The near hand has the same kind
of habits, milder, and mostly the long-branch forms: the shipped model reads most of it already.
The drawings are stored the workshop's way (240x240 canvas, 20 px pen, 24x24 alpha), as the
held-out real set is. The fine-tune sees `--train-per-rune` of them per rune, with the app's default
recipe (`RetrainConfig()`); both models are then scored on the rest of that hand's drawings, and on
generated drawings (what it must not forget).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from model.alphabet import Alphabet, RuneForm, load_alphabet  # noqa: E402
from model.drawing import Drawing, Stroke  # noqa: E402
from model.generator import (  # noqa: E402
    DEFAULT_STYLE,
    WORKSHOP_CANVAS,
    HandStyle,
    generate_strokes,
    place_on_canvas,
    workshop_raster,
)


@dataclass(frozen=True)
class SimulatedHand:
    """One person's habits: a hand style with no per-drawing spread, plus what they do every time."""

    style: HandStyle
    overshoot: float  # every stroke runs on past both of its ends by this much of the rune's height
    fill: tuple[float, float]  # of the canvas: the person draws at much the same size each time
    loose_forms: bool  # writes each rune one way: a loose handwritten form where there is one, else long-branch
    slant: float  # every drawing sheared this much to the right (x += slant * (0.5 - y))
    lean_deg: float  # and turned this far anticlockwise
    width: float  # and this much wider than the templates
    own_forms: tuple[tuple[str, RuneForm], ...] = ()  # (rune, form): runes written in a form of their own

    def matrix(self) -> np.ndarray:
        lean = np.deg2rad(self.lean_deg)
        rotation = np.array([[np.cos(lean), -np.sin(lean)], [np.sin(lean), np.cos(lean)]])
        return rotation @ np.array([[1.0, -self.slant], [0.0, 1.0]]) @ np.diag([self.width, 1.0])


def _form(name: str, *strokes) -> RuneForm:
    return RuneForm(name, tuple(np.asarray(points, dtype=np.float64) for points in strokes))


# Forms that are not in the alphabet data, so the shipped model never saw them: the older (Elder
# Futhark) shapes of hagall, mathr and kaun, which people who know those write by habit.
OLDER_FORMS = (
    ("hagall", _form("two staves, one bar", [[0.2, 0.0], [0.2, 1.0]], [[0.8, 0.0], [0.8, 1.0]],
                     [[0.2, 0.35], [0.8, 0.6]])),
    ("mathr", _form("two staves, crossed", [[0.15, 0.0], [0.15, 1.0]], [[0.85, 0.0], [0.85, 1.0]],
                    [[0.15, 0.0], [0.85, 0.45]], [[0.85, 0.0], [0.15, 0.45]])),
    ("kaun", _form("angle", [[0.75, 0.0], [0.25, 0.5], [0.75, 1.0]])),
)

# Far from the generator's defaults, further than bench/accuracy.py's OTHER_HAND. One person varies
# less from drawing to drawing than the generator's crowd of hands does; what sets this one apart is
# what it does every time: the constants, rounded corners and bowed lines, one loose form per rune.
FAR_HAND = SimulatedHand(
    style=replace(DEFAULT_STYLE, rotation_sd_deg=3.0, shear_sd=0.04, aspect_sd=0.06, vertex_jitter=0.025,
                  end_change=0.08, bow=0.08, shake=0.008, corner_rounding=1.0, reorder=0.9, reverse=0.7,
                  split=0.0, flick=0.0, retrace=0.0, hand_spread=0.0),
    overshoot=0.1, fill=(0.6, 0.9), loose_forms=True, slant=0.38, lean_deg=-7.0, width=1.45, own_forms=OLDER_FORMS)
# Nearer: the shipped model reads most of its drawings already, as it should a real person's. The
# long-branch forms (as the workshop showed them), a milder slant and overshoot, the odd flick of the
# pen, drawn at any size.
NEAR_HAND = SimulatedHand(
    style=replace(DEFAULT_STYLE, rotation_sd_deg=3.0, shear_sd=0.04, aspect_sd=0.06, vertex_jitter=0.03,
                  end_change=0.08, bow=0.07, shake=0.008, corner_rounding=0.6, reorder=0.5, reverse=0.5,
                  split=0.1, flick=0.1, retrace=0.02, hand_spread=0.0),
    overshoot=0.05, fill=(0.4, 0.95), loose_forms=False, slant=0.2, lean_deg=-4.0, width=1.2)
HANDS = {"far": FAR_HAND, "near": NEAR_HAND}


def favourite_form(forms: tuple[RuneForm, ...], loose_forms: bool) -> RuneForm:
    loose = [form for form in forms[1:] if not form.name.startswith("short-twig")] if loose_forms else []
    return (loose or forms)[0]


def overshoot(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """The stroke carried on past both ends, in the direction it was going there."""
    k = max(2, len(points) // 8)

    def run_on(end: np.ndarray, inner: np.ndarray) -> np.ndarray:
        direction = (end - inner) / max(float(np.hypot(*(end - inner))), 1e-9)
        return end + np.outer(np.linspace(0.02, amount * rng.uniform(0.7, 1.3), 6), direction)

    # Before the start (walked towards it) and after the end.
    return np.concatenate([run_on(points[0], points[k])[::-1], points, run_on(points[-1], points[-1 - k])])


def hand_drawing(alphabet: Alphabet, index: int, rng: np.random.Generator, hand: SimulatedHand = FAR_HAND):
    """One drawing of the simulated hand, stored the workshop's way."""
    rune = alphabet.runes[index]
    form = dict(hand.own_forms).get(rune.name) or favourite_form(rune.trainable_forms, hand.loose_forms)
    strokes = [overshoot(points, rng, hand.overshoot) for points in generate_strokes(form, rng, hand.style)]
    strokes = [(points - 0.5) @ hand.matrix().T + 0.5 for points in strokes]
    canvas = (WORKSHOP_CANVAS, WORKSHOP_CANVAS)
    placed = place_on_canvas(strokes, rng, canvas, hand.fill)
    return workshop_raster(Drawing(tuple(Stroke(points) for points in placed), canvas, rune.name))


def hand_set(alphabet: Alphabet, per_rune: int, rng: np.random.Generator, hand: SimulatedHand = FAR_HAND) -> list:
    return [hand_drawing(alphabet, index, rng, hand) for _ in range(per_rune) for index in range(len(alphabet))]


def changed_config(config, changes: list[str]):
    """RetrainConfig with FIELD=VALUE changes, each value read as the field's type."""
    from dataclasses import fields

    for change in changes:
        name, _, text = change.partition("=")
        if name.startswith("variation."):  # a field of the Variation inside
            variation = config.variation
            field_name = name.removeprefix("variation.")
            value = type(getattr(variation, field_name))(text)
            config = replace(config, variation=replace(variation, **{field_name: value}))
            continue
        types = {f.name: type(getattr(config, f.name)) for f in fields(config)}
        if name not in types:
            raise SystemExit(f"unknown RetrainConfig field {name!r}; known: {', '.join(types)}")
        kind = types[name]
        value = (tuple(filter(None, text.split(","))) if kind is tuple else
                 text.lower() in ("1", "true", "yes") if kind is bool else kind(text))
        config = replace(config, **{name: value})
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="the model to start from (default: shipped)")
    parser.add_argument("--hand", choices=sorted(HANDS), default="far",
                        help="far: a style well outside the generator's; near: one the shipped model mostly reads")
    parser.add_argument("--train-per-rune", type=int, default=5)
    parser.add_argument("--test-per-rune", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026, help="the hand's drawings")
    parser.add_argument("--train-seed", type=int, default=0, help="the fine-tune's own randomness")
    parser.add_argument("--write-hand", type=Path, default=None, help="also write the hand's drawings here")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="change one RetrainConfig field, e.g. --set epochs=10 --set frozen_layers=conv1,conv2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from model.evaluation import evaluate_samples, score
    from model.fine_tuning import RetrainConfig, retrain
    from model.recognizer import Recognizer
    from model.resource_files import SHIPPED_MODEL_PATH
    from model.training_data import generated_batch

    alphabet = load_alphabet()
    base = args.model or SHIPPED_MODEL_PATH
    hand = HANDS[args.hand]
    train = hand_set(alphabet, args.train_per_rune, np.random.default_rng([args.seed, 5]), hand)
    test = hand_set(alphabet, args.test_per_rune, np.random.default_rng([args.seed, 6]), hand)
    if args.write_hand:
        args.write_hand.mkdir(parents=True, exist_ok=True)
        for number, sample in enumerate(train + test):
            part = "train" if number < len(train) else "test"
            path = args.write_hand / part / f"{sample.label}_{number:05d}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps({"rune": sample.label, "data": np.asarray(sample.ink).tolist()}))

    config = changed_config(RetrainConfig(seed=args.train_seed), args.set)
    started = time.perf_counter()
    network, report = retrain(train, base, config)
    seconds = time.perf_counter() - started
    shipped = Recognizer.load(base)
    tuned = Recognizer(network, alphabet, report.metadata)
    images, labels = generated_batch(alphabet, 100 * len(alphabet), np.random.default_rng([args.seed, 77]))
    results = {}
    for name, recognizer in (("shipped", shipped), ("fine-tuned", tuned)):
        on_hand = evaluate_samples(recognizer, test)
        on_generated = score(recognizer.predict_images(images), labels, alphabet.names)
        results[name] = {"hand_top1": on_hand.top1, "hand_errors": on_hand.count - round(on_hand.top1 * on_hand.count),
                         "hand_confusions": on_hand.confusions[:5], "generated_top1": on_generated.top1}
    print(f"base model: {base}")
    print(f"hand: {args.hand}, {args.train_per_rune} drawings per rune to fine-tune on ({len(train)}), "
          f"{args.test_per_rune} per rune to test on ({len(test)}); workshop format; seed {args.seed}")
    print(f"fine-tune: {config.mode}, {config.epochs} epochs, learning rate {config.learning_rate}, generated share "
          f"{config.generated_share}, {config.images_per_rune} images per rune per epoch, "
          f"{report.metadata['held_back_per_rune']['fe']} per rune held back, frozen: "
          f"{', '.join(config.frozen_layers) or 'none'}; {seconds:.1f} s")
    print(f"{'model':<12} {'this hand':>10} {'errors':>7} {'generated':>10}  most frequent confusions on this hand")
    for name, r in results.items():
        confusions = ", ".join(f"{c['rune']}->{c['predicted']} x{c['count']}" for c in r["hand_confusions"]) or "-"
        print(f"{name:<12} {r['hand_top1']:10.2%} {r['hand_errors']:7d} {r['generated_top1']:10.2%}  {confusions}")
    if args.json:
        print(json.dumps({"hand": args.hand, "seconds": round(seconds, 1), "train": len(train), "test": len(test),
                          **{name: {k: v for k, v in r.items() if k != "hand_confusions"}
                             for name, r in results.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
