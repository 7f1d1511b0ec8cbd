"""Latency of one live recognition, side by side in one run: the app's NumPy forward pass, the Keras
path the app used before (one compiled step over an extractor model), and Model.predict.

One recognition = preprocess a 3-stroke drawing (the mouse's raw points) + one forward pass that
returns the probabilities and every convolution layer's activation maps. The three are timed in turns
(one NumPy run, one Keras run, ...), so a busy machine slows them alike.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def three_stroke_drawing():
    """Kaun-like fe drawn with a mouse: dense points, as mouse-move events deliver them."""
    import numpy as np

    from model.drawing import Drawing, Stroke

    def dense(a, b, n=60):
        return np.linspace(a, b, n) + np.random.default_rng(n).normal(0, 0.6, (n, 2))

    strokes = (dense([120, 60], [122, 420]), dense([121, 180], [300, 70], 45), dense([122, 280], [330, 140], 50))
    return Drawing(tuple(Stroke.from_xy(s) for s in strokes), (480, 480))


def percentile_ms(samples: list[float], q: float) -> float:
    import numpy as np

    return round(float(np.percentile(samples, q)) * 1000.0, 3)


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--predict-runs", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all-threads", action="store_true",
                        help="leave the thread pools (OpenBLAS, TensorFlow) at their defaults instead of the app's one")
    args = parser.parse_args()
    if not args.all_threads:  # as the app sets it (desktop/app.py), before NumPy is imported
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    import numpy as np

    from model.preprocessing import preprocess
    from model.recognizer import Recognizer, prefer_single_thread_inference

    single_thread = not args.all_threads and prefer_single_thread_inference()
    numpy_path = Recognizer.load(args.model)
    import keras

    keras_path = Recognizer.load(args.model, with_keras=True)
    drawing = three_stroke_drawing()
    for _ in range(20):  # warm-up
        numpy_path.recognize(preprocess(drawing))
        keras_path.recognize(preprocess(drawing))
    live, before = [], []
    for _ in range(args.runs):
        live.append(timed(lambda: numpy_path.recognize(preprocess(drawing))))
        before.append(timed(lambda: keras_path.recognize(preprocess(drawing))))
    result = numpy_path.recognize(preprocess(drawing))
    assert len(result.activations) == len(numpy_path.conv_layers)
    largest_difference = float(np.abs(result.probabilities - keras_path.recognize(preprocess(drawing)).probabilities
                                      ).max())

    network = keras_path.network.model
    batch = preprocess(drawing).reshape(1, 32, 32, 1)
    network.predict(batch, verbose=0)
    predict = [timed(lambda: network.predict(batch, verbose=0)) for _ in range(args.predict_runs)]

    figures = {
        "p50_ms": percentile_ms(live, 50),
        "p99_ms": percentile_ms(live, 99),
        "runs_on": numpy_path.runs_on,
        "keras_path_p50_ms": percentile_ms(before, 50),
        "keras_path_p99_ms": percentile_ms(before, 99),
        "predict_p50_ms": percentile_ms(predict, 50),
        "speedup_vs_keras_path": round(float(np.median(before) / np.median(live)), 1),
        "speedup_vs_predict": round(float(np.median(predict) / np.median(live)), 1),
        "largest_probability_difference": largest_difference,
        "runs": args.runs,
        "backend": keras.backend.backend(),
        "single_thread": single_thread,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
        "machine": platform.processor() or platform.machine(),
    }
    print(f"live recognition, {numpy_path.runs_on} (preprocess + forward pass + all maps): p50 {figures['p50_ms']} ms, "
          f"p99 {figures['p99_ms']} ms over {args.runs} runs")
    print(f"the Keras path (compiled step over an extractor): p50 {figures['keras_path_p50_ms']} ms, p99 "
          f"{figures['keras_path_p99_ms']} ms ({figures['speedup_vs_keras_path']}x slower)")
    print(f"Model.predict on the same input: p50 {figures['predict_p50_ms']} ms "
          f"({figures['speedup_vs_predict']}x slower)")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
