"""The canvas's strokes with undo and redo, as plain data (no Qt).

Every change (a stroke added, strokes erased, the canvas cleared, a drawing opened) is one undo step,
so nothing a person drew is ever lost by a slip: even Esc (clear) can be undone. States are tuples of
immutable strokes, so keeping snapshots costs only references.

Each state also names the `Page` its strokes' coordinates are on (the canvas's pixels and its size when
they were drawn, or an opened drawing's own page), so undo brings a drawing back exactly as it was, also
after the window changed size meanwhile. A clear leaves no page: the next stroke is on the canvas's pixels.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.drawing.stroke_geometry import Page
from model.drawing import Stroke

MAX_UNDO_STEPS = 500

State = tuple[tuple[Stroke, ...], Page | None]


class StrokeHistory:
    def __init__(self, strokes: Iterable[Stroke] = (), page: Page | None = None) -> None:
        self._state: State = (tuple(strokes), page)
        self._undo: list[State] = []
        self._redo: list[State] = []

    @property
    def strokes(self) -> tuple[Stroke, ...]:
        return self._state[0]

    @property
    def page(self) -> Page | None:
        """The page the strokes lie on; None for an empty canvas (what is drawn next is on its pixels)."""
        return self._state[1]

    def __len__(self) -> int:
        return len(self.strokes)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _change(self, strokes: tuple[Stroke, ...], page: Page | None) -> bool:
        # Strokes hold arrays, so compare by identity: the same stroke objects mean no change.
        same = len(strokes) == len(self.strokes) and all(a is b for a, b in zip(strokes, self.strokes))
        if same and page == self.page:
            return False
        self._undo.append(self._state)
        del self._undo[:-MAX_UNDO_STEPS]
        self._redo.clear()
        self._state = (strokes, page)
        return True

    def add(self, stroke: Stroke, page: Page | None = None) -> None:
        """A stroke more, on `page` (the canvas's size as it was drawn), or on the page there is."""
        self._change(self.strokes + (stroke,), page or self.page)

    def remove(self, indices: Iterable[int]) -> bool:
        """Remove strokes by index, as one step. Returns whether anything was removed."""
        drop = set(indices)
        return self._change(tuple(s for i, s in enumerate(self.strokes) if i not in drop), self.page)

    def clear(self) -> bool:
        """An empty canvas, with no page: what is drawn next is on the canvas's pixels."""
        return self._change((), None)

    def replace(self, strokes: Iterable[Stroke], page: Page | None = None) -> bool:
        """Put a whole drawing on the canvas (e.g. one opened from a file, on its page), undoably."""
        return self._change(tuple(strokes), page)

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._state)
        self._state = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._state)
        self._state = self._redo.pop()
        return True
