"""Time to make the shipped model ready for recognition in a fresh process: the NumPy forward pass the
app uses (imports plus reading the file), against the Keras path (importing the framework, loading
the model and building the extractor), each in a fresh process, in turns.

    python bench/startup.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMPY_PROBE = """
import time
t0 = time.perf_counter()
from model.recognizer import Recognizer
t1 = time.perf_counter()
r = Recognizer.load()
t2 = time.perf_counter()
assert r.runs_on == "NumPy"
print(f"{t1 - t0} {t2 - t1}")
"""
KERAS_PROBE = """
import time
t0 = time.perf_counter()
import keras
t1 = time.perf_counter()
from model.recognizer import Recognizer
r = Recognizer.load(with_keras=True)
t2 = time.perf_counter()
print(f"{t1 - t0} {t2 - t1}")
"""


def probe(code: str) -> tuple[float, float]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    numpy_runs, keras_runs = [], []
    for _ in range(args.runs):
        numpy_runs.append(probe(NUMPY_PROBE))
        keras_runs.append(probe(KERAS_PROBE))
    figures = {
        "numpy_import_s": round(statistics.median(i for i, _ in numpy_runs), 2),
        "numpy_load_model_s": round(statistics.median(load for _, load in numpy_runs), 2),
        "import_keras_s": round(statistics.median(i for i, _ in keras_runs), 2),
        "keras_load_model_s": round(statistics.median(load for _, load in keras_runs), 2),
        "runs": args.runs,
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(f"NumPy path: import the model code {figures['numpy_import_s']} s, read the shipped model "
          f"{figures['numpy_load_model_s']} s (medians of {args.runs} fresh processes)")
    print(f"Keras path: import keras (TensorFlow backend) {figures['import_keras_s']} s, load the shipped model and "
          f"build the extractor {figures['keras_load_model_s']} s")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
