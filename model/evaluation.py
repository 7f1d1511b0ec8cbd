"""Scoring a model on labelled drawings: top-1, top-3, per rune, and what gets confused with what."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from model.drawing import Sample
from model.preprocessing import BlankDrawing, DrawingError, preprocess


@dataclass
class EvaluationReport:
    count: int
    skipped_blank: int
    top1: float
    top3: float
    per_rune: dict[str, dict] = field(default_factory=dict)  # name -> {"count": n, "top1": accuracy}
    confusions: list[dict] = field(default_factory=list)  # {"rune", "predicted", "count"}, most frequent first
    skipped_other: list[str] = field(default_factory=list)  # why other drawings were not scored

    def to_json(self) -> dict:
        return asdict(self)

    def format(self) -> str:
        lines = [
            f"drawings scored: {self.count}   blank (skipped): {self.skipped_blank}   "
            f"other skipped: {len(self.skipped_other)}",
            f"top-1 accuracy: {self.top1:.2%}   top-3 accuracy: {self.top3:.2%}",
            "per rune (top-1):",
        ]
        lines += [f"  {name:<8} {stats['top1']:7.2%}  of {stats['count']}" for name, stats in self.per_rune.items()]
        if self.confusions:
            lines.append("most frequent confusions:")
            lines += [f"  {c['rune']:<8} -> {c['predicted']:<8} {c['count']}x" for c in self.confusions[:10]]
        lines += [f"  skipped: {reason}" for reason in self.skipped_other[:10]]
        return "\n".join(lines)


def score(probabilities: np.ndarray, labels: np.ndarray, names: Sequence[str]) -> EvaluationReport:
    """Scores from predicted probabilities (N, classes) and true class indices (N,)."""
    labels = np.asarray(labels)
    count = len(labels)
    if count == 0:
        return EvaluationReport(0, 0, 0.0, 0.0)
    ranked = np.argsort(-probabilities, axis=1, kind="stable")
    top1 = ranked[:, 0] == labels
    top3 = (ranked[:, :3] == labels[:, None]).any(axis=1)
    per_rune = {}
    for index, name in enumerate(names):
        mask = labels == index
        if mask.any():
            per_rune[name] = {"count": int(mask.sum()), "top1": round(float(top1[mask].mean()), 5)}
    wrong = Counter((names[t], names[p]) for t, p in zip(labels[~top1], ranked[~top1, 0]))
    confusions = [{"rune": t, "predicted": p, "count": n} for (t, p), n in wrong.most_common()]
    return EvaluationReport(count, 0, round(float(top1.mean()), 5), round(float(top3.mean()), 5), per_rune, confusions)


def evaluate_samples(recognizer, samples: Sequence[Sample]) -> EvaluationReport:
    """Preprocess labelled drawings and score the recognizer on them. Blank drawings are counted,
    not scored; unlabelled, unknown-label and malformed ones are listed with the reason."""
    images, labels, blank, other = [], [], 0, []
    names = recognizer.alphabet.names
    for number, sample in enumerate(samples, start=1):
        name = recognizer.alphabet.name_for(sample.label) if sample.label is not None else None
        if name is None:
            other.append(f"drawing {number}: {recognizer.alphabet.unknown_label_reason(sample.label)}")
            continue
        try:
            images.append(preprocess(sample))
        except BlankDrawing:
            blank += 1
            continue
        except DrawingError as error:
            other.append(f"drawing {number}: {error}")
            continue
        labels.append(names.index(name))
    probabilities = recognizer.predict_images(np.asarray(images)) if images else np.zeros((0, len(names)))
    report = score(probabilities, np.asarray(labels, dtype=int), names)
    report.skipped_blank, report.skipped_other = blank, other
    return report
