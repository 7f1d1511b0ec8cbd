"""Make word mode's screenshot in docs/screenshots/ from the real window.

    xvfb-run -a -s "-screen 0 1400x940x24" .venv/bin/python docs/screenshots/take_word_screenshots.py

Turns word mode on with its key, writes four runes and a divider with real mouse events, types a name to write in
runes with "Trace on the canvas" on, and saves the window.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from tempfile import mkdtemp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("RUNESIGHT_HOME", mkdtemp(prefix="runesight-shots-"))  # fresh settings, no autosave

import numpy as np  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.app import create_application  # noqa: E402
from desktop.drawing.mouse_replay import draw_strokes  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.self_test import wait_until  # noqa: E402

OUT = Path(__file__).resolve().parent
WORD = ["thurs", "ur", "reith", "isa"]  # þuri, with a divider after the second rune


def main() -> None:
    app = create_application()
    window = MainWindow(icon=app.windowIcon(), persist=False)
    window.resize(1360, 900)
    window.show()
    window.start()
    wait_until(lambda: window.model is not None, 120)
    QTest.keyClick(window, Qt.Key.Key_F4)
    wait_until(lambda: False, 0.3)
    canvas = window.canvas
    height, step = canvas.height() * 0.5, canvas.width() / (len(WORD) + 1.5)
    strokes = []
    for index, name in enumerate(WORD):
        form = window.alphabet.rune(name).trainable_forms[0].strokes
        low = np.concatenate(form).min(axis=0)
        left = step * (index + 0.5 + (index >= 2) * 0.5)
        strokes += [(np.asarray(s) - low) * height + [left, canvas.height() * 0.2] for s in form]
    x, y = step * 2.3, canvas.height() * 0.45
    strokes += [np.array([[x, y - 18], [x + 1, y - 17]]), np.array([[x, y + 18], [x + 1, y + 19]])]  # ":"
    draw_strokes(canvas, strokes)
    wait_until(lambda: not window.live.busy and window.word_mode.reading is not None, 30)
    QTest.keyClicks(window.word_panel.latin, "Sigrid")
    window.word_panel.trace.setChecked(True)
    window.word_panel.glyph_buttons[1].click()
    wait_until(lambda: False, 0.5)
    window.grab().save(str(OUT / "word-mode.png"))
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
