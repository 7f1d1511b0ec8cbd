"""What a retrain will learn from: the dialog's choices, and the person's drawings split per rune.

Cheap to compute (no Keras), so the dialog can show before it starts which runes have too few
drawings and what happens instead: generated drawings fill in for them. The dialog plans from the
store's ids and labels alone (`plan_stored`: 100,000 drawings in a fraction of a second, where reading
and checking each took minutes and a gigabyte); the run gets `PlannedDrawings` and reads the drawings
in its own process, where `plan_retrain` splits them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Sample
from model.drawing_augmentation import DEFAULT_VARIATION, Variation
from model.preprocessing import DrawingError, preprocess

MODES = ("fine-tune", "scratch")
READ_AT_ONCE = 2000  # drawings read from the store in one query


@dataclass(frozen=True)
class RetrainConfig:
    """The retrain dialog's choices. The defaults retrain 10 drawings a rune in under a minute on 2 CPU cores."""

    mode: str = "fine-tune"  # or "scratch": a new network from random weights
    epochs: int = 16
    learning_rate: float = 1e-3
    cosine_decay: bool = True  # the rate falls to nothing over the run (steadier than a fixed rate)
    # Fine-tuning a model that already reads this share of the person's drawings: it has little to learn,
    # so it learns at gentle_factor x the rate and keeps more of what it knows (see docs/benchmarks.md).
    gentle_above: float = 0.9
    gentle_factor: float = 0.3
    generated_share: float = 0.2  # of the training images, the share that are generated drawings
    images_per_rune: int = 48  # variations of the person's drawings of each rune, per epoch
    batch_size: int = 64
    hold_back: float = 0.2  # of each rune's drawings (at least one where there are 3 or more)
    enough_per_rune: int = 5  # fewer drawings of a rune than this: generated ones fill in
    frozen_layers: tuple[str, ...] = ()  # layers kept as they are, e.g. ("conv1",)
    variation: Variation = DEFAULT_VARIATION  # how far variations of the person's drawings stray
    generated_pool: int = 2048  # generated drawings made once per run and drawn from in every batch
    evaluation_per_rune: int = 20  # generated drawings per rune for the before/after comparison
    seed: int = 0

    @classmethod
    def for_mode(cls, mode: str, **changes) -> RetrainConfig:
        """Defaults for a mode: training anew needs more epochs, a higher rate and more generated drawings."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        base = cls() if mode == "fine-tune" else cls(mode=mode, epochs=10, learning_rate=2e-3, generated_share=0.75)
        return replace(base, **changes)

    def checked(self) -> RetrainConfig:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not 0.0 <= self.generated_share <= 0.95:
            raise ValueError("the generated share must lie between 0 and 0.95")
        if not (0.0 < self.gentle_factor <= 1.0 and 0.0 <= self.gentle_above <= 1.0):
            raise ValueError("the gentle factor must lie above 0 and at most 1, the share it starts at in 0..1")
        if min(self.epochs, self.images_per_rune, self.generated_pool) < 1 or self.learning_rate <= 0 or (
                self.batch_size < 2):
            raise ValueError("epochs, images per rune, pool and batch size must be positive, and so must the rate")
        return self


@dataclass(frozen=True)
class RuneShortfall:
    rune: str
    have: int  # usable drawings of this rune
    training: int  # of which the network learns from (the rest are held back)
    wanted: int

    @property
    def message(self) -> str:
        if self.training == 0:
            return f"{self.rune}: {self.have} of {self.wanted} drawings; generated drawings stand in for yours"
        return f"{self.rune}: {self.have} of {self.wanted} drawings; generated drawings fill in the rest"


@dataclass
class RetrainPlan:
    """What a run will learn from; cheap to make (no Keras), so the dialog can show it before starting."""

    alphabet: Alphabet
    training: dict[str, list]  # per rune: the drawings (samples; store ids in a plan made by `plan_stored`)
    held_back: dict[str, list]
    shortfalls: list[RuneShortfall]
    unusable: list[str] = field(default_factory=list)  # drawings left out, with the reason

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(self.training[name]) + len(self.held_back[name]) for name in self.alphabet.names}

    def messages(self) -> list[str]:
        lines = []
        if self.shortfalls:
            lines.append("These runes need more drawings: " + "; ".join(s.message for s in self.shortfalls))
        lines += self.unusable
        return lines


def plan_retrain(samples: Sequence[Sample], alphabet: Alphabet, config: RetrainConfig = RetrainConfig()) -> RetrainPlan:
    """Split the person's drawings per rune into training and held back; find runes with too few."""
    by_rune: dict[str, list[Sample]] = {name: [] for name in alphabet.names}
    unusable = []
    for number, sample in enumerate(samples, start=1):
        name = alphabet.name_for(sample.label) if sample.label is not None else None  # "FE" or a folder "Fe"
        if name is None:
            unusable.append(f"drawing {number}: {alphabet.unknown_label_reason(sample.label)}")
            continue
        sample = sample.with_label(name)
        try:
            preprocess(sample)
        except DrawingError as error:
            unusable.append(f"drawing {number} ({sample.label}): {error}")
            continue
        by_rune[sample.label].append(sample)
    return RetrainPlan(alphabet, *_split(by_rune, config), unusable)


def plan_stored(labelled_ids: Sequence[tuple[int, str]], alphabet: Alphabet,
                config: RetrainConfig = RetrainConfig()) -> RetrainPlan:
    """The plan for the store's drawings, from (id, label) pairs oldest first (`DrawingStore.labelled_ids`),
    holding ids: the store kept only drawings the network can take, so none is read. The same split
    `plan_retrain` makes of the drawings `PlannedDrawings.read` gives."""
    by_rune: dict[str, list[int]] = {name: [] for name in alphabet.names}
    unusable = []
    for drawing_id, label in labelled_ids:
        if label in by_rune:
            by_rune[label].append(drawing_id)
        else:
            unusable.append(f"drawing {drawing_id}: {alphabet.unknown_label_reason(label)}")
    return RetrainPlan(alphabet, *_split(by_rune, config), unusable)


def _split(by_rune: dict[str, list], config: RetrainConfig) -> tuple[dict, dict, list[RuneShortfall]]:
    """(training, held back, shortfalls): the same drawings per rune in the same order split the same way."""
    rng = np.random.default_rng([config.seed, 17])
    training, held_back, shortfalls = {}, {}, []
    for name, drawings in by_rune.items():
        order = rng.permutation(len(drawings))
        keep = 0 if len(drawings) < 3 or config.hold_back <= 0 else max(1, round(config.hold_back * len(drawings)))
        held_back[name] = [drawings[i] for i in order[:keep]]
        training[name] = [drawings[i] for i in order[keep:]]
        if len(drawings) < config.enough_per_rune:
            shortfalls.append(RuneShortfall(name, len(drawings), len(training[name]), config.enough_per_rune))
    return training, held_back, shortfalls


@dataclass(frozen=True)
class PlannedDrawings:
    """The store's drawings a plan was made from, by id and label: what a run is sent instead of the drawings
    (pickled to its process in a moment, where 100,000 drawings would take the app a gigabyte to hold)."""

    store_path: Path
    labelled_ids: tuple[tuple[int, str], ...]

    def read(self, damaged: list[int] | None = None) -> list[Sample]:
        """The drawings, oldest first, under the labels they had when planned (a relabel since then waits
        for the next run); one gone from the store, or stored damaged, is left out (its id in `damaged`)."""
        from model.drawing_store import DrawingStore

        labels = dict(self.labelled_ids)
        found: dict[int, Sample] = {}
        with DrawingStore(self.store_path, read_only=True) as store:
            for start in range(0, len(self.labelled_ids), READ_AT_ONCE):
                chunk = [drawing_id for drawing_id, _ in self.labelled_ids[start:start + READ_AT_ONCE]]
                found |= {stored.entry.id: stored.sample for stored in store.get_many(chunk)}
        if damaged is not None:
            damaged += [drawing_id for drawing_id in labels if drawing_id not in found]
        return [found[drawing_id].with_label(label) for drawing_id, label in self.labelled_ids if drawing_id in found]


def training_slots(plan: RetrainPlan, config: RetrainConfig) -> list[tuple[int, Sample | None]]:
    """One epoch's personal images: (rune index, drawing to vary, or None for a generated stand-in)."""
    slots = []
    # A rune with enough drawings trains on as many as are left once some are held back.
    enough = max(1, config.enough_per_rune - max(1, round(config.hold_back * config.enough_per_rune)))
    for index, name in enumerate(plan.alphabet.names):
        drawings = plan.training[name]
        own = round(config.images_per_rune * min(1.0, len(drawings) / enough))
        slots += [(index, drawings[k % len(drawings)]) for k in range(own)]
        slots += [(index, None)] * (config.images_per_rune - own)
    return slots
