import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np

import train
from model.drawing_store import SCHEMA_VERSION, create_schema
from model.generator import TYPICAL_STYLE, generate_drawing, workshop_raster
from model.model_files import read_metadata
from model.non_runes import generate_non_rune

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


def test_drawing_stores_named_on_the_command_line_are_read_and_never_changed(tmp_path, alphabet):
    stores = tmp_path / "stores"
    stores.mkdir()
    old = sqlite3.connect(stores / "old.sqlite3")  # as the first release wrote it, one drawing damaged
    create_schema(old, 1)
    old.executemany("INSERT INTO drawings (label, source, created, strokes) VALUES (?, 'collected', 0, ?)",
                    [("isa", json.dumps([[[5, 5], [0, 50]]])), ("ur", "{")])
    old.commit()
    old.close()
    newer = sqlite3.connect(stores / "newer.sqlite3")
    newer.execute("CREATE TABLE drawings (id INTEGER PRIMARY KEY, everything TEXT)")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    (stores / "notes.sqlite3").write_bytes(b"not a database at all" * 100)
    before = {path.name: path.read_bytes() for path in stores.iterdir()}
    samples, problems = train.read_training_drawings(sorted(stores.iterdir()))
    assert {path.name: path.read_bytes() for path in stores.iterdir()} == before, "nothing renamed, upgraded or added"
    assert [s.label for s in samples] == ["isa"]
    assert any("saved by a newer version of Runesight" in p and "newer.sqlite3" in p for p in problems)
    assert any("not a database" in p and "notes.sqlite3" in p for p in problems)
    assert any("1 drawing in" in p and "old.sqlite3" in p and "could not be read" in p for p in problems)


def test_evaluate_names_drawings_without_a_rune_plainly(tmp_path, alphabet, capsys):
    write_workshop_files(tmp_path / "set", alphabet, 1, seed=5)
    lines = [{"drawing": [[[5, 5], [0, 50]]]}, {"word": "nope", "drawing": [[[5, 5], [0, 50]]]}]
    (tmp_path / "set" / "more.ndjson").write_text("\n".join(map(json.dumps, lines)) + "\n")
    assert train.main(["evaluate", str(tmp_path / "set")]) == 0
    out = capsys.readouterr().out
    assert "the drawing has no rune name" in out and "'nope' is not a rune of Younger Futhark" in out
    assert "None" not in out and "younger_futhark" not in out


def test_evaluate_reads_a_not_a_rune_folder_as_drawings_that_are_no_rune(tmp_path, alphabet, capsys):
    from model.non_runes import SHAPES

    write_workshop_files(tmp_path / "set" / "runes", alphabet, 2, seed=12)
    rng = np.random.default_rng(13)
    shapes = tmp_path / "set" / "not-a-rune"
    shapes.mkdir()
    squares_and_circles = {name: SHAPES[name] for name in ("square", "circle")}
    for k in range(20):
        drawing = generate_non_rune(rng, (240, 240), TYPICAL_STYLE, (0.4, 0.9), squares_and_circles)
        ink = workshop_raster(drawing).ink.tolist()  # labelled by what it is; the folder says it is no rune
        (shapes / f"shape_{k}.json").write_text(json.dumps({"rune": "square or circle", "data": ink}))
    candidate = ROOT / "bench" / "models" / "runesight-v9-candidate.keras"  # a model with the non-rune output
    assert train.main(["evaluate", str(tmp_path / "set"), "--model", str(candidate), "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["count"] == 32, "the shapes are not scored as runes"
    assert result["not_a_rune"]["count"] == 20 and result["not_a_rune"]["rejected"] >= 18
    assert 0 <= result["rejected"] <= 2
    assert "drawings that are no rune: 20" in captured.out
