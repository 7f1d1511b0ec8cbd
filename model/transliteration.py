"""Runes to Latin letters and back, with a row's standard values (Younger Futhark: f u þ ą r k h n i a s t b m l ʀ).

Latin text to runes uses the conventional spellings where the row has no rune for a letter (the alphabet's
`spelling`: e as i, o as u, d as t, g as k, p as b in the Younger Futhark), and says each substitution. Spaces
become the word divider ᛫; what is no letter stays as it is, and that is said too.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.alphabet import Alphabet

WORD_DIVIDER = "᛫"


def transliterate(names: list[str] | tuple[str, ...], alphabet: Alphabet) -> str:
    """Rune names in order -> their Latin letters."""
    return "".join(alphabet.rune(name).transliteration for name in names)


@dataclass(frozen=True)
class RuneSpelling:
    runes: str  # the text in Unicode runes (words divided by ᛫)
    names: tuple[str | None, ...]  # per rune character, its rune name (None for a divider or a kept character)
    substitutions: tuple[str, ...]  # each substitution made, in words: "e is written as i (isa ᛁ)"
    kept: tuple[str, ...]  # characters with no rune, kept as they are


def spell_in_runes(text: str, alphabet: Alphabet) -> RuneSpelling:
    """Latin text -> runes of the row, letter by letter (longest spelling first: "th" before "t")."""
    by_letter = {rune.transliteration: rune for rune in alphabet.runes if rune.transliteration}
    spelling = dict(alphabet.spelling)
    longest = max((len(key) for key in (*spelling, *by_letter)), default=1)
    runes, names, substitutions, kept = [], [], [], []
    lowered = text.casefold()
    i = 0
    while i < len(lowered):
        if lowered[i].isspace():
            if runes and runes[-1] != WORD_DIVIDER:
                runes.append(WORD_DIVIDER)
                names.append(None)
            i += 1
            continue
        for size in range(longest, 0, -1):
            piece = lowered[i : i + size]
            if len(piece) < size:
                continue
            if piece in by_letter:
                rune = by_letter[piece]
                runes.append(rune.glyph)
                names.append(rune.name)
                break
            if piece in spelling:
                written = spelling[piece]
                letters = [by_letter[letter] for letter in written if letter in by_letter]
                runes.extend(rune.glyph for rune in letters)
                names.extend(rune.name for rune in letters)
                said = ", ".join(f"{rune.name} {rune.glyph}" for rune in letters)
                note = f"{piece} is written as {written} ({said})"
                if note not in substitutions:
                    substitutions.append(note)
                break
        else:
            piece = text[i]
            size = 1
            runes.append(piece)
            names.append(None)
            if piece not in kept:
                kept.append(piece)
        i += size
    while runes and runes[-1] == WORD_DIVIDER:
        runes.pop()
        names.pop()
    return RuneSpelling("".join(runes), tuple(names), tuple(substitutions), tuple(kept))
