"""Resident memory of the app: this process and every process it started (the recognition process, a
retrain), for the self-test's `memory_mb`. Read from Linux's /proc; None where there is none."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _resident_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass  # it ended meanwhile
    return 0


def _parents() -> dict[int, int]:
    """pid -> parent pid, for every process now running."""
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])  # the name may hold spaces
            except (OSError, ValueError, IndexError):
                continue
    return parents


def app_memory_mb(pid: int | None = None) -> float | None:
    """Resident memory (MB) of process `pid` (this one by default) and all its descendants."""
    if not (PROC / "self" / "status").is_file():
        return None
    root = os.getpid() if pid is None else pid
    parents = _parents()
    family, grew = {root}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(_resident_kb(member) for member in family) / 1024
