"""How long a retrain takes: 10 drawings per rune, the default generated mix and the default epochs.

    python bench/retrain_time.py [--per-rune 10] [--model FILE] [--process] [--backend NAME] [--json]

The drawings are generated (half drawn in the app as strokes, half stored the workshop's way). The
time is that of `model.fine_tuning.retrain` (what the progress bar covers). With `--process` the
retrain runs as the app runs it, in a child process (`model.training_process`), and the time also
covers starting that process and loading the framework there; `--backend` picks its Keras backend.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from model.alphabet import load_alphabet  # noqa: E402
from model.generator import generate_drawing, workshop_raster  # noqa: E402


def person_drawings(per_rune: int, seed: int) -> list:
    alphabet = load_alphabet()
    rng = np.random.default_rng([seed, 10])
    out = []
    for index in range(len(alphabet)):
        for k in range(per_rune):
            drawing = generate_drawing(alphabet, index, rng, (240, 240))
            out.append(workshop_raster(drawing) if k % 2 else drawing)
    return out


def in_process(samples, base: Path, config) -> tuple[float, dict]:
    from model.fine_tuning import retrain

    started = time.perf_counter()
    _, report = retrain(samples, base, config)
    return time.perf_counter() - started, report.metadata


def in_child(samples, base: Path, config, backend: str | None) -> tuple[float, dict]:
    from model.training_process import Finished, RetrainJob, RetrainRequest

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        job = RetrainJob(RetrainRequest(samples, base, config, Path(folder) / "new.keras", backend))
        job.start()
        final = job.wait()
        seconds = time.perf_counter() - started
    if not isinstance(final, Finished):
        raise SystemExit(f"the retrain did not finish: {final}")
    return seconds, final.report.metadata


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-rune", type=int, default=10)
    parser.add_argument("--model", type=Path, default=None, help="model to fine-tune (default: shipped)")
    parser.add_argument("--process", action="store_true", help="run it in a child process, as the app does")
    parser.add_argument("--backend", default=None, help="Keras backend for the child process")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from model.fine_tuning import RetrainConfig
    from model.resource_files import SHIPPED_MODEL_PATH

    samples = person_drawings(args.per_rune, args.seed)
    config = RetrainConfig()
    base = args.model or SHIPPED_MODEL_PATH
    if args.process:
        seconds, metadata = in_child(samples, base, config, args.backend)
    else:
        seconds, metadata = in_process(samples, base, config)
    cores = os.cpu_count()
    print(f"retrain of {len(samples)} drawings ({args.per_rune} per rune), {config.epochs} epochs, "
          f"{metadata['images_per_epoch']} images per epoch (generated share {config.generated_share})")
    print(f"{'in a child process, start-up included' if args.process else 'in this process'}: {seconds:.1f} s "
          f"on {metadata['device']} ({metadata['backend']}), {cores} cores, {platform.machine()}")
    print(f"held-back top-1 before/after: {metadata['scores']['held_back']}")
    if args.json:
        print(json.dumps({"seconds": round(seconds, 2), "drawings": len(samples), "epochs": config.epochs,
                          "images_per_epoch": metadata["images_per_epoch"], "process": args.process,
                          "backend": metadata["backend"], "device": metadata["device"], "cores": cores}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
