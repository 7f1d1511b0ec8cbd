"""From the network's outputs to an answer: a rune, "not sure", or "not a rune".

A model trained with the non-rune class has one output more than the alphabet has runes, the last one
("not a rune"); its metadata says so (`NON_RUNE_OUTPUT` in "outputs"). Older models have one output a
rune and can only be "not sure". Every path from a network to the app or the command line (the Keras
recognizer, a NumPy forward pass) splits the outputs with `split_outputs` and decides with `verdict`,
so the rule is one rule everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NON_RUNE_OUTPUT = "not a rune"  # the name of the extra, last output in a model's metadata "outputs"
# Calibrated on generated check sets (docs/benchmarks.md, "Not a rune"): the shares of real runes and of
# non-rune drawings each threshold sends where.
NOT_A_RUNE_AT = 0.5  # "not a rune" when the non-rune output reaches this (or beats every rune)
SURE_AT = 0.5  # below this, the best rune is "not sure": no rune gets half the probability
CLOSE_MARGIN = 0.15  # first and second rune closer than this: "not sure", the network cannot tell them apart

RUNE, NOT_SURE, NOT_A_RUNE = "rune", "not sure", "not a rune"


def has_non_rune_output(output_count: int, rune_count: int) -> bool:
    """Whether a network with `output_count` outputs has the non-rune output after its runes."""
    return output_count == rune_count + 1


def split_outputs(outputs: np.ndarray, rune_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Network outputs (..., runes [+ 1]) -> (rune probabilities (..., runes), non-rune probability (...)).
    The rune probabilities are left as they are (they add up to 1 less the non-rune probability), so a
    drawing that is no rune shows low bars for every rune. A model without the output gives 0."""
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.shape[-1] == rune_count:
        return outputs, np.zeros(outputs.shape[:-1])
    if not has_non_rune_output(outputs.shape[-1], rune_count):
        raise ValueError(f"{outputs.shape[-1]} outputs for {rune_count} runes")
    return outputs[..., :rune_count], outputs[..., rune_count]


@dataclass(frozen=True)
class Verdict:
    kind: str  # RUNE, NOT_SURE or NOT_A_RUNE
    best: int  # the most probable rune, whatever the verdict
    runner_up: int  # the second most probable rune
    # Why not RUNE: "not a rune", "low" (no rune gets half), "close" (two runes too close) or "close to no rune"
    # (the best rune not clearly ahead of the non-rune output).
    reason: str = ""

    @property
    def sure(self) -> bool:
        return self.kind == RUNE

    @property
    def rejected(self) -> bool:
        """Whether the drawing is not read as a rune (not a rune, or not sure)."""
        return self.kind != RUNE


def verdict(rune_probabilities: np.ndarray, non_rune_probability: float = 0.0) -> Verdict:
    """The one rule: "not a rune" when the non-rune output reaches NOT_A_RUNE_AT or beats every rune; else
    "not sure" when the best rune is below SURE_AT or within CLOSE_MARGIN of the second rune or of the non-rune
    output; else that rune."""
    probabilities = np.asarray(rune_probabilities, dtype=np.float64)
    order = np.argsort(-probabilities, kind="stable")
    best = int(order[0])
    runner_up = int(order[1]) if len(order) > 1 else best
    top = float(probabilities[best])
    second = float(probabilities[runner_up]) if len(order) > 1 else 0.0
    if non_rune_probability >= NOT_A_RUNE_AT or non_rune_probability > top:
        return Verdict(NOT_A_RUNE, best, runner_up, NOT_A_RUNE)
    if top < SURE_AT:
        return Verdict(NOT_SURE, best, runner_up, "low")
    if top - second < CLOSE_MARGIN:
        return Verdict(NOT_SURE, best, runner_up, "close")
    if top - non_rune_probability < CLOSE_MARGIN:
        return Verdict(NOT_SURE, best, runner_up, "close to no rune")
    return Verdict(RUNE, best, runner_up)


def rejected(rune_probabilities: np.ndarray, non_rune_probabilities: np.ndarray) -> np.ndarray:
    """For many drawings at once, (N, runes) and (N,): which `verdict` does not read as a rune."""
    return np.array([verdict(p, float(q)).rejected for p, q in zip(rune_probabilities, non_rune_probabilities)],
                    dtype=bool)
