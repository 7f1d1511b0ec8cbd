"""Rune alphabets described as data (JSON files in `model/alphabets/`).

Adding another rune row means adding a JSON file; no code changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from model.wording import quoted

ALPHABETS_DIR = Path(__file__).with_name("alphabets")
DEFAULT_ALPHABET = "younger_futhark"


@dataclass(frozen=True)
class RuneForm:
    """One way of writing a rune: strokes as polylines on a unit square (y grows downwards)."""

    name: str
    strokes: tuple[np.ndarray, ...]
    glyph: str | None = None
    # A form that cannot be told from another rune once cropped and scaled (a lone short line is a
    # lone long line); it is shown in the chart but not trained on.
    ambiguous_with: str | None = None


@dataclass(frozen=True)
class Rune:
    name: str
    glyph: str
    codepoint: int
    sound: str
    meaning: str
    forms: tuple[RuneForm, ...]
    transliteration: str = ""  # the rune's standard Latin letter (þ for thurs, ʀ for yr)

    @property
    def trainable_forms(self) -> tuple[RuneForm, ...]:
        return tuple(form for form in self.forms if form.ambiguous_with is None)


@dataclass(frozen=True)
class Alphabet:
    name: str
    title: str
    runes: tuple[Rune, ...]
    # How Latin letters the row has no rune for were written: (letter or pair, the letters written instead).
    spelling: tuple[tuple[str, str], ...] = ()
    spelling_reason: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(rune.name for rune in self.runes)

    def __len__(self) -> int:
        return len(self.runes)

    def index(self, name: str) -> int:
        """Index of a rune by name; raises KeyError with the known names."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"unknown rune {name!r}; known runes: {', '.join(self.names)}") from None

    def name_for(self, text: str) -> str | None:
        """The rune name a person or a file meant, ignoring case and spaces around it ('Fe ' is fe); None if none."""
        wanted = text.strip().casefold()
        return next((name for name in self.names if name.casefold() == wanted), None)

    def rune(self, name: str) -> Rune:
        return self.runes[self.index(name)]

    def unknown_label_reason(self, label: str | None) -> str:
        """Why a drawing labelled `label` names no rune of this alphabet, for a person."""
        if label is None:
            return "the drawing has no rune name"
        return f"{quoted(label)} is not a rune of {self.title}"


def _parse_form(raw: dict, rune_name: str) -> RuneForm:
    strokes = tuple(np.asarray(stroke, dtype=np.float64) for stroke in raw["strokes"])
    for stroke in strokes:
        if stroke.ndim != 2 or stroke.shape[1] != 2 or len(stroke) < 2:
            raise ValueError(f"rune {rune_name!r} form {raw['name']!r}: a stroke needs two or more [x, y] points")
    return RuneForm(raw["name"], strokes, raw.get("glyph"), raw.get("ambiguous_with"))


def parse_alphabet(raw: dict) -> Alphabet:
    runes = []
    for item in raw["runes"]:
        glyph = item["glyph"]
        codepoint = ord(glyph)
        if "codepoint" in item and int(item["codepoint"].removeprefix("U+"), 16) != codepoint:
            raise ValueError(f"rune {item['name']!r}: code point {item['codepoint']} does not match glyph {glyph}")
        forms = tuple(_parse_form(form, item["name"]) for form in item["forms"])
        runes.append(Rune(item["name"], glyph, codepoint, item.get("sound", ""), item.get("meaning", ""), forms,
                          item.get("transliteration", "")))
    spelling = raw.get("spelling", {})
    return Alphabet(raw["name"], raw.get("title", raw["name"]), tuple(runes),
                    tuple(spelling.get("letters", {}).items()), spelling.get("why", ""))


@cache
def load_alphabet(name: str = DEFAULT_ALPHABET) -> Alphabet:
    """Load an alphabet by name from `model/alphabets/<name>.json`."""
    path = ALPHABETS_DIR / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in ALPHABETS_DIR.glob("*.json"))
        raise KeyError(f"unknown alphabet {name!r}; known: {', '.join(known)}")
    return parse_alphabet(json.loads(path.read_text(encoding="utf-8")))
