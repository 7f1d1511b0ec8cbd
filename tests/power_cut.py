"""A power cut, simulated in the process: what a disk could hold if the power failed at any moment.

The model is the one that wiped files on XFS, btrfs and ext4 (`noauto_da_alloc`): names (creating,
renaming, deleting) reach the disk in the order they happen, at any moment, while a file's bytes reach
it only when the file is fsynced; a file renamed into place before its bytes are on disk comes back
0 bytes long. An fsync of a folder is a barrier: nothing done before it can be lost any more.

`PowerCuts(root)` patches os.replace/os.rename/os.unlink/os.fsync and, after each, notes which name
points at which file (inode) under `root`, and so what a cut at that moment leaves (`disk_at`):
every name as it was then, each file with the bytes of its last fsync (files there before recording
began count as on disk), else empty. Linux only (it reads a synced file back through /proc/self/fd).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path


class PowerCuts:
    def __init__(self, root: Path, monkeypatch) -> None:
        self.root = Path(root)
        self.on_disk: dict[int, bytes] = {}  # inode -> bytes that reached the disk
        self.moments: list[dict[str, bytes]] = []  # after each recorded call: relative path -> bytes on the disk
        self.barrier = 0  # the first moment a cut can still go back to
        for path in self._files():
            self.on_disk[path.stat().st_ino] = path.read_bytes()
        self._note()
        real = {name: getattr(os, name) for name in ("replace", "rename", "unlink", "remove", "fsync")}

        def noting(name: str) -> Callable:
            def call(*args, **kwargs):
                result = real[name](*args, **kwargs)
                self._note()
                return result
            return call

        def fsync(fd: int) -> None:
            real["fsync"](fd)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                self._note()
                self.barrier = len(self.moments) - 1
            else:
                with open(f"/proc/self/fd/{fd}", "rb") as handle:
                    self.on_disk[os.fstat(fd).st_ino] = handle.read()
                self._note()

        for name in ("replace", "rename", "unlink", "remove"):
            monkeypatch.setattr(os, name, noting(name))
        monkeypatch.setattr(os, "fsync", fsync)

    def _files(self) -> list[Path]:
        return [path for path in self.root.rglob("*") if path.is_file()]

    def _note(self) -> None:
        names = {str(path.relative_to(self.root)): path.stat().st_ino for path in self._files()}
        gone = set(self.on_disk) - set(names.values())
        for inode in gone:  # an inode number can be given out again: what a deleted file had is no guide
            del self.on_disk[inode]
        self.moments.append({name: self.on_disk.get(inode, b"") for name, inode in names.items()})

    def disk_at(self, moment: int) -> dict[str, bytes]:
        return self.moments[moment]

    def possible_disks_now(self) -> list[dict[str, bytes]]:
        """Every disk a cut right now could leave: any moment since the last barrier."""
        self._note()
        return [self.disk_at(moment) for moment in range(self.barrier, len(self.moments))]

    def every_disk(self) -> list[dict[str, bytes]]:
        return [self.disk_at(moment) for moment in range(len(self.moments))]
