"""Scoring a model on labelled drawings: top-1, top-3, per rune, what gets confused with what, and how many
drawings the verdict rule (model.verdict) does not read as a rune: of the runes (wrongly) and of drawings
that are no rune (rightly)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from model.drawing import Sample
from model.preprocessing import BlankDrawing, DrawingError, preprocess
from model.verdict import rejected

NON_RUNE_FOLDER = "not-a-rune"  # drawings in a folder of this name (or labelled so) are no rune


def is_non_rune(sample: Sample, source: Path | None = None) -> bool:
    """Whether a drawing is meant as no rune: labelled "not-a-rune", or in a folder of that name."""
    if sample.label is not None and sample.label.strip().casefold() == NON_RUNE_FOLDER:
        return True
    return source is not None and any(part.casefold() == NON_RUNE_FOLDER for part in Path(source).parent.parts)


@dataclass
class EvaluationReport:
    count: int
    skipped_blank: int
    top1: float
    top3: float
    per_rune: dict[str, dict] = field(default_factory=dict)  # name -> {"count": n, "top1": accuracy}
    confusions: list[dict] = field(default_factory=list)  # {"rune", "predicted", "count"}, most frequent first
    skipped_other: list[str] = field(default_factory=list)  # why other drawings were not scored
    rejected: int = 0  # runes the verdict rule calls "not a rune" or "not sure"
    not_a_rune: dict = field(default_factory=lambda: {"count": 0, "rejected": 0})  # drawings that are no rune

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
        if self.count:
            lines.append(f"runes called not a rune or not sure: {self.rejected} of {self.count} "
                         f"({self.rejected / self.count:.2%})")
        count, caught = self.not_a_rune["count"], self.not_a_rune["rejected"]
        if count:
            lines.append(f"drawings that are no rune: {count}, called not a rune or not sure: {caught} "
                         f"({caught / count:.2%})")
        return "\n".join(lines)


def score(probabilities: np.ndarray, labels: np.ndarray, names: Sequence[str],
          non_rune: np.ndarray | None = None) -> EvaluationReport:
    """Scores from predicted rune probabilities (N, runes), the non-rune output (N,; none: 0) and true
    rune indices (N,)."""
    labels = np.asarray(labels)
    count = len(labels)
    if count == 0:
        return EvaluationReport(0, 0, 0.0, 0.0)
    non_rune = np.zeros(count) if non_rune is None else np.asarray(non_rune)
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
    return EvaluationReport(count, 0, round(float(top1.mean()), 5), round(float(top3.mean()), 5), per_rune, confusions,
                            rejected=int(rejected(probabilities, non_rune).sum()))


def evaluate_samples(recognizer, samples: Sequence[Sample], sources: Sequence[Path] | None = None) -> EvaluationReport:
    """Preprocess labelled drawings and score the recognizer on them. Blank drawings are counted,
    not scored; unlabelled, unknown-label and malformed ones are listed with the reason. Drawings that
    are no rune (`is_non_rune`, given each drawing's file in `sources`) are counted in `not_a_rune`."""
    images, labels, blank, other, non_rune_images = [], [], 0, [], []
    names = recognizer.alphabet.names
    for number, sample in enumerate(samples, start=1):
        if is_non_rune(sample, sources[number - 1] if sources is not None else None):
            try:
                non_rune_images.append(preprocess(sample))
            except BlankDrawing:
                blank += 1
            except DrawingError as error:
                other.append(f"drawing {number}: {error}")
            continue
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
    probabilities, non_rune = (recognizer.predict_outputs(np.asarray(images)) if images
                               else (np.zeros((0, len(names))), np.zeros(0)))
    report = score(probabilities, np.asarray(labels, dtype=int), names, non_rune)
    report.skipped_blank, report.skipped_other = blank, other
    if non_rune_images:
        runes, others = recognizer.predict_outputs(np.asarray(non_rune_images))
        report.not_a_rune = {"count": len(non_rune_images), "rejected": int(rejected(runes, others).sum())}
    return report
