"""What a person's drawings cost at scale: the retrain plan, export, and how soon an import can stop.

    python bench/personal_data_at_scale.py [--drawings N] [--lines M] [--json]

Builds a drawing store of N generated drawings (default 10,000) and a JSON Lines file of M drawings
(default 100,000, a Quick, Draw!-sized download) in a temporary folder, then times what the app does
with them on its worker threads: the retrain dialog's plan (from the store's ids and labels), reading
the store and making the plan a run makes of what it reads, exporting the store, and importing the big
file up to its first progress call (where Cancel takes effect).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.alphabet import load_alphabet  # noqa: E402
from model.drawing_exchange import export_drawings, import_drawings  # noqa: E402
from model.drawing_files import sample_to_json  # noqa: E402
from model.drawing_store import DrawingStore  # noqa: E402
from model.generator import generate_drawing  # noqa: E402
from model.retrain_plan import RetrainConfig, plan_retrain, plan_stored  # noqa: E402


class FirstProgress(Exception):
    """Raised by the progress callback: the import stops there, as Cancel makes it."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="runesight-scale-") as temporary:  # a few hundred MB: removed after
        figures = measure(Path(temporary), args.drawings, args.lines)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


def measure(folder: Path, count: int, lines_wanted: int) -> dict:
    alphabet, rng = load_alphabet(), np.random.default_rng(0)
    drawings = [generate_drawing(alphabet, i % len(alphabet), rng, (400, 400)) for i in range(count)]
    store = DrawingStore(folder / "drawings.sqlite3", alphabet)
    store.add_many((drawing, "collected", None) for drawing in drawings)

    started = time.perf_counter()
    plan_stored(store.labelled_ids(), alphabet, RetrainConfig())
    dialog_plan_s = time.perf_counter() - started

    started = time.perf_counter()
    samples = store.samples()
    read_s = time.perf_counter() - started
    plan_retrain(samples, alphabet, RetrainConfig())
    plan_s = time.perf_counter() - started - read_s

    started = time.perf_counter()
    export_drawings(store, folder / "export.ndjson")
    export_s = time.perf_counter() - started

    lines = [json.dumps(sample_to_json(drawing)) for drawing in drawings[:2000]]
    with open(folder / "big.ndjson", "w", encoding="utf-8") as handle:
        for index in range(lines_wanted):
            handle.write(lines[index % len(lines)] + "\n")

    def stop(done: int, total: int) -> None:
        raise FirstProgress

    started = time.perf_counter()
    with suppress(FirstProgress):
        import_drawings(DrawingStore(folder / "fresh.sqlite3", alphabet), [folder / "big.ndjson"], stop)
    first_progress_s = time.perf_counter() - started

    return {"drawings": count, "lines": lines_wanted, "dialog_plan_s": round(dialog_plan_s, 3),
            "read_store_s": round(read_s, 2), "plan_s": round(plan_s, 2),
            "export_s": round(export_s, 2), "import_first_progress_s": round(first_progress_s, 3)}


if __name__ == "__main__":
    raise SystemExit(main())
