"""Probabilities as a person reads them (pure, no Qt). How sure a reading is: `model.certainty`."""

from __future__ import annotations


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
