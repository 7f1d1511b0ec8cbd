"""Make the screenshots in docs/screenshots/ from the real window.

Run under a virtual X server, e.g.:
    xvfb-run -a -s "-screen 0 1400x940x24" .venv/bin/python docs/screenshots/take_screenshots.py
It draws a rune with real mouse events, stops mid-stroke (so the live prediction and the maps show),
and saves the window, then the rune chart. Then it fills the (temporary) drawing store with generated
drawings and saves collect mode, the dataset browser, and the retrain dialog mid-training and at
its result (a real, short training run on this machine's CPU or GPU).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from tempfile import mkdtemp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("RUNESIGHT_HOME", mkdtemp(prefix="runesight-shots-"))  # fresh settings, no autosave

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402

from desktop.app import create_application  # noqa: E402
from desktop.drawing.mouse_replay import drag_stroke, draw_strokes, send_mouse  # noqa: E402
from desktop.drawing.stroke_geometry import resample_polyline, unit_strokes_to_canvas  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.self_test import wait_until  # noqa: E402

OUT = Path(__file__).resolve().parent
RUNE, FORM = "mathr", 0
DRAWINGS_PER_RUNE = 10
RETRAIN_EPOCHS = 6


def main() -> None:
    app = create_application()
    window = MainWindow(icon=app.windowIcon())
    window.resize(1360, 900)
    window.show()
    window.start()
    wait_until(lambda: window.model is not None, 120)
    canvas = window.canvas
    rune = window.alphabet.rune(RUNE)
    strokes = unit_strokes_to_canvas(rune.forms[FORM].strokes, (canvas.width(), canvas.height()), fill=0.65)
    for points in strokes[:-1]:
        drag_stroke(canvas, points)
    # The last stroke only two thirds drawn, button still held: the picture is taken mid-drawing.
    last = resample_polyline(strokes[-1], 4.0)
    last = last[: max(2, len(last) * 2 // 3)]
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(canvas, QEvent.Type.MouseButtonPress, QPointF(*last[0]), left, left)
    for x, y in last[1:]:
        send_mouse(canvas, QEvent.Type.MouseMove, QPointF(x, y), none, left)
    wait_until(lambda: not window.live.busy, 20)
    grid = window.feature_maps.grids["conv2"]
    grid.map_clicked.emit("conv2", int(np.argmax(grid.maps.max(axis=(0, 1)))))  # show one map large
    wait_until(lambda: False, 0.5)
    window.grab().save(str(OUT / "main-window.png"))
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, QPointF(*last[-1]), left, none)

    window.commands.show_rune_chart()
    chart = window.commands.rune_chart
    chart.show_rune("hagall")
    wait_until(lambda: False, 0.5)
    chart.grab().save(str(OUT / "rune-chart.png"))
    chart.close()

    collect_mode(window)
    dataset_browser(window)
    retrain_dialog(window)
    window.close()


def fill_store(window) -> None:
    """Generated drawings stand in for a person's: ten of each rune, one rune a little short."""
    from model.generator import generate_drawing

    rng = np.random.default_rng(3)
    for index, name in enumerate(window.alphabet.names):
        count = 3 if name == "yr" else DRAWINGS_PER_RUNE
        for _ in range(count):
            window.drawings.add(generate_drawing(window.alphabet, index, rng, (320, 320)), "collected")


def collect_mode(window) -> None:
    window.canvas.clear()
    fill_store(window)
    window.collect.action.setChecked(True)
    canvas = window.canvas
    rune = window.alphabet.rune(window.collect.rune)
    draw_strokes(canvas, unit_strokes_to_canvas(rune.forms[0].strokes, (canvas.width(), canvas.height()), fill=0.6))
    wait_until(lambda: not window.live.busy, 20)
    wait_until(lambda: False, 0.3)
    window.grab().save(str(OUT / "collect-mode.png"))
    window.collect.action.setChecked(False)
    window.canvas.clear()


def pictures_to_import(folder: Path) -> Path:
    """A folder as a person might import: PNGs in one folder per rune (one of them blank), a workshop file."""
    import json

    from PIL import Image

    from model.alphabet import load_alphabet
    from model.generator import generate_drawing
    from model.preprocessing import render_strokes

    alphabet = load_alphabet()
    rng = np.random.default_rng(11)
    for name in ("hagall", "hagall", "ur"):
        drawing = generate_drawing(alphabet, alphabet.index(name), rng, (64, 64), fill=(0.7, 0.8))
        ink = render_strokes([s.points for s in drawing.strokes], (64, 64), 5.0)
        (folder / name).mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.uint8(255 - ink * 255)).save(folder / name / f"{len(list(folder.rglob('*.png')))}.png")
    Image.fromarray(np.full((64, 64), 255, np.uint8)).save(folder / "ur" / "smudge.png")
    workshop = np.zeros((24, 24), int)
    workshop[3:21, 11:13] = 255
    (folder / "isa-workshop.json").write_text(json.dumps({"rune": "isa", "data": workshop.tolist()}))
    return folder


def dataset_browser(window) -> None:
    browser = window.dataset.show_browser()
    browser.resize(980, 640)
    window.dataset.import_paths([pictures_to_import(Path(mkdtemp(prefix="runesight-import-")) / "my runes")])
    wait_until(lambda: window.dataset.task is None, 60)
    browser.runes.setCurrentRow(window.alphabet.names.index("hagall") + 1)
    browser.select_ids(browser.item_ids()[1:2])
    wait_until(lambda: False, 0.4)
    browser.grab().save(str(OUT / "dataset-browser.png"))
    browser.close()


def retrain_dialog(window) -> None:
    controller = window.retrain
    dialog = controller.open_dialog()
    dialog.resize(1000, 720)
    wait_until(lambda: controller.devices is not None, 120)
    wait_until(dialog.setup.start_button.isEnabled, 60)  # the plan
    dialog.setup.epochs.setValue(RETRAIN_EPOCHS)
    wait_until(lambda: False, 0.3)
    dialog.grab().save(str(OUT / "retrain-setup.png"))
    dialog.setup.start_button.click()
    curves = dialog.progress.curves
    wait_until(lambda: len(curves.validation) >= RETRAIN_EPOCHS // 2 and len(curves.training) > 3, 600)
    wait_until(lambda: False, 1.5)
    dialog.grab().save(str(OUT / "retrain-training.png"))
    wait_until(lambda: dialog.page == "result", 600)
    wait_until(lambda: False, 0.4)
    dialog.grab().save(str(OUT / "retrain-result.png"))
    dialog.result.reject_button.click()
    dialog.close()


if __name__ == "__main__":
    main()
