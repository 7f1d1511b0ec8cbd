"""Counted nouns for messages a person reads ("1 drawing", "3 drawings"), made one way everywhere."""

from __future__ import annotations

from numbers import Integral


def counted(number: int | str, noun: str) -> str:
    """`number` and `noun`, the noun in the plural unless the number is 1 (a "?" stays plural); thousands
    separated ("10,000 drawings")."""
    text = f"{number:,}" if isinstance(number, Integral) else number  # NumPy's integers too
    return f"{text} {noun}{'' if number == 1 else 's'}"
