"""Hostile input: how soon each refusal comes, how soon a Cancel stops an import, what a hostile model costs.

    python bench/hostile_input.py [--json]

In a temporary folder it writes the files issue 21 was attacked with (an EPS named .png, an 8000 x
8000 workshop raster, one stroke of 5 million points, a million bad lines, a FIFO named x.ndjson,
small .keras files that ask for gigabytes) and times what the app's code does with each: the
seconds until the plain refusal, the longest wait for a Cancel (the gap between two progress calls,
where Cancel acts) inside the largest drawing the limits allow, and for each model file the
seconds and peak memory of a fresh process that tries to load it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from contextlib import suppress
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.alphabet import load_alphabet  # noqa: E402
from model.drawing_exchange import import_drawings  # noqa: E402
from model.drawing_files import MAX_IMAGE_PIXELS, MAX_POINTS, read_drawings  # noqa: E402
from model.drawing_store import DrawingStore  # noqa: E402
from model.resource_files import SHIPPED_MODEL_PATH  # noqa: E402

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n/l { l } def l\n"  # a loop Ghostscript never leaves


def refusal(path: Path) -> tuple[float, str]:
    """Seconds until read_drawings reports the file, and what it says."""
    started = time.perf_counter()
    report = read_drawings([path])
    seconds = time.perf_counter() - started
    return seconds, (report.errors[0][1] if report.errors else f"read {len(report.samples)} drawings")


def children() -> int:
    return len(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())


def write_files(folder: Path) -> dict[str, Path]:
    files = {}
    (folder / "fe").mkdir()
    files["EPS named x.png (80 bytes, endless loop)"] = folder / "fe" / "x.png"
    files["EPS named x.png (80 bytes, endless loop)"].write_bytes(EPS)
    raster = folder / "raster.json"
    with open(raster, "w") as handle:  # 8000 rows of 8000 values, written a row at a time
        handle.write('{"rune": "fe", "data": [')
        row = "[" + ",".join(["128"] * 8000) + "]"
        for number in range(8000):
            handle.write(("," if number else "") + row)
        handle.write("]}")
    files["8000 x 8000 workshop raster"] = raster
    stroke = folder / "stroke.ndjson"
    with open(stroke, "w") as handle:
        xs = ",".join(str(i % 1000) for i in range(5_000_000))
        handle.write('{"word": "isa", "drawing": [[[' + xs + "], [" + xs + "]]]}\n")
    files["one stroke of 5 million points"] = stroke
    fifo = folder / "x.ndjson"
    os.mkfifo(fifo)
    files["a FIFO named x.ndjson"] = fifo
    return files


def cancel_after(path: Path, alphabet, seconds: float) -> tuple[float, int]:
    """Import `path`, Cancel after `seconds`: how long the Cancel took to act, and how many were imported."""
    cancelled_at: list[float] = []
    store = DrawingStore(path.parent / f"{path.stem}.sqlite3", alphabet)
    timer = threading.Timer(seconds, lambda: cancelled_at.append(time.perf_counter()))

    def progress(done: int, total: int) -> None:
        if cancelled_at:
            raise KeyboardInterrupt

    timer.start()
    with suppress(KeyboardInterrupt):  # the Cancel
        import_drawings(store, [path], progress)
    stopped = time.perf_counter()
    timer.cancel()
    return (stopped - cancelled_at[0] if cancelled_at else float("nan")), len(store)


def longest_gap(path: Path, alphabet) -> float:
    """The longest time between two progress calls (where a Cancel acts) while importing `path`."""
    calls = [time.perf_counter()]
    import_drawings(DrawingStore(path.parent / f"{path.name}.sqlite3", alphabet), [path],
                    lambda done, total: calls.append(time.perf_counter()))
    calls.append(time.perf_counter())
    return max(b - a for a, b in zip(calls, calls[1:]))


def model_files(folder: Path) -> dict[str, Path]:
    with zipfile.ZipFile(SHIPPED_MODEL_PATH) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    dense = next(layer for layer in config["config"]["layers"] if layer["class_name"] == "Dense")
    dense["config"]["units"] = 500_000  # 2,048 x 500,000 weights: 4 GB of float32, from a 7 kB config
    files = {}
    path = folder / "asks-for-gigabytes.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.json", members["metadata.json"])
        archive.writestr("config.json", json.dumps(config))
    files["config asking for 1 billion weights (no weights file)"] = path
    path = folder / "bomb.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.json", members["metadata.json"])
        archive.writestr("config.json", members["config.json"])
        with archive.open("model.weights.h5", "w", force_zip64=True) as weights:  # 1 GB of zeros in about 1 MB
            for _ in range(16):
                weights.write(bytes(64 * 2**20))
    files["weights that unpack to 1 GB"] = path
    files["the shipped model (for comparison)"] = SHIPPED_MODEL_PATH
    return files


# The peak is VmHWM, this process's own: getrusage's ru_maxrss would count the bench's memory copied by fork
LOAD = r"""
import re, sys, time
from pathlib import Path
from model.recognizer import Recognizer
from model.model_files import ModelLoadError
started = time.perf_counter()
try:
    Recognizer.load(sys.argv[1]); said = "loaded"
except ModelLoadError as error:
    said = str(error).split(": ", 1)[1]
peak = int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) // 1024
print(round(time.perf_counter() - started, 3), peak, said, sep="\t")
"""


def load_in_child(path: Path) -> tuple[float, int, str]:
    result = subprocess.run([sys.executable, "-c", LOAD, str(path)], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    seconds, megabytes, said = result.stdout.strip().splitlines()[-1].split("\t")
    return float(seconds), int(megabytes), said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    alphabet, results = load_alphabet(), {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for what, path in write_files(folder).items():
            before = children()
            seconds, said = refusal(path)
            results[what] = {"seconds": round(seconds, 3), "says": said, "programs_started": children() - before}
            print(f"{what}: {seconds:.3f} s, {said!r}", flush=True)
        bad = folder / "bad.ndjson"
        bad.write_text("not a drawing\n" * 1_000_000)
        seconds, kept = cancel_after(bad, alphabet, 1.0)
        results["a million bad lines: Cancel after 1 s takes effect in"] = {"seconds": round(seconds, 3)}
        print(f"a million bad lines, Cancel after 1 s: stopped {seconds:.3f} s later", flush=True)
        largest = folder / "largest.ndjson"
        with open(largest, "w") as handle:
            for k in range(20):  # each a little different, or the import would skip them as already there
                xs = list(range(k, MAX_POINTS + k))
                handle.write(json.dumps({"word": "isa", "drawing": [[xs, xs, xs]]}) + "\n")
        gap = longest_gap(largest, alphabet)
        results[f"longest wait for a Cancel: 20 drawings of {MAX_POINTS:,} points"] = {"seconds": round(gap, 3)}
        print(f"longest gap between progress calls, 20 drawings of {MAX_POINTS:,} points: {gap:.3f} s", flush=True)
        side = int(MAX_IMAGE_PIXELS**0.5)
        (folder / "pictures" / "isa").mkdir(parents=True)
        for k in range(5):
            picture = np.full((side, side), 255, np.uint8)
            picture[side // 10:-side // 10, side // 2 - 50 + k:side // 2 + 50] = 0
            Image.fromarray(picture).save(folder / "pictures" / "isa" / f"{k}.png")
        gap = longest_gap(folder / "pictures", alphabet)
        results[f"longest wait for a Cancel: 5 PNGs of {side} x {side}"] = {"seconds": round(gap, 3)}
        print(f"longest gap between progress calls, 5 PNGs of {side} x {side}: {gap:.3f} s", flush=True)
        for what, path in model_files(folder).items():
            seconds, megabytes, said = load_in_child(path)
            results[what] = {"file_bytes": path.stat().st_size, "seconds": seconds, "peak_mb": megabytes,
                             "says": said}
            print(f"{what} ({path.stat().st_size:,} bytes): {seconds:.2f} s, peak {megabytes} MB, {said!r}",
                  flush=True)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
