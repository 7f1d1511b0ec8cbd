"""All-or-nothing file writes: write a temporary file beside the target, then rename it over the target.

A crash or a cancelled export never leaves half a file where a whole one was (models, metadata,
drawings, exports).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_UMASK = os.umask(0o022)  # read once, at import (reading it means setting it), and put straight back
os.umask(_UMASK)


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` for the caller to fill and rename over it; removed if left over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    # mkstemp makes owner-only files: give the new file the old one's permissions, or a new file's
    os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK)
    try:
        yield Path(temporary)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def atomic_write(path: Path, write) -> None:
    """Call `write(temporary_path)`, then rename the temporary file over `path`: all or nothing."""
    with staged(path) as temporary:
        write(temporary)
        os.replace(temporary, path)
