"""How sure a reading is: the probabilities' levels, and shapes that no rune has."""

from __future__ import annotations

import numpy as np
import pytest

from model.certainty import judge, unlike_any_rune
from model.generator import generate_drawing
from model.preprocessing import preprocess, rasterize_strokes


def spread(top: float, second: float, classes: int = 16) -> np.ndarray:
    rest = (1.0 - top - second) / (classes - 2)
    return np.array([second, top] + [rest] * (classes - 2))


def image_of(*polylines) -> np.ndarray:
    """The network's input for strokes given on a 100 px square."""
    return rasterize_strokes([np.asarray(points, dtype=np.float64) for points in polylines], (100, 100))


@pytest.mark.parametrize(("top", "second", "level", "reason"), [
    (0.97, 0.02, "confident", ""),
    (0.9, 0.05, "fairly sure", ""),
    (0.78, 0.2, "unsure", "weak"),  # a horizontal line's nauthr, a scribble's hagall: not "fairly sure"
    (0.52, 0.45, "unsure", "close"),
    (0.4, 0.1, "unsure", "low"),
])
def test_levels_from_the_probabilities(top, second, level, reason):
    certainty = judge(spread(top, second))
    assert (certainty.level, certainty.reason) == (level, reason)
    assert certainty.best == 1 and certainty.runner_up == 0 and certainty.sure == (level != "unsure")


@pytest.mark.parametrize("polylines", [
    [[(10, 10), (90, 10), (90, 90), (10, 90), (10, 10)]],  # a square
    [[(20, 5), (80, 5), (80, 95), (20, 95), (20, 8)]],  # a tall rectangle, its corner left open a little
    [[(50 + 40 * np.cos(t), 50 + 40 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 30)]],  # a circle
    [[(5, 50), (95, 50)]],  # a horizontal line
    [[(5, 40), (30, 55), (60, 40), (95, 55)]],  # a flat zigzag
], ids=["square", "rectangle", "circle", "horizontal line", "flat zigzag"])
def test_a_square_or_a_line_is_unsure_however_high_the_probability(polylines):
    image = image_of(*polylines)
    assert unlike_any_rune(image)
    certainty = judge(spread(0.999, 0.0005), image)
    assert (certainty.level, certainty.reason) == ("unsure", "shape")


def test_every_form_of_every_rune_looks_like_a_rune(alphabet):
    for rune in alphabet.runes:
        for form in rune.forms:
            image = image_of(*(np.asarray(points) * 100 for points in form.strokes))
            assert not unlike_any_rune(image), (rune.name, form.name)


@pytest.mark.parametrize("polylines", [
    [[(20, 0), (20, 100)], [(20, 0), (80, 0), (85, 10), (85, 40), (80, 50), (20, 50), (80, 50), (85, 60), (85, 90),
                            (80, 100), (20, 100)]],  # bjarkan with two full, square bows
    [[(20, 0), (20, 100)], [(20, 0), (80, 0), (85, 10), (85, 40), (80, 50), (20, 50), (85, 100)]],  # a full reidh
    [[(30, 0), (30, 100)], [(30, 15), (85, 30), (85, 70), (30, 85)]],  # thurs with a large thorn
], ids=["bjarkan", "reidh", "thurs"])
def test_runes_with_full_bows_look_like_runes(polylines):
    assert not unlike_any_rune(image_of(*polylines))


def test_generated_hand_drawn_runes_look_like_runes(alphabet):
    rng = np.random.default_rng(5)
    for index, rune in enumerate(alphabet.runes):
        for _ in range(12):
            assert not unlike_any_rune(preprocess(generate_drawing(alphabet, index, rng))), rune.name


def test_an_empty_image_is_no_shape():
    assert not unlike_any_rune(np.zeros((32, 32), np.float32))
