"""Issue 14's ink repro on a real X server: does the ink stay under the pen after Esc, and keep its width?

    python bench/ink_on_screen.py --display :11 [--wait 60] [--shots DIR]

Needs Xvfb (or any X server) on DISPLAY with a window manager, xdotool and imagemagick's `import`.
Starts the app from this checkout with a fresh data folder, waits for the model, then as a hand would
with xdotool (about 100 mouse moves a second): three times Esc and a small ar (a 40 px stave, a
diagonal crossing its middle); four times Esc and a straight 300 px stroke; ten times Esc and kaun.
For each drawing it reads the autosaved copy (what a save or export would write) and prints the
stored canvas size, each stroke's length against the pen's, and how far the stored points lie from
the pen's way; for the last kaun, the ink's width on screen (a row of the screenshot across its stave)
against the pen's 9 px. The canvas's top-left on the screen is found first from a tap (a one-point
stroke is stored where it was pressed, even by the old code), which Esc then clears.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TAP = (500, 400)
AR = [((300, 200), (300, 240)), ((312, 212), (288, 228))]
LINE = [((100, 150), (400, 150))]
KAUN = [((300, 150), (300, 330)), ((300, 240), (360, 180))]


def xdotool(*args: object) -> None:
    subprocess.run(["xdotool", *map(str, args)], check=True)


def draw(segment: tuple[tuple[int, int], tuple[int, int]]) -> None:
    (x0, y0), (x1, y1) = segment
    steps = max(1, round(np.hypot(x1 - x0, y1 - y0) / 4))
    xdotool("mousemove", x0, y0, "mousedown", 1)
    for i in range(1, steps + 1):
        xdotool("mousemove", x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps)
        time.sleep(0.01)
    xdotool("mouseup", 1)


def esc_and_draw(home: Path, segments) -> dict:
    xdotool("key", "Escape")
    time.sleep(1.0)
    for segment in segments:
        draw(segment)
    time.sleep(2.5)  # the reading, the layout's answer and the autosave
    return json.loads((home / "unsaved-drawing.json").read_text())


def report(name: str, saved: dict, segments, origin: np.ndarray) -> None:
    print(f"{name}: canvas {saved['canvas']}")
    for stroke, (a, b) in zip(saved["drawing"], segments):
        points = np.array(stroke[:2], dtype=np.float64).T
        a, b = np.array(a) - origin, np.array(b) - origin
        ab = b - a
        t = np.clip(((points - a) @ ab) / (ab @ ab), 0.0, 1.0)
        off = np.hypot(*(points - (a + t[:, None] * ab)).T).max()
        length = np.hypot(*(points[-1] - points[0]))
        print(f"  stroke {length:.1f} long (pen {np.hypot(*ab):.0f}), farthest from the pen's way {off:.1f}")


def ink_runs(png: Path, y: int, x_from: int, x_to: int) -> list[int]:
    """Widths of the runs of ink (half dark or more) along one row of a screenshot."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    runs, count = [], 0
    for x in range(x_from, x_to + 1):
        if image.pixelColor(x, y).lightness() < 128:
            count += 1
        elif count:
            runs.append(count)
            count = 0
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", required=True)
    parser.add_argument("--wait", type=float, default=60.0, help="seconds for the window and the model")
    parser.add_argument("--shots", type=Path, default=Path(tempfile.gettempdir()) / "ink_on_screen")
    args = parser.parse_args()
    os.environ["DISPLAY"] = args.display
    args.shots.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="runesight_home_"))
    app = subprocess.Popen([sys.executable, "-m", "desktop"], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env={**os.environ, "RUNESIGHT_HOME": str(home)})
    try:
        time.sleep(args.wait)
        window = subprocess.run(["xdotool", "search", "--name", "Runesight"], capture_output=True, text=True)
        xdotool("windowactivate", "--sync", window.stdout.split()[0])
        xdotool("mousemove", *TAP, "click", 1)
        time.sleep(2.0)
        tapped = json.loads((home / "unsaved-drawing.json").read_text())["drawing"][0]
        origin = np.array(TAP, dtype=np.float64) - (tapped[0][0], tapped[1][0])
        print(f"the canvas's top-left on the screen: {origin}")
        for n in range(1, 4):
            saved = esc_and_draw(home, AR)
            report(f"ar {n}", saved, AR, origin)
            subprocess.run(["import", "-window", "root", str(args.shots / f"ar{n}.png")], check=True)
        for n in range(1, 5):
            report(f"300 px line {n}", esc_and_draw(home, LINE), LINE, origin)
            subprocess.run(["import", "-window", "root", str(args.shots / f"line{n}.png")], check=True)
        for n in range(1, 11):
            saved = esc_and_draw(home, KAUN)
            print(f"kaun {n}: canvas {saved['canvas']}")
        shot = args.shots / "kaun10.png"
        subprocess.run(["import", "-window", "root", str(shot)], check=True)
        print(f"kaun 10: ink across its stave on screen {ink_runs(shot, 300, 200, 420)} px (pen 9 px)")
        print(f"screenshots in {args.shots}")
    finally:
        app.terminate()
        app.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
