"""Make the lessons' screenshots in docs/screenshots/ from the real windows.

    xvfb-run -a -s "-screen 0 1400x940x24" .venv/bin/python docs/screenshots/take_lesson_screenshots.py

Opens each lesson from the Lessons menu, steps the filtering lesson to its sixth cell, clicks a pixel of the X,
trains the tiny network (seconds on a CPU) and saves both windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from tempfile import mkdtemp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("RUNESIGHT_HOME", mkdtemp(prefix="runesight-shots-"))  # fresh settings, no autosave

from desktop.app import create_application  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.self_test import wait_until  # noqa: E402

OUT = Path(__file__).resolve().parent


def save_whole(lesson, name: str, width: int) -> None:
    """The lesson's whole content at `width`, however short the screen (it scrolls there)."""
    content = lesson.content
    content.resize(width, content.heightForWidth(width) if content.hasHeightForWidth() else content.sizeHint().height())
    content.grab().save(str(OUT / name))


def main() -> None:
    app = create_application()
    window = MainWindow(icon=app.windowIcon(), persist=False)
    window.show()
    filtering = window.lessons.show_filtering()
    filtering.go_to_step(6)
    wait_until(lambda: False, 0.5)
    save_whole(filtering, "lesson-filtering.png", 900)
    x_or_o = window.lessons.show_x_or_o()
    x_or_o.train()
    wait_until(lambda: x_or_o.training_state.text().startswith("Trained"), 120)
    wait_until(lambda: False, 0.5)
    save_whole(x_or_o, "lesson-x-or-o.png", 720)
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
