"""Power cuts on a real file system: what a cut leaves of model versions, the choice, the autosave, an export
and the drawing database, as it was found (issue 21, item 2).

A small ext4 image is mounted on a loop device with `noauto_da_alloc` (ext4 then no longer flushes a
file's bytes when it is renamed over another, as XFS and btrfs never do) and `commit=1`. A writer process
saves into it and says which saves returned; while it still runs, the image file is copied: the copy is
the disk as a power cut at that moment would leave it. The copy is checked (e2fsck replays its journal),
mounted read-only, and every file is checked: whole, and every acknowledged save present.

`--without-sync` turns the writer's own fsyncs off (SQLite keeps its own): the code as it was.
Needs root (mount, losetup) and e2fsprogs; Linux only.

    sudo python bench/power_cut.py [--runs 4] [--without-sync]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import os, sys
if sys.argv[1] == "without-sync":
    os.fsync = lambda fd: None  # the code as it was: no fsync of files or folders (SQLite's own stay)
from pathlib import Path
import keras, numpy as np
from desktop.drawing.autosave import save_autosave
from model.alphabet import load_alphabet
from model.drawing_exchange import export_drawings
from model.drawing_store import DrawingStore
from model.generator import generate_drawing
from model.model_versions import ModelVersions
from model.network import build_network

def ack(name):
    print("ack", name, flush=True)

alphabet, rng = load_alphabet(), np.random.default_rng(0)
keras.utils.set_random_seed(0)
network = build_network()
store = DrawingStore()
for number in range(40):
    store.add(generate_drawing(alphabet, number % 16, rng))
    print("saved", number + 1, flush=True)
versions = ModelVersions()
for _ in range(2):
    version = versions.add(network, {"mode": "fine-tune"})
    ack(f"models/{version.id}.keras")
    ack(f"models/{version.id}.json")
versions.activate(version.id)
ack("models/active.json")
save_autosave(generate_drawing(alphabet, 3, rng))
ack("unsaved-drawing.json")
exports = Path(os.environ["RUNESIGHT_HOME"]).parent / "exports"
exports.mkdir(exist_ok=True)
export_drawings(store, exports / "export.ndjson")
ack("../exports/export.ndjson")
print("done", flush=True)
import time
time.sleep(120)  # still running when the power goes
"""


def whole(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".keras":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.testzip() is None
        except zipfile.BadZipFile:
            return False
    try:
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".ndjson":
            return bool(data) and all(json.loads(line) is not None for line in data.splitlines())
    except ValueError:
        return False
    return True


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def one_cut(work: Path, without_sync: bool) -> dict:
    image, mount, copy_mount = work / "disk.img", work / "mnt", work / "cut"
    mount.mkdir()
    copy_mount.mkdir()
    run(["truncate", "-s", "96M", str(image)])
    run(["mkfs.ext4", "-q", str(image)])
    run(["mount", "-o", "loop,noauto_da_alloc,commit=1", str(image), str(mount)])
    writer = None
    try:
        home = mount / "home"
        env = {**os.environ, "RUNESIGHT_HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
        writer = subprocess.Popen([sys.executable, "-c", WRITER, "without-sync" if without_sync else "sync"],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        acknowledged, saved = [], 0
        for line in writer.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "ack":
                acknowledged.append(rest)
            elif word == "saved":
                saved = int(rest)
            elif word == "done":
                break
        time.sleep(2.5)  # the journal commits every second; the data of unsynced files waits up to 30 s
        shutil.copyfile(image, work / "cut.img")  # the power goes: what reached the disk is in the image
    finally:
        if writer is not None:
            writer.kill()
            writer.wait()
        run(["umount", str(mount)])
    subprocess.run(["e2fsck", "-fy", str(work / "cut.img")], capture_output=True)  # replays the journal
    run(["mount", "-o", "loop,ro", str(work / "cut.img"), str(copy_mount)])
    try:
        home = copy_mount / "home"
        files = [path for path in copy_mount.rglob("*") if path.is_file() and ".sqlite3" not in path.name
                 and not path.name.endswith(".part")]
        broken = sorted(f"{path.relative_to(copy_mount)} ({path.stat().st_size} bytes)" for path in files
                        if not whole(path))
        lost = sorted(name for name in acknowledged if not (home / name).is_file() or not whole(home / name))
        database = sqlite3.connect(f"{(home / 'drawings.sqlite3').as_uri()}?mode=ro", uri=True)
        try:
            stored = database.execute("SELECT COUNT(*) FROM drawings").fetchone()[0]
        finally:
            database.close()
    finally:
        run(["umount", str(copy_mount)])
    return {"empty_or_damaged": broken, "acknowledged_lost": lost, "drawings_saved": saved,
            "drawings_after_cut": stored}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--without-sync", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for number in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="power-cut-") as folder:
            result = one_cut(Path(folder), args.without_sync)
        results.append(result)
        if not args.json:
            print(f"run {number + 1}: {len(result['empty_or_damaged'])} files empty or damaged "
                  f"{result['empty_or_damaged']}, {len(result['acknowledged_lost'])} acknowledged saves lost, "
                  f"{result['drawings_after_cut']} of {result['drawings_saved']} saved drawings there", flush=True)
    bad = sum(1 for result in results if result["empty_or_damaged"] or result["acknowledged_lost"])
    drawings_lost = sum(result["drawings_saved"] - result["drawings_after_cut"] for result in results)
    summary = {"mode": "without fsync" if args.without_sync else "with fsync", "runs": args.runs,
               "runs_with_empty_damaged_or_lost_files": bad, "drawings_lost": drawings_lost, "results": results}
    print(json.dumps(summary, indent=2) if args.json else
          f"{summary['mode']}: {bad} of {args.runs} cuts left an empty or damaged file or lost an acknowledged "
          f"save; {drawings_lost} acknowledged drawings lost from the database")
    return 0


if __name__ == "__main__":
    sys.exit(main())
