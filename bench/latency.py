"""Latency of one live recognition, as the app does it, against Model.predict on the same input.

One recognition = preprocess a 3-stroke drawing (the mouse's raw points) + one forward pass that
returns the probabilities and every convolution layer's activation maps.

    python bench/latency.py [--model FILE] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def three_stroke_drawing():
    """Kaun-like fe drawn with a mouse: dense points, as mouse-move events deliver them."""
    from model.drawing import Drawing, Stroke

    def dense(a, b, n=60):
        return np.linspace(a, b, n) + np.random.default_rng(n).normal(0, 0.6, (n, 2))

    strokes = (dense([120, 60], [122, 420]), dense([121, 180], [300, 70], 45), dense([122, 280], [330, 140], 50))
    return Drawing(tuple(Stroke.from_xy(s) for s in strokes), (480, 480))


def percentile_ms(samples: list[float], q: float) -> float:
    return round(float(np.percentile(samples, q)) * 1000.0, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--predict-runs", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all-threads", action="store_true",
                        help="leave TensorFlow's thread pools at their defaults instead of the app's one thread")
    args = parser.parse_args()

    from model.recognizer import prefer_single_thread_inference

    single_thread = not args.all_threads and prefer_single_thread_inference()
    import keras

    from model.preprocessing import preprocess
    from model.recognizer import Recognizer

    recognizer = Recognizer.load(args.model)
    drawing = three_stroke_drawing()
    for _ in range(20):  # warm-up
        recognizer.recognize(preprocess(drawing))
    live = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = recognizer.recognize(preprocess(drawing))
        live.append(time.perf_counter() - started)
    assert len(result.activations) == len(recognizer.conv_layers)

    batch = preprocess(drawing).reshape(1, 32, 32, 1)
    recognizer.network.predict(batch, verbose=0)
    predict = []
    for _ in range(args.predict_runs):
        started = time.perf_counter()
        recognizer.network.predict(batch, verbose=0)
        predict.append(time.perf_counter() - started)

    figures = {
        "p50_ms": percentile_ms(live, 50),
        "p99_ms": percentile_ms(live, 99),
        "predict_p50_ms": percentile_ms(predict, 50),
        "speedup_vs_predict": round(float(np.median(predict) / np.median(live)), 1),
        "runs": args.runs,
        "backend": keras.backend.backend(),
        "single_thread": single_thread,
        "cpus": os.cpu_count(),
        "machine": platform.processor() or platform.machine(),
    }
    print(f"live recognition (preprocess + forward pass + all maps): p50 {figures['p50_ms']} ms, "
          f"p99 {figures['p99_ms']} ms over {args.runs} runs")
    print(f"Model.predict on the same input: p50 {figures['predict_p50_ms']} ms "
          f"({figures['speedup_vs_predict']}x slower)")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
