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


# --- desktop/: parts in folders, and the direction in which they may depend on each other ---------------

# Folders below the widgets: they never import a widget or a part that builds on widgets.
FOUNDATIONS = {
    "common": set(),  # settings, actions, dialogs, notices, background work: nothing else of the app
    "drawing": {"common"},
    "recognition": {"common"},
}
# A part (any other folder: collection, retrain, lessons, words, ...) builds on the foundations and the
# widgets; the parts it may use besides are named here. No part imports a module at the top of desktop/
# (the window, its commands): the window composes the parts, not the other way round.
PARTS_MAY_USE = {"retrain": {"collection"}}
COMPOSITION = {"desktop.main_window", "desktop.app", "desktop.__main__"}


def desktop_module(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def desktop_imports(path: Path) -> set[str]:
    """The desktop modules a file imports (`from desktop.x import y` counts `desktop.x.y` where y is a module)."""
    found = set()
    for name in imported_modules(path):
        if name == "desktop" or name.startswith("desktop."):
            found.add(name)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("desktop"):
            for alias in node.names:
                candidate = ROOT / f"{node.module}.{alias.name}".replace(".", "/")
                if candidate.with_suffix(".py").is_file() or candidate.is_dir():
                    found.add(f"{node.module}.{alias.name}")
    return {name for name in found if name != "desktop"}


def folder_of(module: str) -> str | None:
    """`desktop.collection.corrections` -> "collection"; None for a module at the top of desktop/."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (ROOT / "desktop" / parts[-1]).is_dir() else None


def test_foundations_and_widgets_never_import_the_parts_built_on_them():
    bad = {}
    for path in files("desktop"):
        module = desktop_module(path)
        folder = folder_of(module)
        if folder in FOUNDATIONS:
            allowed = FOUNDATIONS[folder] | {folder}
        elif folder == "widgets":
            allowed = set(FOUNDATIONS) | {"widgets"}
        else:
            continue
        wrong = sorted(m for m in desktop_imports(path) if folder_of(m) not in allowed)
        if wrong:
            bad[module] = wrong
    assert bad == {}


def test_parts_use_the_foundations_the_widgets_and_only_the_parts_they_name():
    bad = {}
    for path in files("desktop"):
        module = desktop_module(path)
        folder = folder_of(module)
        if folder is None or folder in FOUNDATIONS or folder == "widgets":
            continue
        allowed = set(FOUNDATIONS) | {"widgets", folder} | PARTS_MAY_USE.get(folder, set())
        wrong = sorted(m for m in desktop_imports(path) if folder_of(m) not in allowed)
        if wrong:
            bad[module] = wrong
    assert bad == {}


def test_only_the_start_up_modules_import_the_main_window():
    importers = {desktop_module(path) for path in files("desktop") if "desktop.main_window" in desktop_imports(path)}
    assert importers <= COMPOSITION


def test_no_import_cycle_among_desktop_modules():
    graph = {desktop_module(path): desktop_imports(path) for path in files("desktop")}
    graph = {module: {m for m in imports if m in graph and m != module} for module, imports in graph.items()}
    cycles, done, path = [], set(), []

    def visit(module: str) -> None:
        if module in path:
            cycles.append(path[path.index(module):] + [module])
            return
        if module in done:
            return
        path.append(module)
        for imported in sorted(graph[module]):
            visit(imported)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    assert cycles == []


def test_at_most_eight_modules_sit_at_the_top_of_desktop():
    assert len(list((ROOT / "desktop").glob("*.py"))) <= 8
