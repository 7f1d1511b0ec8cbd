"""The one rule from network outputs to "a rune", "not sure" or "not a rune" (model.verdict)."""

import numpy as np
import pytest

from model.verdict import NOT_A_RUNE, NOT_SURE, RUNE, rejected, split_outputs, verdict


def runes(top: float, second: float, rest_total: float = 0.0, count: int = 16) -> np.ndarray:
    rest = rest_total / (count - 2)
    return np.array([second, top] + [rest] * (count - 2))


def test_sixteen_outputs_are_all_runes_and_the_non_rune_output_is_zero():
    outputs = np.full((3, 16), 1 / 16)
    probabilities, non_rune = split_outputs(outputs, 16)
    assert probabilities.shape == (3, 16) and np.array_equal(non_rune, np.zeros(3))


def test_the_seventeenth_output_is_the_non_rune_one_and_the_runes_keep_their_values():
    outputs = np.array([0.05] * 16 + [0.2])
    probabilities, non_rune = split_outputs(outputs, 16)
    assert probabilities.shape == (16,) and non_rune == pytest.approx(0.2)
    assert probabilities.sum() == pytest.approx(0.8), "not renormalised: a non-rune drawing shows low bars"


def test_other_output_counts_are_refused():
    with pytest.raises(ValueError, match="18 outputs for 16 runes"):
        split_outputs(np.zeros(18), 16)


@pytest.mark.parametrize(("probabilities", "non_rune", "kind", "reason"), [
    (runes(0.95, 0.03), 0.0, RUNE, ""),
    (runes(0.4, 0.1, 0.5), 0.0, NOT_SURE, "low"),
    (runes(0.52, 0.45), 0.0, NOT_SURE, "close"),
    (runes(0.3, 0.1), 0.6, NOT_A_RUNE, NOT_A_RUNE),  # the non-rune output at or above its threshold
    (runes(0.35, 0.2), 0.45, NOT_A_RUNE, NOT_A_RUNE),  # below it, but above every rune
    (runes(0.55, 0.0), 0.45, NOT_SURE, "close to no rune"),  # a rune barely ahead of "not a rune" is not sure
])
def test_verdict(probabilities, non_rune, kind, reason):
    result = verdict(probabilities, non_rune)
    assert (result.kind, result.reason) == (kind, reason)
    assert result.best == 1 and result.rejected == (kind != RUNE)


def test_rejected_counts_many_drawings_with_the_same_rule():
    probabilities = np.stack([runes(0.95, 0.03), runes(0.4, 0.1, 0.5), runes(0.3, 0.1)])
    assert rejected(probabilities, np.array([0.0, 0.0, 0.6])).tolist() == [False, True, True]
