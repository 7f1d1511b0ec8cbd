"""The canvas's strokes with undo and redo, as plain data (no Qt).

Every change (a stroke added, strokes erased, the canvas cleared, a drawing opened) is one undo step,
so nothing a person drew is ever lost by a slip: even Esc (clear) can be undone. States are tuples of
immutable strokes, so keeping snapshots costs only references.
"""

from __future__ import annotations

from collections.abc import Iterable

from model.drawing import Stroke

MAX_UNDO_STEPS = 500


class StrokeHistory:
    def __init__(self, strokes: Iterable[Stroke] = ()) -> None:
        self._strokes: tuple[Stroke, ...] = tuple(strokes)
        self._undo: list[tuple[Stroke, ...]] = []
        self._redo: list[tuple[Stroke, ...]] = []

    @property
    def strokes(self) -> tuple[Stroke, ...]:
        return self._strokes

    def __len__(self) -> int:
        return len(self._strokes)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _change(self, strokes: tuple[Stroke, ...]) -> bool:
        # Strokes hold arrays, so compare by identity: the same stroke objects mean no change.
        if len(strokes) == len(self._strokes) and all(a is b for a, b in zip(strokes, self._strokes)):
            return False
        self._undo.append(self._strokes)
        del self._undo[:-MAX_UNDO_STEPS]
        self._redo.clear()
        self._strokes = strokes
        return True

    def add(self, stroke: Stroke) -> None:
        self._change(self._strokes + (stroke,))

    def remove(self, indices: Iterable[int]) -> bool:
        """Remove strokes by index, as one step. Returns whether anything was removed."""
        drop = set(indices)
        return self._change(tuple(s for i, s in enumerate(self._strokes) if i not in drop))

    def clear(self) -> bool:
        return self._change(())

    def replace(self, strokes: Iterable[Stroke]) -> bool:
        """Put a whole drawing on the canvas (e.g. one opened from a file), undoably."""
        return self._change(tuple(strokes))

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._strokes)
        self._strokes = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._strokes)
        self._strokes = self._redo.pop()
        return True
