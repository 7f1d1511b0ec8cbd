"""All-or-nothing, durable file writes: write a temporary file beside the target, fsync it, rename it over
the target, fsync the folder.

A crash or a cancelled export never leaves half a file where a whole one was (models, metadata,
drawings, exports), and a power cut never leaves an empty one: without the fsyncs, XFS, btrfs and
ext4 (`noauto_da_alloc`) can put the new name on disk before the bytes it names. A write that
returned is on disk (the folder's fsync makes the rename itself durable).

Temporary files are named `.<target>.<process id>.<random>.part`, so that one left by a killed
program can be told from one another running Runesight is still writing (`remove_leftovers`).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from model.user_folders import data_dir

_UMASK = os.umask(0o022)  # read once, at import (reading it means setting it), and put straight back
os.umask(_UMASK)
TEMPORARY_SUFFIX = ".part"
# Ours: ".<name>.<pid>.<8 of mkstemp's letters>.part", or, from before the process id was in the name,
# ".<name>.<8 letters>.part"; Keras adds ".keras" to the one it writes a model into.
LEFTOVER = re.compile(r"\..+?(?:\.(?P<pid>\d+))?\.[a-z0-9_]{8}\.part(?:\.keras)?")
UNNAMED_LEFTOVER_AGE_S = 24 * 3600  # one with no process id is taken as abandoned after a day
# Folders outside the data folder that writes went to (exports): where to look for leftovers at start.
FOLDERS_WRITTEN_FILE = "folders-written.txt"


def sync_file(path: Path) -> None:
    """Put a written file's bytes on the disk (not only in the cache): before it is renamed into place."""
    handle = os.open(path, os.O_RDWR if sys.platform == "win32" else os.O_RDONLY)  # Windows flushes writable ones
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_folder(folder: Path) -> None:
    """Put a folder's names (a rename into it, a new file) on the disk. Windows cannot open a folder, and
    NTFS journals names itself."""
    if sys.platform == "win32":
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def replace_durably(source: Path, target: Path) -> None:
    """Rename a written file over `target`, its bytes on the disk first and the new name after."""
    sync_file(source)
    os.replace(source, target)
    sync_folder(Path(target).parent)


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` for the caller to fill and rename over it; removed if left over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remember_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                                         suffix=TEMPORARY_SUFFIX)
    os.close(handle)
    # mkstemp makes owner-only files: give the new file the old one's permissions, or a new file's
    os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK)
    try:
        yield Path(temporary)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def atomic_write(path: Path, write) -> None:
    """Call `write(temporary_path)`, then put the temporary file in place of `path`: all or nothing, and
    on the disk when this returns."""
    with staged(path) as temporary:
        write(temporary)
        replace_durably(temporary, path)


def _remembered_folders() -> list[Path]:
    try:
        text = (data_dir() / FOLDERS_WRITTEN_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line) for line in text.splitlines() if line.strip()]


def _remember_folder(folder: Path) -> None:
    """Note a folder outside the data folder (an export's), so that a write killed there is cleaned up at the
    next start. A line appended once per folder; failing to note it stops no write."""
    with suppress(OSError, ValueError):
        folder, home = folder.resolve(), data_dir().resolve()
        if folder == home or home in folder.parents or folder in _remembered_folders():
            return
        with open(home / FOLDERS_WRITTEN_FILE, "a", encoding="utf-8") as handle:
            handle.write(f"{folder}\n")


def remove_leftovers_at_start() -> int:
    """`remove_leftovers` in the data folder and every folder a write went to; returns how many were removed."""
    # In the person's own folders only names with a process id: an older name could be theirs.
    return remove_leftovers(data_dir()) + sum(remove_leftovers(folder, unnamed_too=False)
                                              for folder in _remembered_folders())


def _running(pid: int) -> bool | None:
    """Whether a process is running; None where that cannot be asked safely (on Windows, signal 0 would be
    a Ctrl+C)."""
    if sys.platform == "win32":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # there, but another user's
    return True


def written_by_a_stopped_program(path: Path, name: re.Match | None) -> bool:
    """Whether a file of ours, whose name matched with a `pid` group, was left by a program no longer running
    (where that cannot be known: whether it is a day old)."""
    if name is None:
        return False
    pid = None if name["pid"] is None else int(name["pid"])
    if pid == os.getpid():
        return False
    running = None if pid is None else _running(pid)
    if running is not None:
        return not running
    try:
        return time.time() - path.stat().st_mtime >= UNNAMED_LEFTOVER_AGE_S
    except OSError:
        return False


def remove_leftovers(folder: Path, *, unnamed_too: bool = True) -> int:
    """Remove the temporary files our writes left in `folder` when the program writing them was killed;
    returns how many. Only names of our own making, and only where the program that wrote them is no longer
    running (or, where that cannot be known, a day old): a write under way in another window stays."""
    removed = 0
    try:
        names = [entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    for entry in names:
        match = LEFTOVER.fullmatch(entry.name)
        if match is not None and match["pid"] is None and not unnamed_too:
            continue
        if written_by_a_stopped_program(Path(entry.path), match):
            with suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed
