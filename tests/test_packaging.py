"""The PyInstaller set-up, checked without building (the real build is `make dist dist-check`, in CI).

The spec is run with stand-ins for PyInstaller's build steps, which record what it asks for.
"""

from __future__ import annotations

import ast
import configparser
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
ENTRY = ROOT / "packaging" / "runesight_main.py"
DESKTOP_ENTRY = ROOT / "packaging" / "runesight.desktop"

pytest.importorskip("PyInstaller", reason="the dist extra is not installed")


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> dict:
    """Run build.spec with recording stand-ins; returns the calls it made, by step."""
    dist_path = tmp_path_factory.mktemp("dist")
    calls: dict = {}

    def step(name, result=None):
        def record(*args, **kwargs):
            calls[name] = SimpleNamespace(args=args, kwargs=kwargs)
            return result(*args, **kwargs) if result else SimpleNamespace()
        return record

    def analysis(scripts, **kwargs):
        return SimpleNamespace(scripts=scripts, pure=[], binaries=[], datas=list(kwargs["datas"]))

    def collect(*args, name, **kwargs):
        (dist_path / name).mkdir()
        return SimpleNamespace()

    namespace = {"SPECPATH": str(ROOT), "DISTPATH": str(dist_path), "Analysis": step("Analysis", analysis),
                 "PYZ": step("PYZ"), "EXE": step("EXE"), "COLLECT": step("COLLECT", collect), "BUNDLE": step("BUNDLE")}
    globals_after = runpy.run_path(str(SPEC), init_globals=namespace)
    return {"calls": calls, "globals": globals_after, "dist": dist_path}


def shipped_files() -> set[str]:
    files = [p for p in (ROOT / "resources").rglob("*") if p.is_file()]
    files += list((ROOT / "model" / "alphabets").glob("*.json"))
    return {p.relative_to(ROOT).as_posix() for p in files}


def bundle_places(spec) -> dict[str, Path]:
    """Place in the bundle (relative to `_internal/`) -> source file, for every data file the spec adds."""
    datas = spec["calls"]["Analysis"].kwargs["datas"]
    return {(Path(dest) / Path(source).name).as_posix(): Path(source) for source, dest in datas}


def test_the_spec_builds_one_folder_app_named_runesight_from_the_entry_script(spec):
    calls = spec["calls"]
    assert calls["Analysis"].args[0] == [str(ENTRY)]
    assert calls["EXE"].kwargs["name"] == "Runesight" and calls["EXE"].kwargs["exclude_binaries"] is True
    assert calls["COLLECT"].kwargs["name"] == "Runesight"
    icon = calls["EXE"].kwargs["icon"]
    assert icon is None if sys.platform.startswith("linux") else Path(icon).is_file()


def test_every_resource_and_alphabet_file_ships_at_its_place_relative_to_the_repository(spec):
    places = bundle_places(spec)
    assert shipped_files() <= set(places)
    for place, source in places.items():
        if place in shipped_files():
            assert source.resolve() == (ROOT / place).resolve()


def test_our_own_packages_are_collected_whole_for_the_spawned_children(spec):
    hidden = set(spec["calls"]["Analysis"].kwargs["hiddenimports"])
    needed = {"model.training_process", "model.fine_tuning", "desktop.recognition.process_worker", "bundle_checks"}
    assert needed <= hidden


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux bundle's files")
def test_the_desktop_entry_and_its_installer_lie_beside_the_executable(spec):
    folder = spec["dist"] / "Runesight"
    assert (folder / "runesight.desktop").read_text() == DESKTOP_ENTRY.read_text()
    assert (folder / "install-desktop-entry.sh").is_file()


def test_the_desktop_entry_names_the_executable_and_an_icon_that_ships():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP_ENTRY)
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Runesight"
    assert section["Exec"] == "Runesight" and section["Terminal"] == "false"
    assert (ROOT / "resources" / "icons" / f"{section['Icon']}.svg").is_file()
    installer = (ROOT / "packaging" / "install-desktop-entry.sh").read_text()
    for size in (16, 32, 48, 64, 128, 256):
        assert f" {size} " in f" {installer.split('for size in ')[1].split(';')[0]} "
        assert (ROOT / "resources" / "icons" / f"runesight-{size}.png").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_the_desktop_entry_passes_the_freedesktop_validator():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP_ENTRY)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_resources_are_found_in_a_frozen_bundle_where_the_spec_puts_them(spec, tmp_path, monkeypatch):
    internal = tmp_path / "_internal"  # a bundle's sys._MEIPASS
    for place, source in bundle_places(spec).items():
        (internal / place).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():  # package metadata (an .egg-info or .dist-info folder) where installed
            shutil.copytree(source, internal / place)
        else:
            shutil.copy2(source, internal / place)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    frozen = runpy.run_path(str(ROOT / "model" / "resource_files.py"))
    assert frozen["RESOURCES_DIR"] == internal / "resources"
    assert frozen["SHIPPED_MODEL_PATH"].is_file() and frozen["SHIPPED_MODEL_PATH"].with_suffix(".json").is_file()
    assert (frozen["FONTS_DIR"] / "NotoSansRunic-Regular.ttf").is_file()
    assert (frozen["ICONS_DIR"] / "runesight-256.png").is_file()
    # model/alphabet.py finds its JSON beside its own module file, which a bundle places at _internal/model/.
    assert (internal / "model" / "alphabet.pyc").with_name("alphabets").joinpath("younger_futhark.json").is_file()


def test_from_source_resources_are_the_repository_folder(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    from model.resource_files import resources_dir

    assert resources_dir() == ROOT / "resources"


def test_the_entry_point_calls_freeze_support_before_anything_else():
    tree = ast.parse(ENTRY.read_text())
    module_imports = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
    assert module_imports == {"multiprocessing", "sys"}
    assert not any(isinstance(node, ast.ImportFrom) for node in tree.body)
    main = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main")
    assert ast.unparse(main.body[0]) == "multiprocessing.freeze_support()"


def test_the_entry_point_runs_python_code_as_python_c_does_without_starting_the_app():
    code = "import sys; print(6 * 7, sys.argv, 'desktop' in sys.modules)"
    result = subprocess.run([sys.executable, str(ENTRY), "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.split() == ["42", "['-c']", "False"]


def test_no_excluded_module_is_imported_by_our_code(spec):
    excluded = spec["globals"]["EXCLUDED_MODULES"]
    imported = set()
    for path in [*ROOT.glob("model/**/*.py"), *ROOT.glob("desktop/**/*.py"), *ROOT.glob("packaging/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module)
    clashes = {name for name in imported for gone in excluded if name == gone or name.startswith(gone + ".")}
    assert not clashes


def test_every_package_of_ours_is_listed_for_setuptools():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {folder.parent.relative_to(ROOT).as_posix().replace("/", ".")
             for top in ("model", "desktop") for folder in (ROOT / top).rglob("__init__.py")}
    assert found <= listed  # model.alphabets is listed too: data only, shipped as package data
