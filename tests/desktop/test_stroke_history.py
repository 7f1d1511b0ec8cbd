"""Undo and redo as plain data."""

from __future__ import annotations

import numpy as np

from desktop.drawing.stroke_geometry import Page
from desktop.drawing.stroke_history import MAX_UNDO_STEPS, StrokeHistory
from model.drawing import Stroke


def stroke(x: float) -> Stroke:
    return Stroke.from_xy(np.array([[x, 0.0], [x, 10.0]]))


def test_add_undo_redo():
    history = StrokeHistory()
    a, b = stroke(1), stroke(2)
    history.add(a)
    history.add(b)
    assert history.strokes == (a, b)
    assert history.undo() and history.strokes == (a,)
    assert history.redo() and history.strokes == (a, b)
    assert not history.redo()


def test_a_new_change_forgets_the_redo_steps():
    history = StrokeHistory()
    history.add(stroke(1))
    history.undo()
    history.add(stroke(2))
    assert not history.can_redo


def test_clear_is_one_undoable_step():
    history = StrokeHistory()
    strokes = [stroke(i) for i in range(3)]
    for s in strokes:
        history.add(s)
    assert history.clear()
    assert history.strokes == ()
    history.undo()
    assert history.strokes == tuple(strokes)


def test_clearing_an_empty_canvas_is_no_step():
    history = StrokeHistory()
    assert not history.clear()
    assert not history.can_undo


def test_remove_several_strokes_as_one_step():
    history = StrokeHistory()
    strokes = [stroke(i) for i in range(4)]
    for s in strokes:
        history.add(s)
    assert history.remove({0, 2})
    assert history.strokes == (strokes[1], strokes[3])
    history.undo()
    assert history.strokes == tuple(strokes)
    assert not history.remove(set())


def test_replace_a_whole_drawing():
    history = StrokeHistory([stroke(1)])
    new = (stroke(5), stroke(6))
    assert history.replace(new)
    assert history.strokes == new
    assert not history.replace(new)  # the very same strokes: nothing changes
    history.undo()
    assert len(history) == 1


def test_undo_depth_is_bounded():
    history = StrokeHistory()
    for i in range(MAX_UNDO_STEPS + 20):
        history.add(stroke(i))
    steps = 0
    while history.undo():
        steps += 1
    assert steps == MAX_UNDO_STEPS


def test_each_step_keeps_its_page_and_a_clear_leaves_none():
    opened = Page(0.0, 0.0, 1000.0, 2000.0, opened=True)
    history = StrokeHistory()
    history.replace([stroke(1)], opened)
    history.add(stroke(2))
    assert history.page == opened  # a stroke drawn on an opened drawing is on its page
    assert history.clear()
    assert history.page is None and history.strokes == ()
    history.add(stroke(3), Page(0.0, 0.0, 640.0, 480.0))
    assert history.page == Page(0.0, 0.0, 640.0, 480.0)
    history.undo()
    history.undo()
    assert history.page == opened and len(history) == 2  # exactly as it was before the clear
    history.redo()
    assert history.page is None
