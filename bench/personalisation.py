"""Does fine-tuning teach the network a hand it has never seen? The shipped model against a fine-tuned one.

    python bench/personalisation.py [--hand far|near|person-N] [--model FILE] [--train-per-rune 5] [--test-per-rune 60]
                                    [--seed S] [--json]

A simulated person draws every rune in a style the shipped model was not trained on. The far hand:
a strong, consistent slant and lean, wide letters, long overshoots at every stroke end, curvy bowed
strokes with rounded corners, and one form of each rune (a loose handwritten form where the alphabet
has one, where the shipped model mostly saw the long-branch form). The near hand has the same kind
of habits, milder, and mostly the long-branch forms: the shipped model reads most of it already.
`person-N` is person N of the crowd that `bench/accuracy.py` scores (`bench/simulated_people.py`).
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
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bench.simulated_people import hand_set, named_hand  # noqa: E402
from model.alphabet import load_alphabet  # noqa: E402


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
    parser.add_argument("--hand", default="far", help="far: a style well outside the generator's, with forms "
                        "of its own; near: one the shipped model mostly reads; person-N: person N of "
                        "bench/accuracy.py's crowd of simulated people")
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
    hand = named_hand(args.hand)
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
    tuned = Recognizer.from_keras(network, alphabet, report.metadata)
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
