from dataclasses import replace

import numpy as np

from model.alphabet import RuneForm
from model.generator import (
    TYPICAL_STYLE,
    WORKSHOP_SIZE,
    generate_drawing,
    generate_strokes,
    workshop_raster,
)
from model.preprocessing import preprocess
from model.training_data import generated_batch


def test_same_seed_same_drawings_other_seed_other_drawings(alphabet):
    a, la = generated_batch(alphabet, 64, np.random.default_rng(5))
    b, lb = generated_batch(alphabet, 64, np.random.default_rng(5))
    c, _ = generated_batch(alphabet, 64, np.random.default_rng(6))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_batches_are_balanced_and_valid(alphabet):
    images, labels = generated_batch(alphabet, 160, np.random.default_rng(0))
    assert images.shape == (160, 32, 32, 1) and images.dtype == np.float32
    assert np.bincount(labels, minlength=16).tolist() == [10] * 16
    assert np.isfinite(images).all() and images.max() <= 1.0
    # A hairline picture scaled far down is faint (one here peaks at 0.49 of full ink), but it is there.
    assert (images.reshape(160, -1).max(axis=1) > 0.4).all(), "every image has ink"


def test_drawings_vary_like_a_hand(alphabet):
    rng = np.random.default_rng(1)
    drawings = [generate_drawing(alphabet, alphabet.index("fe"), rng) for _ in range(20)]
    images = np.array([preprocess(d) for d in drawings])
    spread = images.std(axis=0).mean()
    assert spread > 0.1, "drawings of one rune should differ"
    for drawing in drawings:
        assert drawing.label == "fe" and drawing.canvas_size == (400, 400)
        for stroke in drawing.strokes:
            assert len(stroke.times) == len(stroke) == len(stroke.pressures)
            assert np.all(np.diff(stroke.times) >= 0)
            assert np.all((stroke.points >= 0) & (stroke.points <= 400))


def test_workshop_rendering_matches_the_workshop_format(alphabet):
    drawing = generate_drawing(alphabet, 3, np.random.default_rng(2), (240, 240))
    raster = workshop_raster(drawing)
    assert raster.ink.shape == (WORKSHOP_SIZE, WORKSHOP_SIZE) and raster.ink.dtype == np.uint8
    assert raster.ink.max() > 200 and raster.label == "as"


# A steady hand (no turn, slant, stretch or wobble) so the stroke's geometry can be read back exactly.
STEADY = replace(TYPICAL_STYLE, rotation_sd_deg=0.0, shear_sd=0.0, aspect_sd=0.0, vertex_jitter=0.0,
                 end_change=0.0, bow=0.0, shake=0.0, corner_rounding=0.0, reverse=0.0, flick=0.0, retrace=0.0,
                 hand_spread=0.0)


def test_a_hand_flicks_the_pen_as_it_lifts(alphabet):
    isa = alphabet.runes[alphabet.index("isa")].trainable_forms[0]  # one stroke from (0.5, 0) down to (0.5, 1)
    for seed in range(10):
        (stroke,) = generate_strokes(isa, np.random.default_rng(seed), replace(STEADY, flick=1.0))
        end = np.flatnonzero(np.isclose(stroke[:, 1], 1.0) & np.isclose(stroke[:, 0], 0.5))[-1]
        tail = stroke[end:] - stroke[end]
        assert len(tail) > 1, "a tail runs on from the stroke's end"
        length = np.hypot(*tail[-1])
        turn = np.degrees(np.arccos(np.clip(tail[-1] @ [0.0, 1.0] / length, -1, 1)))
        assert 0.02 <= length <= 0.07 + 1e-9 and 60.0 - 1e-6 <= turn <= 150.0 + 1e-6


def test_a_hand_goes_over_a_line_again(alphabet):
    isa = alphabet.runes[alphabet.index("isa")].trainable_forms[0]
    first, again = generate_strokes(isa, np.random.default_rng(3), replace(STEADY, retrace=1.0))
    assert again[0, 1] > again[-1, 1], "the second pass runs back up the line"
    assert abs(again[:, 0].mean() - 0.5) < 0.06, "close beside the first pass"
    assert np.ptp(again[:, 1]) >= 0.6 * np.ptp(first[:, 1]), "over most of its length"


def test_a_share_of_drawings_is_strongly_slanted_or_very_narrow_or_wide(alphabet):
    isa = alphabet.runes[alphabet.index("isa")].trainable_forms[0]  # one vertical stroke
    cross = RuneForm("cross", (np.array([[0.0, 0.5], [1.0, 0.5]]), np.array([[0.5, 0.0], [0.5, 1.0]])))
    slants, widths = [], []
    for seed in range(400):
        (stroke,) = generate_strokes(isa, np.random.default_rng(seed), replace(STEADY, slanted_share=0.15))
        slants.append(abs((stroke[-1, 0] - stroke[0, 0]) / (stroke[-1, 1] - stroke[0, 1])))
        every = np.concatenate(generate_strokes(cross, np.random.default_rng(seed),
                                                replace(STEADY, extreme_width_share=0.1)))
        widths.append(abs(np.log(np.ptp(every[:, 0]) / np.ptp(every[:, 1]))))  # the cross is as wide as high
    slants, widths = np.array(slants), np.array(widths)
    slanted, extreme = slants > 1e-9, widths > 1e-9  # STEADY itself neither slants nor stretches
    assert 0.1 < slanted.mean() < 0.2 and 0.06 < extreme.mean() < 0.14
    assert np.all((slants[slanted] >= 0.25 - 1e-9) & (slants[slanted] <= 0.55 + 1e-9))
    assert np.all((widths[extreme] >= 0.25 - 1e-9) & (widths[extreme] <= 0.5 + 1e-9))
