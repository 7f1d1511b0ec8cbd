"""`Runesight --check-processes`: the child processes the app starts, checked from the bundle (`make dist-check`).

A frozen app is not a Python interpreter, so both ways the app starts another process need checking:
- GPU discovery (`model.compute_devices`) runs `sys.executable -c CODE`, here the app's executable
  (`runesight_main.py` runs the code); the TensorFlow probe must answer with a JSON list;
- a retrain runs in a child started with "spawn" (`model.training_process`), which relies on
  `multiprocessing.freeze_support()`: a tiny real retrain from the shipped model, as the app's retrain
  dialog starts it, whose model must then load.
Prints one JSON line; exit code 0 if all worked. From source: `.venv/bin/python packaging/bundle_checks.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE_TIMEOUT_S = 120.0
RETRAIN_TIMEOUT_S = 300.0
DRAWINGS_PER_RUNE = 3


def check_processes() -> int:
    report = {"check": "processes", "frozen": bool(getattr(sys, "frozen", False)),
              "gpu_probe": check_gpu_probe(), "retrain": check_retrain()}
    report["passed"] = report["gpu_probe"]["passed"] and report["retrain"]["passed"]
    print(json.dumps(report), flush=True)
    return 0 if report["passed"] else 1


def check_gpu_probe() -> dict:
    from model.compute_devices import PROBES

    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", PROBES["tensorflow"]], capture_output=True, text=True,
                            timeout=PROBE_TIMEOUT_S)
    lines = result.stdout.strip().splitlines()
    try:
        gpus = json.loads(lines[-1]) if lines else None
    except ValueError:
        gpus = None
    report = {"returncode": result.returncode, "gpus": gpus, "seconds": round(time.monotonic() - started, 1)}
    report["passed"] = result.returncode == 0 and isinstance(gpus, list)
    if not report["passed"]:
        report["stderr"] = result.stderr.strip()[-500:]
    return report


def tiny_retrain_config():
    from model.fine_tuning import RetrainConfig

    return RetrainConfig(epochs=1, images_per_rune=2, batch_size=16, evaluation_per_rune=1, generated_pool=32)


def check_retrain() -> dict:
    import numpy as np

    from model.alphabet import load_alphabet
    from model.generator import generate_drawing
    from model.resource_files import SHIPPED_MODEL_PATH
    from model.training_process import Finished, RetrainJob, RetrainRequest, Started

    started = time.monotonic()
    alphabet, rng = load_alphabet(), np.random.default_rng(0)
    samples = [generate_drawing(alphabet, index, rng, (240, 240))
               for index in range(len(alphabet)) for _ in range(DRAWINGS_PER_RUNE)]
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="runesight-check-") as folder:
        out = Path(folder) / "retrained.keras"
        job = RetrainJob(RetrainRequest(samples, SHIPPED_MODEL_PATH, tiny_retrain_config(), out, backend="tensorflow"))
        job.start()
        messages = _messages_until_final(job, RETRAIN_TIMEOUT_S)
        final = job.final
        child = next((m for m in messages if isinstance(m, Started)), None)
        report["final"] = type(final).__name__ if final is not None else "timeout"
        if child is not None:
            report.update(child_pid=child.pid, backend=child.backend, device=child.device)
        if isinstance(final, Finished):
            report["epochs_run"] = final.report.metadata.get("epochs_run")
            report["model_loads"] = _loads(final.model_path, alphabet)
        else:
            report["error"] = getattr(final, "message", "no answer in time")
            job.stop()
    report["seconds"] = round(time.monotonic() - started, 1)
    report["passed"] = report["final"] == "Finished" and report.get("model_loads") is True
    return report


def _messages_until_final(job, timeout_s: float) -> list:
    """Every message of the run, read as the app's dialog reads them, until the final one or the time is up."""
    deadline, messages = time.monotonic() + timeout_s, []
    while job.final is None and time.monotonic() < deadline:
        messages += job.poll(timeout=0.5)
    return messages


def _loads(path: Path, alphabet) -> bool:
    from model.recognizer import Recognizer

    return len(Recognizer.load(path).alphabet) == len(alphabet)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # from source: the repository's packages
    sys.exit(check_processes())
