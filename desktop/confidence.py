"""When the network is sure of its best guess, and how to say so when it is not (pure, no Qt)."""

from __future__ import annotations

import numpy as np

from model.verdict import Verdict, verdict

CONFIDENT = 0.9  # a sure verdict at or above this is "confident", below it "fairly sure"


def judge(probabilities: np.ndarray, non_rune_probability: float = 0.0) -> Verdict:
    """A rune, "not sure" (the top probability is low, or the first two are close) or "not a rune": the one
    rule the command line uses too (model.verdict)."""
    return verdict(probabilities, non_rune_probability)


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
