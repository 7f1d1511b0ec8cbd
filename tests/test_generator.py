import numpy as np

from model.generator import WORKSHOP_SIZE, generate_drawing, workshop_raster
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
    assert (images.reshape(160, -1).max(axis=1) > 0.5).all(), "every image has ink"


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
