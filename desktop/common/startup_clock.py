"""Milliseconds since the process started, for the `window_shown_ms` / `model_ready_ms` figures.

On Linux the kernel knows when the process began, which includes the interpreter's own start-up;
elsewhere the clock starts when this module is first imported (the very first thing `python -m
desktop` does), which misses only the interpreter's start.
"""

from __future__ import annotations

import os
import time

_IMPORTED_AT = time.monotonic()


def _process_age_at_import() -> float:
    """Seconds the process had already lived when this module was imported (0 when unknown)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start time, in clock ticks after boot
        return max(0.0, uptime - started)
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


_AGE_AT_IMPORT = _process_age_at_import()


def since_start_ms() -> float:
    return (time.monotonic() - _IMPORTED_AT + _AGE_AT_IMPORT) * 1000.0
