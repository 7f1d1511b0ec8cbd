"""The drawing database on a disk that is full, or read-only: what the app says, and whether the drawings
already kept can still be seen and exported (issue 21, item 9).

A small ext4 image on a loop device holds a data folder with 50 drawings, left as a killed Runesight
leaves them (with their -wal and -shm files) or closed cleanly. The disk is then filled to the last
block, or remounted read-only, and a fresh process opens the drawings the way the app does
(`open_personal_drawings`), counts them, exports them to another disk and tries to save one more.
Needs root (mount); Linux only.

    sudo python bench/full_and_read_only_disk.py
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILL = """
import sys, numpy as np
from model.alphabet import load_alphabet
from model.drawing_store import DrawingStore
from model.generator import generate_drawing
alphabet, rng = load_alphabet(), np.random.default_rng(0)
store = DrawingStore()
store.add_many((generate_drawing(alphabet, i % 16, rng), "collected", None) for i in range(50))
if sys.argv[1] == "close":
    store.close()
print("ready", flush=True)
if sys.argv[1] == "kill":
    import time; time.sleep(60)
"""
LOOK = """
import json, sys
from pathlib import Path
from desktop.collection.personal_drawings import open_personal_drawings
from model.drawing_exchange import export_drawings
from model.drawing_store import StoreError
from model.generator import generate_drawing
import numpy as np
drawings, message = open_personal_drawings()
result = {"message": message, "drawings": None, "exported": None, "save": None}
if drawings is not None:
    result["drawings"] = len(drawings.store)
    try:
        result["exported"] = export_drawings(drawings.store, Path(sys.argv[1])).written
    except OSError as error:
        result["exported"] = str(error)
    try:
        drawings.add(generate_drawing(drawings.alphabet, 1, np.random.default_rng(1)), "collected")
        result["save"] = "saved"
    except StoreError as error:
        result["save"] = str(error)
print(json.dumps(result), flush=True)
"""


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def case(work: Path, left: str, disk: str) -> dict:
    image, mount = work / "disk.img", work / "mnt"
    mount.mkdir()
    run(["truncate", "-s", "8M", str(image)])
    run(["mkfs.ext4", "-q", str(image)])
    run(["mount", "-o", "loop", str(image), str(mount)])
    env = {**os.environ, "RUNESIGHT_HOME": str(mount / "home"), "TF_CPP_MIN_LOG_LEVEL": "3",
           "QT_QPA_PLATFORM": "offscreen"}
    try:
        writer = subprocess.Popen([sys.executable, "-c", FILL, left], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  text=True)
        assert writer.stdout.readline() == "ready\n"
        if left == "kill":
            writer.send_signal(signal.SIGKILL)
        writer.wait()
        if disk == "full":
            with open(mount / "filler", "wb") as filler:
                try:
                    while True:
                        filler.write(b"\0" * 4096)
                        filler.flush()
                except OSError:
                    pass
        else:
            run(["mount", "-o", "remount,ro", str(mount)])
        look = subprocess.run([sys.executable, "-c", LOOK, str(work / "export.ndjson")], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        if look.returncode != 0:
            crash = (f"the program died: {signal.Signals(-look.returncode).name}" if look.returncode < 0
                     else look.stderr.strip().splitlines()[-1])
            return {"message": crash, "drawings": None, "exported": None, "save": None}
        return json.loads(look.stdout.strip().splitlines()[-1])
    finally:
        run(["umount", str(mount)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    for disk in ("full", "read-only"):
        for left in ("kill", "close"):
            with tempfile.TemporaryDirectory(prefix="full-disk-") as folder:
                result = case(Path(folder), left, disk)
            how = "left by a killed Runesight" if left == "kill" else "closed cleanly"
            print(f"{disk} disk, store {how}:\n  message: {result['message']}\n  drawings seen: {result['drawings']}"
                  f", exported: {result['exported']}\n  saving one more: {result['save']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
