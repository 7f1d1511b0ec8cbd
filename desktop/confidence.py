"""When the network is sure of its best guess, and how to say so when it is not (pure, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOW_PROBABILITY = 0.5  # below this the best guess is not a real answer
CLOSE_MARGIN = 0.15  # first and second closer than this: the network cannot tell them apart
CONFIDENT = 0.9  # a sure verdict at or above this is "confident", below it "fairly sure"


@dataclass(frozen=True)
class Verdict:
    best: int  # index of the most probable class
    runner_up: int
    sure: bool
    reason: str  # "", "low" or "close"


def judge(probabilities: np.ndarray) -> Verdict:
    """Sure, or unsure because the top probability is low or the first two are close."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    order = np.argsort(-probabilities, kind="stable")
    best, runner_up = int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])
    top, second = probabilities[best], probabilities[runner_up] if len(order) > 1 else 0.0
    if top < LOW_PROBABILITY:
        return Verdict(best, runner_up, False, "low")
    if top - second < CLOSE_MARGIN:
        return Verdict(best, runner_up, False, "close")
    return Verdict(best, runner_up, True, "")


def percent(probability: float) -> str:
    """A probability as a person reads it: '97 %', '< 1 %', never a rounded-up '100 %' or down '0 %'."""
    value = 100.0 * float(probability)
    if value < 0.05:
        return "0 %"
    if value < 1.0:
        return "< 1 %"
    if value >= 99.95:
        return "> 99.9 %"
    if value > 99.0:
        return f"{value:.1f} %"
    return f"{value:.0f} %"
