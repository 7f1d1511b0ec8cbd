"""How fast the generator makes drawings, and training images through every input path.

    python bench/generator_speed.py [--count N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.alphabet import load_alphabet  # noqa: E402
from model.generator import generate_drawing  # noqa: E402
from model.training_data import generated_batch  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    alphabet = load_alphabet()
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for i in range(args.count):
        generate_drawing(alphabet, i % len(alphabet), rng)
    drawings_s = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(0, args.count, 512):
        generated_batch(alphabet, min(512, args.count - start), rng)
    images_s = time.perf_counter() - started
    result = {
        "count": args.count,
        "drawings_seconds": round(drawings_s, 2),
        "drawings_per_second": round(args.count / drawings_s),
        "training_images_seconds": round(images_s, 2),
        "training_images_per_second": round(args.count / images_s),
    }
    print(f"{args.count} stroke drawings: {drawings_s:.1f} s ({result['drawings_per_second']}/s)")
    print(f"{args.count} training images (generated, rendered, preprocessed): {images_s:.1f} s "
          f"({result['training_images_per_second']}/s)")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
