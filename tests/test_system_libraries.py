"""scripts/system-libraries names every system library Qt's plugins need, on machines that lack some.

The machines are simulated: a stand-in ldconfig lists the libraries a fresh Debian image's packages provide,
a stand-in ldd prints what the xcb plugin printed on a machine lacking two of them. --names-only keeps the
script from installing anything (the tests may run as root).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "system-libraries"
FIXTURES = Path(__file__).parent / "system_libraries"


def load_script():
    loader = importlib.machinery.SourceFileLoader("system_libraries", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def stand_in(folder: Path, name: str, printed_file: Path) -> Path:
    """A command that prints a recorded file whatever it is asked."""
    command = folder / name
    command.write_text(f"#!/bin/sh\ncat '{printed_file}'\n")
    command.chmod(command.stat().st_mode | stat.S_IEXEC)
    return command


def run_script(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--names-only", *arguments], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", **environment}, check=True)


def image_packages(name: str) -> set[str]:
    lines = (FIXTURES / name).read_text().splitlines()
    # Debian 13's 64-bit-time renames (libglib2.0-0t64) provide the old package name.
    return {line.removesuffix("t64") for line in lines if line and not line.startswith("#")}


@pytest.mark.parametrize("image", ["debian13-image-packages.txt", "debian12-image-packages.txt"])
def test_a_fresh_debian_image_is_told_to_install_icccm_and_keysyms(tmp_path, image):
    script = load_script()
    installed = image_packages(image)
    listing = tmp_path / "ldconfig-p.txt"
    listing.write_text("libraries found in cache\n" + "".join(
        f"\t{library} (libc6,x86-64) => /lib/x86_64-linux-gnu/{library}\n"
        for library, package in script.PACKAGE_FOR_LIBRARY.items() if package in installed))
    ldconfig = stand_in(tmp_path, "ldconfig", listing)

    result = run_script(RUNESIGHT_LDCONFIG=str(ldconfig))

    assert "missing: libxcb-icccm4 libxcb-keysyms1\n" in result.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in result.stderr


def test_the_xcb_plugin_itself_names_what_it_cannot_find(tmp_path):
    ldd = stand_in(tmp_path, "ldd", FIXTURES / "ldd-libqxcb-debian12.txt")

    result = run_script("--python", sys.executable, RUNESIGHT_LDD=str(ldd))

    assert "missing: libxcb-icccm4 libxcb-keysyms1\n" in result.stderr


def test_a_library_with_no_known_package_is_named_by_its_file(tmp_path):
    output = tmp_path / "ldd.txt"
    output.write_text("\tlibxcb-keysyms.so.1 => not found\n\tlibQt6Wobble.so.6 => not found\n"
                      "\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f0000000000)\n")
    ldd = stand_in(tmp_path, "ldd", output)

    result = run_script("--python", sys.executable, RUNESIGHT_LDD=str(ldd))

    assert "missing: libxcb-keysyms1\n" in result.stderr
    assert "libraries, which are missing (install the packages that provide them): libQt6Wobble.so.6" in result.stderr
    assert "libGL" not in result.stderr


def test_nothing_missing_says_nothing(tmp_path):
    output = tmp_path / "ldd.txt"
    output.write_text("\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f0000000000)\n")
    ldd = stand_in(tmp_path, "ldd", output)

    result = run_script("--python", sys.executable, RUNESIGHT_LDD=str(ldd))

    assert result.stdout == result.stderr == ""


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is part of glibc's tools; this system has none")
def test_the_recorded_libraries_are_what_the_installed_plugins_ask_for():
    """The list checked before PySide6 is installed must follow PySide6's upgrades."""
    script = load_script()
    pyside6 = script.pyside6_folder(sys.executable)
    asked: set[str] = set()
    for relative in script.QT_BINARIES:
        output = subprocess.run(["ldd", str(pyside6 / relative)], capture_output=True, text=True).stdout
        for line in output.splitlines():
            library = line.split("=>")[0].split()[0]
            if "PySide6" not in line and "shiboken6" not in line and library.startswith("lib"):
                asked.add(library)
    # The C library's own files come with libc6, which every system has.
    asked -= {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1"}

    assert asked == set(script.RECORDED_LIBRARIES)
    assert asked <= set(script.PACKAGE_FOR_LIBRARY)
