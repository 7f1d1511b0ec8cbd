"""Generated drawings that are no rune: what the network learns "not a rune" from."""

import numpy as np

from model.drawing import Drawing
from model.non_runes import HELD_OUT_LETTERS, NON_RUNE_LABEL, TRAINING_SHAPES, generate_non_rune
from model.preprocessing import INPUT_SIZE, preprocess
from model.training_data import generated_batch


def test_a_generated_non_rune_is_a_labelled_drawing_on_its_canvas():
    drawing = generate_non_rune(np.random.default_rng(1), (300, 200))
    assert isinstance(drawing, Drawing) and drawing.label == NON_RUNE_LABEL
    every = np.concatenate([s.points for s in drawing.strokes])
    assert every.min() >= 0 and (every.max(axis=0) <= (300, 200)).all()
    assert preprocess(drawing).shape == (INPUT_SIZE, INPUT_SIZE)


def test_every_shape_draws_and_the_held_out_letters_are_never_in_training():
    assert not set(TRAINING_SHAPES) & set(HELD_OUT_LETTERS)
    rng = np.random.default_rng(2)
    for shapes in (TRAINING_SHAPES, HELD_OUT_LETTERS):
        for name, shape in shapes.items():
            strokes = shape(rng)
            assert strokes and all(np.asarray(s).ndim == 2 and len(s) >= 2 for s in strokes), name


def test_the_same_generator_state_draws_the_same_non_rune():
    a, b = (generate_non_rune(np.random.default_rng(5)) for _ in range(2))
    assert all(np.array_equal(p.points, q.points) for p, q in zip(a.strokes, b.strokes))


def test_a_batch_holds_its_share_of_non_runes_as_the_last_class(alphabet):
    images, labels = generated_batch(alphabet, 100, np.random.default_rng(3), non_rune_share=0.1)
    assert (labels == len(alphabet)).sum() == 10 and images.shape == (100, INPUT_SIZE, INPUT_SIZE, 1)
    assert set(np.bincount(labels[labels < len(alphabet)], minlength=len(alphabet))) <= {5, 6}
    _, runes_only = generated_batch(alphabet, 64, np.random.default_rng(3))
    assert runes_only.max() < len(alphabet)
