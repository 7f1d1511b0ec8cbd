"""A power cut at any moment of a save never leaves a damaged or empty file, and what was acknowledged stays.

The cut is simulated (tests/power_cut.py); bench/power_cut.py does the same on a real ext4 image.
"""

import io
import json
import sys
import zipfile

import keras
import pytest

from desktop.drawing.autosave import save_autosave
from model.drawing_exchange import export_drawings
from model.drawing_store import DrawingStore
from model.generator import generate_drawing
from model.model_files import save_model
from model.model_versions import ModelVersions
from model.network import build_network
from tests.power_cut import PowerCuts

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads synced files back through /proc")


def whole(name: str, data: bytes) -> bool:
    """Whether a file of ours is complete: a model a zip that tests good, JSON that parses, every line too."""
    if name.endswith(".keras"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    if name.endswith(".json"):
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if name.endswith(".ndjson"):
        try:
            return bool(data) and all(json.loads(line) for line in data.splitlines())
        except ValueError:
            return False
    return True


def ours(name: str) -> bool:
    # The database fsyncs itself (SQLite, synchronous=FULL); temporary files are meant to be incomplete.
    return not (name.endswith(".part") or ".sqlite3" in name)


def test_a_cut_at_any_moment_leaves_every_file_whole_and_every_acknowledged_save(alphabet, monkeypatch, tmp_path):
    import numpy as np

    runesight_home = tmp_path / "home"  # the disk that loses power holds the data folder and the export folder
    monkeypatch.setenv("RUNESIGHT_HOME", str(runesight_home))
    keras.utils.set_random_seed(0)
    network = build_network()
    rng = np.random.default_rng(0)
    store = DrawingStore()
    store.add_many((generate_drawing(alphabet, i % 16, rng), "collected", None) for i in range(5))
    exports = tmp_path / "exports"
    exports.mkdir()
    versions = ModelVersions()
    cuts = PowerCuts(tmp_path, monkeypatch)
    base = runesight_home.relative_to(tmp_path)
    problems = []

    def acknowledged(what: str, name: str) -> None:
        for disk in cuts.possible_disks_now():
            if name not in disk or not whole(name, disk[name]):
                problems.append(f"{what}: {name} is {'missing' if name not in disk else 'damaged'} after a cut")
                return

    first = versions.add(network, {"mode": "fine-tune"})
    acknowledged("a new version", str(base / "models" / "v0001.keras"))
    acknowledged("its metadata", str(base / "models" / "v0001.json"))
    versions.activate(first.id)
    acknowledged("the choice", str(base / "models" / "active.json"))
    candidate = versions.new_candidate_path("run-1")
    save_model(network, candidate, {"mode": "scratch"})
    accepted = versions.add_file(candidate, activate=True)
    acknowledged("an accepted candidate", str(base / "models" / f"{accepted.id}.keras"))
    save_autosave(generate_drawing(alphabet, 3, rng))
    acknowledged("the autosave", str(base / "unsaved-drawing.json"))
    assert export_drawings(store, exports / "export.ndjson").written == 5
    acknowledged("an export", str((exports / "export.ndjson").relative_to(tmp_path)))
    save_autosave(generate_drawing(alphabet, 4, rng))  # over the last one

    for moment, disk in enumerate(cuts.every_disk()):
        for name, data in disk.items():
            if ours(name) and not whole(name, data):
                problems.append(f"a cut at moment {moment} leaves {name} {len(data)} bytes long and not whole")
    assert not problems, "\n".join(sorted(set(problems)))
