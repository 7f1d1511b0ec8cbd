import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import train
from model.generator import generate_drawing, workshop_raster
from model.model_files import read_metadata

ROOT = Path(__file__).resolve().parent.parent


def write_workshop_files(folder: Path, alphabet, per_rune: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(alphabet.names):
        for k in range(per_rune):
            ink = workshop_raster(generate_drawing(alphabet, index, rng, (240, 240))).ink
            (folder / f"{name}_{k}.json").write_text(json.dumps({"rune": name, "data": ink.tolist()}))


def test_help_lists_the_commands():
    result = subprocess.run([sys.executable, "train.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "evaluate" in result.stdout and "train" in result.stdout


def test_evaluate_scores_workshop_files_and_skips_blank_ones(tmp_path, alphabet, capsys):
    write_workshop_files(tmp_path / "set", alphabet, 4, seed=99)
    (tmp_path / "set" / "blank.json").write_text(json.dumps({"rune": "fe", "data": [[0] * 24] * 24}))
    (tmp_path / "set" / "broken.json").write_text("{")
    assert train.main(["evaluate", str(tmp_path / "set"), "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert {"count", "skipped_blank", "top1", "top3", "per_rune", "confusions"} <= set(result)
    assert result["count"] == 64 and result["skipped_blank"] == 1 and result["files_skipped"] == 1
    assert set(result["per_rune"]) == set(alphabet.names)
    assert result["top1"] >= 0.9 and result["top3"] >= result["top1"]
    assert "broken.json" in captured.err
    assert "top-1 accuracy" in captured.out and "per rune" in captured.out


def test_evaluate_with_a_corrupt_model_says_so(tmp_path, alphabet, capsys):
    write_workshop_files(tmp_path / "set", alphabet, 1, seed=1)
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"nope")
    assert train.main(["evaluate", str(tmp_path / "set"), "--model", str(bad)]) == 2
    assert "bad.keras cannot be loaded" in capsys.readouterr().err


def test_a_tiny_training_run_writes_a_model_with_metadata(tmp_path, alphabet, capsys):
    out = tmp_path / "tiny.keras"
    assert train.main(["train", "--samples", "256", "--validation", "64", "--epochs", "1", "--seed", "3",
                       "--out", str(out)]) == 0
    metadata = read_metadata(out)
    assert out.is_file() and metadata["seed"] == 3 and metadata["runes"] == list(alphabet.names)
    assert metadata["samples_per_epoch"] == 256 and metadata["epochs_run"] == 1
    assert train.main(["evaluate", "--model", str(out), str(tmp_path)]) == 2  # no drawings there
