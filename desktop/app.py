"""Start-up: the application object, the bundled font and icon, the window, then the model.

Order matters for the "window in under a second" goal: nothing here imports Keras. The window is
shown first; the model loads in the recognition process afterwards (with NumPy, docs/recognizer.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from tempfile import TemporaryDirectory

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.common.fonts import load_runic_font
from desktop.common.interface_scale import apply_saved_scale
from model.resource_files import ICONS_DIR
from model.user_folders import APP_NAME, data_dir, keep_keras_folder_in

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m desktop", description="Draw a rune, watch a CNN read it.")
    parser.add_argument("--model", type=Path, default=None, help="a .keras model file to use, not the shipped one")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="draw every rune through the real window, print one JSON line, exit 0 if all are read right",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed for the self-test's drawings")
    return parser.parse_args(argv)


def has_screen() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = ICONS_DIR / f"runesight-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def create_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("runesight")
    app.setWindowIcon(app_icon())
    load_runic_font()
    return app


def _quiet_offscreen_messages() -> None:
    """The offscreen platform warns about window features it lacks; that is noise in a test's output."""
    def handler(kind: QtMsgType, context, message: str) -> None:
        if "does not support" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def main(argv: list[str] | None = None) -> int:
    # One BLAS thread in each of the app's processes, set before anything imports NumPy (the recognition
    # process inherits it): a drawing's matrix products are small, and on a 2-core machine OpenBLAS's
    # threads fought each other and the window for the cores, a forward pass taking 15-30 ms instead of 2.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    arguments = parse_arguments(argv)
    # Keras's own folder inside the data folder; the self-test's in a scratch folder, as it leaves nothing behind
    with TemporaryDirectory(prefix="runesight-") if arguments.self_test else nullcontext() as scratch:
        keep_keras_folder_in(Path(scratch) if scratch else data_dir())
        return _run(arguments)


def _run(arguments: argparse.Namespace) -> int:
    if arguments.self_test and not has_screen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not arguments.self_test:  # the self-test leaves the person's settings alone, and runs at 100 %
        apply_saved_scale()
    app = create_application()
    if app.platformName() == "offscreen":
        _quiet_offscreen_messages()
    from desktop.main_window import MainWindow  # after the QApplication exists, as widgets require

    window = MainWindow(persist=not arguments.self_test, icon=app.windowIcon())
    window.show()
    window.start(arguments.model)
    if arguments.self_test:
        from desktop.self_test import run_self_test

        return run_self_test(window, seed=arguments.seed)
    return app.exec()
