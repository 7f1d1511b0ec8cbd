"""How sure a reading is, decided in one place: from the network's probabilities and the image it was shown.

The network shares 100 % among the runes it knows whatever is drawn, so its top probability alone cannot tell
a rune from a square (ur, 87-100 %) or a line (nauthr, 78 %). Two shapes no Younger Futhark rune has are
recognised here: ink much wider than tall, and ink that encloses most of its own box. Other shapes that are no
rune (a scribble) usually get a lower top probability, which is why "fairly sure" starts at 85 %. A model
trained with the "not a rune" output says so itself: `model.verdict` decides that first, the same rule the
command line counts with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.verdict import NOT_A_RUNE, NOT_SURE, verdict

CONFIDENT = 0.95  # at or above: "confident"
FAIRLY_SURE = 0.85  # at or above: "fairly sure"; below it the reading is weak (a line 78 %, a scribble 76 %)
# Measured on 960 generated drawings (bench/certainty.py): runes are at most 1.53 times as wide as tall, and
# close in at most a third of their ink's box with one loop (bjarkan's bows; reidh's bow and thurs' thorn
# drawn very full: a quarter); a drawn square or circle closes in over half of it, a 1:2 rectangle about half.
WIDEST_RUNE = 2.0
MOST_ENCLOSED = 0.45
INK = 0.3  # an input pixel at least this dark is ink


@dataclass(frozen=True)
class Certainty:
    best: int  # index of the most probable rune
    runner_up: int
    level: str  # "confident", "fairly sure" or "unsure"
    # why unsure: "not a rune" (the model's own non-rune output), "shape" (no rune looks like this), "low",
    # "close", "close to no rune" or "weak"
    reason: str = ""

    @property
    def sure(self) -> bool:
        return self.level != "unsure"


def _grown(region: np.ndarray, within: np.ndarray) -> np.ndarray:
    """`region` grown through `within` to everything it reaches, four-connected."""
    while True:
        grown = region.copy()
        grown[1:] |= region[:-1]
        grown[:-1] |= region[1:]
        grown[:, 1:] |= region[:, :-1]
        grown[:, :-1] |= region[:, 1:]
        grown &= within
        if np.array_equal(grown, region):
            return region
        region = grown


def largest_enclosed_share(ink: np.ndarray) -> float:
    """The largest area the ink closes in (not reachable from the image's border), as a share of the ink's
    bounding box. The largest, not all: bjarkan's two full bows together close in about half of it."""
    border = np.zeros_like(ink)
    border[[0, -1], :] = border[:, [0, -1]] = True
    holes = ~ink & ~_grown(border & ~ink, ~ink)
    largest = 0
    while holes.any():
        seed = np.zeros_like(holes)
        seed[tuple(np.argwhere(holes)[0])] = True
        hole = _grown(seed, holes)
        largest = max(largest, int(hole.sum()))
        holes &= ~hole
    rows, columns = np.nonzero(ink)
    return largest / float((np.ptp(rows) + 1) * (np.ptp(columns) + 1)) if len(rows) else 0.0


def unlike_any_rune(image: np.ndarray) -> bool:
    """Whether the network's input image holds a shape no rune has: far wider than tall, or a closed outline
    around most of itself (a square, a circle)."""
    ink = np.asarray(image) >= INK
    if not ink.any():
        return False
    rows, columns = np.nonzero(ink)
    width, height = np.ptp(columns) + 1, np.ptp(rows) + 1
    return width > WIDEST_RUNE * height or largest_enclosed_share(ink) > MOST_ENCLOSED


def judge(probabilities: np.ndarray, image: np.ndarray | None = None, non_rune_probability: float = 0.0
          ) -> Certainty:
    """How sure the reading of `image` (the network's input) with these rune probabilities (and, for a model
    with that output, the probability that it is no rune) is."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    # Not a rune, too low, too close: model.verdict's rule, the one train.py evaluate counts with.
    decided = verdict(probabilities, non_rune_probability)
    best, runner_up = decided.best, decided.runner_up
    if decided.kind == NOT_A_RUNE:
        return Certainty(best, runner_up, "unsure", "not a rune")
    if image is not None and unlike_any_rune(image):
        return Certainty(best, runner_up, "unsure", "shape")
    if decided.kind == NOT_SURE:
        return Certainty(best, runner_up, "unsure", decided.reason)  # "low", "close" or "close to no rune"
    top = probabilities[best]
    if top < FAIRLY_SURE:
        return Certainty(best, runner_up, "unsure", "weak")
    return Certainty(best, runner_up, "confident" if top >= CONFIDENT else "fairly sure")
