"""The lessons' arithmetic: the classroom slides' numbers, and the tiny network learning X from O."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model.lessons.filtering import SLIDE_IMAGE, TOP_EDGE_KERNEL, filter_image, filter_step
from model.lessons.x_or_o import EXAMPLES, FEATURES, max_pool, read_picture, slide_digits

ROOT = Path(__file__).resolve().parent.parent


def test_filtering_gives_the_slides_maps_and_corrects_their_misprint():
    first = filter_image(SLIDE_IMAGE, TOP_EDGE_KERNEL)
    assert first.tolist() == [[12, 4, -2, -8], [0, 3, 9, 11], [-13, -14, -14, -11], [7, 9, 12, 14]]
    second = filter_image(first, TOP_EDGE_KERNEL)
    assert second[0].tolist() == [-2, 29] and second[1, 0] == -53  # the slide prints -4 for the first cell


def test_one_filter_step_shows_patch_products_and_sum():
    step = filter_step(SLIDE_IMAGE, TOP_EDGE_KERNEL, 0, 0)
    assert step.patch.tolist() == [[4, 0, 1], [6, 4, 7], [3, 5, 9]]
    assert step.products.tolist() == [[-4, 0, -1], [6, 4, 7], [0, 0, 0]]
    assert step.total == 12


def test_a_kernel_larger_than_the_image_is_refused_plainly():
    with pytest.raises(ValueError, match="does not fit"):
        filter_image(np.zeros((2, 2)), TOP_EDGE_KERNEL)


def test_the_first_feature_over_the_x_gives_the_slides_map():
    reading = read_picture(EXAMPLES["X"])
    first = reading.maps[0]
    assert np.allclose(first[0] * 9, [7, -1, 1, 3, 5, -1, 3])
    assert np.allclose(np.diag(first) * 9, [7, 9, 9, 5, 9, 9, 7])
    assert [slide_digits(v) for v in first[0]] == ["0.77", "-0.11", "0.11", "0.33", "0.55", "-0.11", "0.33"]
    expected = [[1.00, 0.33, 0.55, 0.33], [0.33, 1.00, 0.33, 0.55], [0.55, 0.33, 1.00, 0.11], [0.33, 0.55, 0.11, 0.77]]
    assert [[slide_digits(v) for v in row] for row in reading.pooled[0]] == [[f"{v:.2f}" for v in row]
                                                                            for row in expected]


def test_max_pooling_takes_what_a_window_past_the_edge_covers():
    values = np.arange(9.0).reshape(3, 3)
    assert max_pool(values).tolist() == [[4, 5], [7, 8]]


def test_the_hand_made_network_reads_x_and_o_and_votes_decide():
    assert read_picture(EXAMPLES["X"]).answer == "X"
    assert read_picture(EXAMPLES["O"]).answer == "O"
    assert read_picture(EXAMPLES["X shifted right"]).answer == "X"
    x_votes = read_picture(EXAMPLES["X"]).votes
    assert x_votes["X"] > x_votes["O"]


def test_features_are_the_two_diagonals_and_the_small_x():
    assert FEATURES.shape == (3, 3, 3)
    assert (FEATURES[0] == np.where(np.eye(3) == 1, 1, -1)).all()
    assert (FEATURES[2] == FEATURES[0][:, ::-1]).all()


def test_the_command_line_prints_every_number_as_json():
    done = subprocess.run([sys.executable, "-m", "model.lessons", "--json"], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=60)
    numbers = json.loads(done.stdout.strip().splitlines()[-1])
    assert numbers["filtering"]["map2"] == [[-2, 29], [-53, -62]]
    x, o = numbers["x_or_o"]["x"], numbers["x_or_o"]["o"]
    assert (x["answer"], o["answer"]) == ("X", "O")
    assert np.array(x["maps"]).shape == (3, 7, 7) and np.array(o["pooled"]).shape == (3, 4, 4)
    assert set(x["votes"]) == {"X", "O"}
    assert "tensorflow" not in done.stderr  # plain NumPy: no framework is started for the hand-made numbers


def test_the_tiny_network_learns_x_from_o_and_fills_the_backpropagation_table():
    from model.lessons.tiny_network import train_tiny_network

    reports = []
    train_tiny_network(EXAMPLES["X"], "X", reports.append, epochs=6)
    assert [r.epoch for r in reports] == list(range(0, 7))  # 0: the untrained network
    last = reports[-1]
    assert last.validation_accuracy > 0.9
    assert last.features.shape == (3, 3, 3)
    (x_name, x_right, x_actual, x_error), (o_name, o_right, o_actual, o_error) = last.table
    assert (x_name, x_right, o_name, o_right) == ("X", 1.0, "O", 0.0)
    assert x_error == pytest.approx(1 - x_actual) and o_error == pytest.approx(o_actual)
    assert x_actual > 0.5
