"""No TensorFlow start-up lines (CUDA, oneDNN, cuInit) in a person's terminal: the app's recognition and
train.py, run as they are run, in interpreters of their own that import TensorFlow afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.tensorflow_logs import _stderr_set_aside

ROOT = Path(__file__).resolve().parents[1]
NOISE = ("cuda", "onednn", "absl", "cpu_feature_guard", "cuinit", "tensorflow binary")


def run_fresh(*arguments: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    return subprocess.run([sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**environment, "PYTHONPATH": str(ROOT)}, check=True)


def noise_in(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(word in line.lower() for word in NOISE)]


@pytest.mark.slow
def test_the_apps_recognition_prints_nothing_of_tensorflows_start_up():
    result = run_fresh("-c", "import numpy as np\n"
                             "from desktop.recognition.jobs import load_recognizer\n"
                             "recognizer = load_recognizer(None)\n"
                             "print(recognizer.recognize(np.zeros((32, 32), np.float32)).best[0])")
    assert result.stdout.strip() in {rune["name"] for rune in json.loads(
        (ROOT / "model" / "alphabets" / "younger_futhark.json").read_text())["runes"]}
    assert noise_in(result.stderr) == [], result.stderr


@pytest.mark.slow
def test_train_py_prints_nothing_of_tensorflows_start_up(tmp_path):
    (tmp_path / "fe.json").write_text(json.dumps({"rune": "fe", "data": [[0] * 24] * 24}))  # blank: counted
    result = run_fresh("train.py", "evaluate", str(tmp_path), "--json")
    assert json.loads(result.stdout.strip().splitlines()[-1])["skipped_blank"] == 1
    assert noise_in(result.stderr) == [], result.stderr


def test_what_is_set_aside_is_shown_when_the_import_fails(capfd):
    with _stderr_set_aside():
        os.write(2, b"start-up chatter\n")
    assert "start-up chatter" not in capfd.readouterr().err
    with pytest.raises(ImportError), _stderr_set_aside():
        os.write(2, b"why it failed\n")
        raise ImportError("no module")
    assert "why it failed" in capfd.readouterr().err
