"""A model path that ends the recognition process while it loads the model, as often as a test asks.

Sent to the recognition process, the path is unpickled there by `path_or_exit`: while the test has left
marker files in its folder, each load removes one and ends the process before answering (as a crash,
or a person's kill, while the model reloads); with no marker left it is the model's path and loads.
Kept free of Qt, so the recognition process imports nothing more for it.
"""

from __future__ import annotations

import os
from pathlib import Path


def path_or_exit(path: str, markers: str) -> Path:
    for marker in sorted(Path(markers).glob("end-*")):
        marker.unlink()
        os._exit(9)
    return Path(path)


class PathThatEndsTheProcess(type(Path())):
    """`PathThatEndsTheProcess(model_file, markers=folder)`: a Path; see the module's docstring."""

    def __new__(cls, *parts, markers: Path):
        path = super().__new__(cls, *parts)
        path.markers = Path(markers)
        return path

    def __reduce__(self):
        return (path_or_exit, (str(self), str(self.markers)))

    def end_next_loads(self, count: int) -> None:
        """The next `count` loads of this path each end the process that runs them."""
        for number in range(count):
            (self.markers / f"end-{number:03d}").touch()
