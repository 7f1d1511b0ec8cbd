"""Sure or unsure, and percentages a person reads right."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.confidence import judge, percent


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
