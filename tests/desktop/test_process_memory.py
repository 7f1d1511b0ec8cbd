"""The self-test's memory figure counts the processes the app started, not only its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.common.process_memory import PROC, app_memory_mb


@pytest.mark.skipif(not PROC.is_dir(), reason="resident memory is read from /proc")
def test_the_memory_of_a_child_process_is_counted():
    alone = app_memory_mb()
    child = subprocess.Popen([sys.executable, "-c", "import sys; b = bytearray(200 << 20); print(1, flush=True); "
                              "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "1"  # its 200 MB are written, so resident
        with_child = app_memory_mb()
    finally:
        child.communicate("")
    assert with_child - alone > 190
