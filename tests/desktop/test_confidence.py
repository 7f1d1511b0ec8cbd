"""Sure or unsure, percentages a person reads right, and shapes that are no rune."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from desktop_helpers import draw_rune

from desktop.confidence import judge, percent
from desktop.mouse_replay import draw_strokes


def spread(top: float, second: float, classes: int = 16) -> np.ndarray:
    rest = (1.0 - top - second) / (classes - 2)
    return np.array([second, top] + [rest] * (classes - 2))


def test_a_clear_winner_is_sure():
    verdict = judge(spread(0.9, 0.05))
    assert verdict.sure and verdict.best == 1 and verdict.runner_up == 0


def test_a_low_top_probability_is_unsure():
    verdict = judge(spread(0.4, 0.1))
    assert not verdict.sure and verdict.reason == "low"


def test_two_close_candidates_are_unsure():
    verdict = judge(spread(0.52, 0.45))
    assert not verdict.sure and verdict.reason == "close"


@pytest.mark.parametrize(
    ("probability", "text"),
    [(0.0, "0 %"), (0.004, "< 1 %"), (0.5, "50 %"), (0.993, "99.3 %"), (0.99996, "> 99.9 %"), (1.0, "> 99.9 %")],
)
def test_percent(probability, text):
    assert percent(probability) == text


def draw_shape(qtbot, window, unit_points) -> None:
    """A shape that is no rune, drawn with the mouse across the middle of the canvas."""
    width, height = window.canvas.width(), window.canvas.height()
    side = 0.5 * min(width, height)
    points = [(width / 2 + (x - 0.5) * side, height / 2 + (y - 0.5) * side) for x, y in unit_points]
    draw_strokes(window.canvas, [np.array(points)])
    qtbot.waitUntil(lambda: not window.live.busy and window.last_recognition is not None, timeout=10_000)


SQUARE = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
CIRCLE = [(0.5 + 0.5 * np.cos(a), 0.5 + 0.5 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 40)]


CANDIDATE = Path(__file__).resolve().parents[2] / "bench" / "models" / "runesight-v9-candidate.keras"


@pytest.mark.parametrize("shape", [SQUARE, CIRCLE])
def test_a_shape_drawn_with_the_mouse_is_called_not_a_rune(qtbot, make_window, shape):
    """With a model that has the non-rune output (v9, not shipped yet: docs/benchmarks.md)."""
    from model.recognizer import Recognizer

    window = make_window(lambda path: Recognizer.load(CANDIDATE))
    guess = window.predictions.best_guess
    text = window.feature_maps.explanation_text  # the 17th score is named where the steps are explained
    assert "one score per rune and one for “not a rune”" in text and "the 17 scores" in text
    draw_shape(qtbot, window, shape)
    recognition = window.last_recognition
    assert recognition.knows_non_runes and recognition.verdict.kind != "rune"
    assert guess.name.text() == "Not a rune" or "Not sure" in guess.verdict.text()
    assert "not a rune" in guess.toolTip() and "100 %" in guess.toolTip()
    assert guess.knows_only.isVisible() and "no rune" in guess.knows_only.text()
    assert guess.accessibleDescription().startswith("Best guess ") and guess.accessibleName() == "Best guess"
    assert "<" not in guess.accessibleDescription(), "a screen reader reads words, not HTML tags"

    window.commands.clear_action.trigger()
    draw_rune(qtbot, window, "hagall")  # a rune, drawn well: "confident", no extra line
    assert "confident" in guess.verdict.text() and not guess.knows_only.isVisible()
    assert guess.name.text() == "hagall"
    window.commands.clear_action.trigger()
    qtbot.waitUntil(lambda: window.last_recognition is None)
    assert not guess.knows_only.isVisible()


def test_an_older_model_without_the_non_rune_output_says_it_knows_only_the_16_runes(qtbot, make_window, base_model):
    from model.recognizer import Recognizer

    window = make_window(lambda path: Recognizer.load(base_model))
    guess = window.predictions.best_guess
    draw_shape(qtbot, window, SQUARE)
    assert not window.last_recognition.knows_non_runes and window.last_recognition.non_rune_probability == 0.0
    assert guess.name.text() != "Not a rune", "a model without the output never says so"
    assert "knows only the 16 runes" in guess.toolTip()
    assert guess.knows_only.isVisible() and "only these 16 runes" in guess.knows_only.text()
