"""`python -m desktop --self-test`, as the packaged app runs it: a real process, one JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_reads_every_rune_and_reports_json(tmp_path):
    environment = dict(os.environ, RUNESIGHT_HOME=str(tmp_path))
    environment.pop("DISPLAY", None)  # it must find its own way to run without a screen
    environment.pop("WAYLAND_DISPLAY", None)
    environment.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run([sys.executable, "-m", "desktop", "--self-test"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, result.stdout + result.stderr[-2000:]
    report = json.loads(lines[0])
    assert report["qt_platform"] == "offscreen"
    assert report["runes"] == 16
    assert report["window_shown_ms"] > 0 and report["model_ready_ms"] >= report["window_shown_ms"]
    assert report["memory_mb"] is None or report["memory_mb"] > 0
    assert result.returncode == (0 if report["correct"] == 16 else 1)
    assert report["correct"] == 16, report["wrong"]
    assert list(tmp_path.iterdir()) == []  # it left no settings or drawing behind
