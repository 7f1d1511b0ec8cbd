"""Time to import the framework and to load the shipped model, each in a fresh process.

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
PROBE = """
import time, os
t0 = time.perf_counter()
import keras
t1 = time.perf_counter()
from model.recognizer import Recognizer
r = Recognizer.load()
t2 = time.perf_counter()
print(f"{t1 - t0} {t2 - t1}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    imports, loads = [], []
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True).stdout.split()
        imports.append(float(out[-2]))
        loads.append(float(out[-1]))
    figures = {
        "import_keras_s": round(statistics.median(imports), 2),
        "load_model_s": round(statistics.median(loads), 2),
        "runs": args.runs,
    }
    print(f"import keras (TensorFlow backend): median {figures['import_keras_s']} s; "
          f"load the shipped model and build the extractor: median {figures['load_model_s']} s ({args.runs} runs)")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
