import json

import numpy as np
import pytest

from model.alphabet import load_alphabet, parse_alphabet

WORKSHOP_ORDER = ["fe", "ur", "thurs", "as", "reith", "kaun", "hagall", "nauthr",
                  "isa", "ar", "sol", "tyr", "bjork", "mathr", "logr", "yr"]


def test_younger_futhark_has_the_workshop_names_in_order(alphabet):
    assert list(alphabet.names) == WORKSHOP_ORDER
    assert "".join(r.glyph for r in alphabet.runes) == "ᚠᚢᚦᚬᚱᚴᚼᚾᛁᛅᛋᛏᛒᛘᛚᛦ"
    assert alphabet.rune("fe").codepoint == 0x16A0


def test_every_rune_has_a_trainable_form_on_the_unit_square(alphabet):
    for rune in alphabet.runes:
        assert rune.trainable_forms, rune.name
        for form in rune.forms:
            for stroke in form.strokes:
                assert stroke.shape[1] == 2 and len(stroke) >= 2
                assert np.all(stroke >= -0.1) and np.all(stroke <= 1.1)


def test_short_twig_forms_are_described(alphabet):
    glyphs = {form.glyph for rune in alphabet.runes for form in rune.forms}
    assert set("ᚭᚽᚿᛆᛌᛐᛓᛙ") <= glyphs
    # The lone short stroke of short-twig sol cannot be told from isa once scaled: kept, not trained.
    sol = alphabet.rune("sol")
    assert [f.glyph for f in sol.forms if f.ambiguous_with == "isa"] == ["ᛌ"]
    assert all(f.ambiguous_with is None for f in sol.trainable_forms)


def test_unknown_rune_and_alphabet_name_the_known_ones(alphabet):
    with pytest.raises(KeyError, match="known runes: fe, ur"):
        alphabet.index("wunjo")
    with pytest.raises(KeyError, match="younger_futhark"):
        load_alphabet("elder_futhark_missing")


def test_another_rune_row_is_only_data():
    raw = {"name": "tiny", "runes": [
        {"name": "a", "glyph": "ᚨ", "codepoint": "U+16A8", "forms": [{"name": "x", "strokes": [[[0, 0], [0, 1]]]}]},
    ]}
    alphabet = parse_alphabet(json.loads(json.dumps(raw)))
    assert alphabet.names == ("a",) and alphabet.runes[0].codepoint == 0x16A8
    raw["runes"][0]["codepoint"] = "U+16A9"
    with pytest.raises(ValueError, match="does not match"):
        parse_alphabet(raw)
