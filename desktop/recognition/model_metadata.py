"""A model's metadata JSON as rows a person reads: plain names, formatted values, a sensible order.

Known keys (those `train.py` and `model.fine_tuning` write) come first, grouped: what the model is,
when it was made, how good it is, what it learned from, then technical details. Keys this module
does not know (a newer version's, or a hand-edited file's) follow, with a prettified name: a key is
never dropped. The file is hand-editable, so a value of an unexpected type falls back to plain text
instead of failing the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QDateTime, QLocale, Qt

from model.alphabet import load_alphabet
from model.resource_files import SHIPPED_MODEL_PATH
from model.verdict import NON_RUNE_OUTPUT
from model.wording import counted


def is_shipped_model(path: Path) -> bool:
    try:
        return path.exists() and path.resolve() == SHIPPED_MODEL_PATH.resolve()
    except OSError:
        return False


class MetadataRow(NamedTuple):
    key: str  # as in the JSON file
    label: str  # what a person reads
    value: str


def plain(value) -> str:
    """Any JSON value as readable text: yes/no, thousands separators, lists and dicts spelled out."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(plain(item) for item in value) or "none"
    if isinstance(value, dict):
        return "\n".join(f"{pretty_key(str(key))}: {plain(item)}" for key, item in value.items()) or "none"
    return str(value)


def pretty_key(key: str) -> str:
    """`held_back_per_rune` -> "Held back per rune"."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _percent(value: float) -> str:
    return f"{value:.1%}"


def _seconds(value: float) -> str:
    if value < 60:
        return f"{value:.1f} s"
    minutes, seconds = divmod(round(value), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min {seconds} s"


def _date(value: str) -> str:
    """An ISO time as the person's locale writes a date and time, in their time zone."""
    moment = QDateTime.fromString(value, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return value
    local, locale = moment.toLocalTime(), QLocale()
    return (f"{locale.toString(local.date(), QLocale.FormatType.LongFormat)}, "
            f"{locale.toString(local.time(), QLocale.FormatType.ShortFormat)}")


def _per_rune(counts: dict) -> str:
    numbers = [int(n) for n in counts.values()]
    if len(set(numbers)) == 1 and len(numbers) > 1:
        return f"{numbers[0]:,} of each of the {len(numbers)} runes"
    return ", ".join(f"{rune} {number:,}" for rune, number in zip(counts, numbers)) or "none"


def _scores(scores: dict) -> str:
    titles = {"held_back": "your held-back drawings", "generated": "generated drawings"}
    lines = []
    for key, score in scores.items():
        title = titles.get(key, pretty_key(key).lower())
        if score is None:
            lines.append(f"On {title}: not measured")
        else:
            lines.append(f"On {title}: {_percent(score['before'])} before, {_percent(score['after'])} after "
                         f"({counted(int(score['count']), 'drawing')})")
    return "\n".join(lines)


def _model_path(path: str) -> str:
    return f"the model shipped with Runesight ({path})" if is_shipped_model(Path(path)) else path


def _alphabet(name: str) -> str:
    try:
        return load_alphabet(name).title
    except KeyError:  # an alphabet this version of Runesight does not have
        return name


def _mode(mode: str) -> str:
    return {"fine-tune": "fine-tuned on your drawings", "scratch": "trained anew on your drawings"}.get(mode, mode)


def _backend(name: str) -> str:
    return {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}.get(name, name)


def _drawings(count: int) -> str:
    return counted(count, "drawing")


def _rate(rate: float) -> str:
    return f"{rate:g}"


def _pixels(value: float) -> str:
    return f"{value:g} pixels"


# In the order shown: what it is, when, how good, what it learned from, technical details.
KNOWN: dict[str, tuple[str, Callable]] = {
    "mode": ("How it was made", _mode),
    "base_model": ("Started from", _model_path),
    "trained_on": ("Trained on", str),
    "alphabet": ("Alphabet", _alphabet),
    "runes": ("Runes", lambda runes: f"{len(runes)}: {' '.join(runes)}"),
    "outputs": ("Answers", lambda outputs: f"{len(outputs)}: the runes and “{outputs[-1]}”"
                if len(outputs) and outputs[-1] == NON_RUNE_OUTPUT else f"{len(outputs)}: the runes"),
    "created": ("Created", _date),
    "training_seconds": ("Training took", _seconds),
    "validation_accuracy": ("Accuracy on generated test drawings", _percent),
    "validation_top3": ("Right rune among the top 3", _percent),
    "validation_samples": ("Generated test drawings", _drawings),
    "scores": ("Accuracy before and after", _scores),
    "base_read_training_drawings": ("Base model on the drawings learned from", lambda share: f"{share:.1%} read right"),
    "personal_drawings": ("Your drawings learned from", _drawings),
    "personal_per_rune": ("Your drawings per rune", _per_rune),
    "held_back_per_rune": ("Held back to compare the models", _per_rune),
    "runes_filled_in": ("Runes filled in with generated drawings", plain),
    "generated_share": ("Generated drawings in each batch", lambda share: f"{share:.0%}"),
    "non_rune_share": ("Drawings that are no rune in each batch", lambda share: f"{share:.0%}"),
    "started_from": ("Training started from the weights of", plain),
    "samples_per_epoch": ("Drawings per epoch", _drawings),
    "images_per_epoch": ("Drawings per epoch", _drawings),
    "train_samples_seen": ("Drawings seen in training", _drawings),
    "epochs": ("Epochs planned", plain),
    "epochs_run": ("Epochs trained", plain),
    "learning_rate": ("Learning rate", _rate),
    "learning_rate_chosen": ("Learning rate chosen", _rate),
    "learning_rate_schedule": ("Learning rate schedule", plain),
    "frozen_layers": ("Layers kept as they were", plain),
    "seed": ("Random seed", str),
    "input_size": ("Network input", lambda size: f"{size} × {size} pixels"),
    "content_size": ("Drawing size in the input", _pixels),
    "pen_width": ("Pen width in the input", _pixels),
    "device": ("Computed on", str),
    "backend": ("Keras backend", _backend),
    "keras_version": ("Keras version", str),
}


def formatted_value(key: str, value) -> str:
    """One metadata value as a person reads it; a value of an unexpected shape as plain text."""
    label_and_format = KNOWN.get(key)
    if label_and_format is None or value is None:
        return plain(value)
    try:
        return label_and_format[1](value)
    except (TypeError, ValueError, KeyError, AttributeError):  # a hand-edited value of another shape
        return plain(value)


def metadata_rows(metadata: dict) -> list[MetadataRow]:
    """Known keys in `KNOWN`'s order, then the rest in the file's order, every value formatted."""
    known = [key for key in KNOWN if key in metadata]
    rest = [key for key in metadata if key not in KNOWN]
    return [MetadataRow(key, KNOWN[key][0] if key in KNOWN else pretty_key(str(key)),
                        formatted_value(key, metadata[key])) for key in known + rest]
