"""Words for messages a person reads, made one way everywhere: counted nouns ("1 drawing", "3 drawings")
and values quoted from a file ("'kitten'")."""

from __future__ import annotations

from numbers import Integral

QUOTED_LENGTH = 40  # characters of a value a message repeats; a file's 10 MB 'word' is not a message


def counted(number: int | str, noun: str) -> str:
    """`number` and `noun`, the noun in the plural unless the number is 1 (a "?" stays plural); thousands
    separated ("10,000 drawings")."""
    text = f"{number:,}" if isinstance(number, Integral) else number  # NumPy's integers too
    return f"{text} {noun}{'' if number == 1 else 's'}"


def quoted(value: object, length: int = QUOTED_LENGTH) -> str:
    """A value from a file or a person, in quotes: cut short after `length` characters, and with characters
    that do not print (control characters, half a surrogate pair) shown as escapes rather than sent on."""
    text = str(value)
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text[:length])
    return f"'{shown}…'" if len(text) > length else f"'{shown}'"
