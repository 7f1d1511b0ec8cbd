"""Reading words: splitting into glyphs and dividers, each glyph through the network, and transliteration."""

from __future__ import annotations

import json

import numpy as np
import pytest

import train
from model.drawing import Drawing, RasterDrawing, Stroke
from model.drawing_files import write_drawing
from model.generator import render_raster
from model.transliteration import WORD_DIVIDER, spell_in_runes, transliterate
from model.word_reading import read_word
from model.word_segmentation import segment

HEIGHT = 100.0


def rune_strokes(alphabet, name: str, left: float, form: int = 0, points: int | None = None) -> list[np.ndarray]:
    """A rune's template, HEIGHT tall, its left edge at `left`; `points`: each stroke as that few points."""
    strokes = [np.asarray(s) for s in alphabet.rune(name).trainable_forms[form].strokes]
    low = np.concatenate(strokes).min(axis=0)
    placed = [(s - low) * HEIGHT + [left, 50.0] for s in strokes]
    if points is not None:
        placed = [s[np.linspace(0, len(s) - 1, min(points, len(s))).astype(int)] for s in placed]
    return placed


def word(alphabet, names: list[str], gap: float = 40.0, between: dict[int, list[np.ndarray]] | None = None
         ) -> Drawing:
    """Runes side by side, `gap` apart; `between[i]`: strokes put in the gap before rune i."""
    strokes, left = [], 20.0
    for index, name in enumerate(names):
        if index:
            for extra in (between or {}).get(index, []):
                strokes.append(extra + [left + gap / 2, 0.0])
            left += gap
        placed = rune_strokes(alphabet, name, left)
        strokes += placed
        left = max(s[:, 0].max() for s in placed)
    return Drawing(tuple(Stroke(s) for s in strokes), (int(left + 20), 220))


def dot(y: float = 100.0) -> np.ndarray:
    return np.array([[0.0, y], [1.0, y + 1.0]])


CROSS = [np.array([[-12.0, 88.0], [12.0, 112.0]]), np.array([[12.0, 88.0], [-12.0, 112.0]])]


@pytest.fixture(scope="module")
def recognize(shipped_recognizer):
    return shipped_recognizer.recognize_sample


def test_a_word_is_read_left_to_right_and_transliterated(alphabet, recognize):
    reading = read_word(word(alphabet, ["fe", "ur", "thurs", "ar"]), recognize, alphabet)
    assert reading.runes == ("fe", "ur", "thurs", "ar")
    assert reading.text == "fuþa"
    assert [g.box[0] for g in reading.glyphs] == sorted(g.box[0] for g in reading.glyphs)


def test_dividers_split_words_and_a_dot_outside_the_word_is_a_stray_click(alphabet, recognize):
    drawing = word(alphabet, ["tyr", "isa", "reith", "sol"], gap=60.0,
                   between={2: [dot()], 3: [dot(80.0), dot(120.0)]})
    reading = read_word(drawing, recognize, alphabet)
    assert reading.runes == ("tyr", "isa", "reith", "sol")
    assert [(d.kind, d.position) for d in reading.dividers] == [("·", 2), (":", 3)]
    assert reading.text == "ti r s"
    with_click = Drawing(drawing.strokes + (Stroke(dot() + [drawing.canvas_size[0] - 5.0, 0.0]),), drawing.canvas_size)
    reading = read_word(with_click, recognize, alphabet)
    assert len(reading.strays) == 1 and len(reading.dividers) == 2  # the click after the last rune is no divider


def test_a_cross_between_runes_is_a_divider_not_a_rune(alphabet, recognize):
    reading = read_word(word(alphabet, ["kaun", "ur", "isa"], gap=60.0, between={2: CROSS}), recognize, alphabet)
    assert reading.runes == ("kaun", "ur", "isa")
    assert [(d.kind, d.position) for d in reading.dividers] == [("×", 2)]
    assert reading.text == "ku i"


def test_a_twig_drawn_apart_from_its_stave_stays_with_it(alphabet):
    stave, twig = rune_strokes(alphabet, "kaun", 20.0)
    twig = twig + [8.0, 0.0]  # the twig starts 8 px right of the stave: a gap, not a touch
    found = segment([stave, twig, *rune_strokes(alphabet, "isa", 140.0)])
    assert found.glyphs == ((0, 1), (2,))


def test_few_point_strokes_that_cross_are_one_rune(alphabet):
    hagall = rune_strokes(alphabet, "hagall", 20.0, points=2)  # three straight lines: stave and the X across it
    found = segment([*hagall, *rune_strokes(alphabet, "isa", 150.0, points=2)])
    assert found.glyphs == ((0, 1, 2), (3,))


def test_a_single_rune_reads_exactly_as_before(alphabet, recognize, shipped_recognizer):
    drawing = Drawing(tuple(Stroke(s) for s in rune_strokes(alphabet, "mathr", 50.0)), (300, 300))
    reading = read_word(drawing, recognize, alphabet)
    alone = shipped_recognizer.recognize_sample(drawing)
    assert reading.runes == ("mathr",)
    assert np.array_equal(reading.glyphs[0].recognition.probabilities, alone.probabilities)


def test_a_picture_of_a_word_is_read_too(alphabet, recognize):
    drawing = word(alphabet, ["bjork", "ur", "nauthr"], gap=50.0, between={2: CROSS})
    ink = render_raster(drawing, 8.0, drawing.canvas_size)
    reading = read_word(RasterDrawing(ink), recognize, alphabet)
    assert reading.runes == ("bjork", "ur", "nauthr")
    assert [(d.kind, d.position) for d in reading.dividers] == [("×", 2)]


def test_latin_text_is_spelled_in_runes_with_each_substitution_said(alphabet):
    spelled = spell_in_runes("Odin the Great", alphabet)
    assert spelled.runes == f"ᚢᛏᛁᚾ{WORD_DIVIDER}ᚦᛁ{WORD_DIVIDER}ᚴᚱᛁᛅᛏ"
    assert "o is written as u (ur ᚢ)" in spelled.substitutions
    assert "d is written as t (tyr ᛏ)" in spelled.substitutions
    assert "g is written as k (kaun ᚴ)" in spelled.substitutions
    assert "th is written as þ (thurs ᚦ)" in spelled.substitutions
    assert spell_in_runes("Ragnar 2!", alphabet).kept == ("2", "!")
    assert transliterate(["fe", "ur", "thurs", "as", "yr"], alphabet) == "fuþąʀ"


def test_the_command_line_reads_files_as_words(tmp_path, alphabet, capsys):
    write_drawing(tmp_path / "word.json", word(alphabet, ["sol", "isa", "logr"], gap=60.0, between={1: [dot()]}))
    assert train.main(["read", str(tmp_path / "word.json"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result[0]["file"].endswith("word.json")
    assert result[0]["runes"] == ["sol", "isa", "logr"]
    assert result[0]["separators"] == [{"kind": "·", "position": 1}]
    assert result[0]["text"] == "s il"
