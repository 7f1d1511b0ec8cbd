"""The project's layering, checked on the source: `model/` never reaches the GUI, widgets never reach
Keras, and model code is written against Keras, not one backend's framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def files(folder: str) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    assert found, f"no Python files under {folder}/"
    return found


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        bad = sorted(m for m in imported_modules(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_the_model_package_never_imports_qt_or_the_desktop_app():
    assert offending(files("model"), ("PySide6", "shiboken6", "desktop")) == {}


def test_widgets_receive_plain_data_and_never_import_keras_or_the_network():
    network = ("keras", "tensorflow", "jax", "torch", "model.network", "model.recognizer", "model.training",
               "model.fine_tuning")
    assert offending(files("desktop/widgets"), network) == {}


@pytest.mark.parametrize("folder", ["model", "bench"])
def test_model_code_uses_keras_not_a_backend_framework(folder):
    # model/compute_devices.py asks JAX or PyTorch which GPU it is running on: naming a device is not
    # model code, and the frameworks' own probes run as strings in a child process.
    paths = [p for p in files(folder) if p.name != "compute_devices.py"]
    assert offending(paths + [ROOT / "train.py"], ("tensorflow", "jax", "torch")) == {}


def test_the_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef late():\n    from PySide6.QtCore import QObject\n    import tensorflow as tf\n")
    assert imported_modules(sample) == {"os", "PySide6.QtCore", "tensorflow"}
