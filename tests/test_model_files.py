import shutil

import keras
import numpy as np
import pytest

from model.model_files import ModelLoadError, read_metadata, save_model
from model.network import FILTERS, build_network, compile_network
from model.recognizer import Recognizer


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    keras.utils.set_random_seed(1)
    network = build_network()
    path = tmp_path_factory.mktemp("models") / "m.keras"
    save_model(network, path, {"alphabet": "younger_futhark", "seed": 1})
    return network, path


def test_model_file_round_trip_gives_the_same_answers(small_model):
    network, path = small_model
    images = np.random.default_rng(0).random((4, 32, 32, 1)).astype(np.float32)
    loaded = Recognizer.load(path)
    np.testing.assert_allclose(loaded.predict_images(images), network.predict_on_batch(images), atol=1e-5)
    assert loaded.metadata == read_metadata(path) == {"alphabet": "younger_futhark", "seed": 1}
    assert not list(path.parent.glob("*.part")), "no temporary files left behind"


def test_a_trained_model_is_saved_with_its_weights_but_not_its_optimizer(tmp_path):
    network = compile_network(build_network())
    images = np.random.default_rng(1).random((8, 32, 32, 1)).astype(np.float32)
    network.train_on_batch(images, np.arange(8))  # Adam now has state worth two copies of the weights
    path = tmp_path / "trained.keras"
    save_model(network, path, {})
    loaded = keras.saving.load_model(path)  # compile=True: would restore an optimizer if one were saved
    assert not loaded.compiled and network.compiled, "the file has no optimizer; the caller's network keeps its own"
    np.testing.assert_array_equal(loaded.predict_on_batch(images), network.predict_on_batch(images))
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in network.layers]


def test_one_call_gives_probabilities_input_and_every_conv_layers_maps(small_model):
    _, path = small_model
    recognizer = Recognizer.load(path)
    image = np.zeros((32, 32), np.float32)
    image[4:28, 15:17] = 1.0
    result = recognizer.recognize(image)
    assert result.probabilities.shape == (16,) and result.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert [a.layer_name for a in result.activations] == ["conv1", "conv2", "conv3"]
    f1, f2, f3 = FILTERS
    assert [a.maps.shape for a in result.activations] == [(32, 32, f1), (16, 16, f2), (8, 8, f3)]
    np.testing.assert_array_equal(result.input_image, image)
    assert list(result.ranking[:1]) == [int(np.argmax(result.probabilities))]
    assert recognizer.first_layer_kernels().shape == (3, 3, 1, f1)


def test_corrupt_model_file_says_which_file_and_what_is_wrong(tmp_path, small_model):
    garbage = tmp_path / "garbage.keras"
    garbage.write_bytes(b"this is not a zip archive at all")
    with pytest.raises(ModelLoadError, match="garbage.keras cannot be loaded: it is damaged, or not a Keras model"):
        Recognizer.load(garbage)
    truncated = tmp_path / "truncated.keras"
    truncated.write_bytes(small_model[1].read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match="truncated.keras cannot be loaded: it is damaged") as raised:
        Recognizer.load(truncated)
    assert "not found" not in str(raised.value), "the file is there: Keras's own words said otherwise"
    with pytest.raises(ModelLoadError, match="not found: .*missing.keras"):
        Recognizer.load(tmp_path / "missing.keras")
    bad_meta = tmp_path / "meta.keras"
    shutil.copy(small_model[1], bad_meta)
    bad_meta.with_suffix(".json").write_text("{oops")
    with pytest.raises(ModelLoadError, match="metadata .*meta.json is unreadable"):
        Recognizer.load(bad_meta)


def test_a_network_without_convolutions_is_refused_with_the_reason(tmp_path):
    import keras

    path = tmp_path / "mlp.keras"
    mlp = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Flatten(), keras.layers.Dense(16, "softmax")])
    save_model(mlp, path, {})
    with pytest.raises(ModelLoadError, match="mlp.keras has no convolution layers"):
        Recognizer.load(path)


def test_a_model_for_another_alphabet_is_refused(tmp_path):
    path = tmp_path / "ten.keras"
    save_model(build_network(num_classes=10), path, {})
    with pytest.raises(ModelLoadError, match="predicts 10 classes"):
        Recognizer.load(path)


def test_a_failed_save_leaves_the_old_model_and_its_metadata_as_they_were(tmp_path, small_model):
    network, path = small_model
    target = tmp_path / "model.keras"
    save_model(network, target, {"alphabet": "younger_futhark", "seed": 1})
    before = target.read_bytes(), target.with_suffix(".json").read_text()
    retrained = build_network()  # other weights: a model file written anyway would differ
    with pytest.raises(TypeError, match="not JSON serialisable"):
        save_model(retrained, target, {"alphabet": "younger_futhark", "when": object()})
    with pytest.raises(ValueError):
        save_model(_Unsavable(), target, {"alphabet": "younger_futhark", "seed": 2})
    assert (target.read_bytes(), target.with_suffix(".json").read_text()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "model.keras"], "no temporary files"


class _Unsavable:
    def save(self, path):
        path.write_bytes(b"half an archive")
        raise ValueError("disk full")


def test_the_steps_between_layers_are_named_from_the_network_itself():
    from model.network import layer_steps

    per_layer, after = layer_steps(build_network())
    assert per_layer == (("conv 3×3", "ReLU"), ("pool ½", "conv 3×3", "ReLU"), ("pool ½", "conv 3×3", "ReLU"))
    assert after == ("pool ½", "flatten", "dense 128", "ReLU", "dense 16", "softmax")


def test_a_model_with_the_non_rune_output_reads_it_apart_and_an_older_one_has_none(tmp_path, small_model):
    from model.verdict import NON_RUNE_OUTPUT

    keras.utils.set_random_seed(2)
    runes = list(Recognizer.load(small_model[1]).alphabet.names)
    path = tmp_path / "seventeen.keras"
    metadata = {"alphabet": "younger_futhark", "outputs": runes + [NON_RUNE_OUTPUT]}
    save_model(build_network(num_classes=17), path, metadata)
    image = np.random.default_rng(0).random((32, 32)).astype(np.float32)
    with_output = Recognizer.load(path).recognize(image)
    assert with_output.knows_non_runes and with_output.probabilities.shape == (16,)
    assert with_output.probabilities.sum() + with_output.non_rune_probability == pytest.approx(1.0, abs=1e-5)
    older = Recognizer.load(small_model[1]).recognize(image)  # 16 outputs, as every model before the non-rune class
    assert not older.knows_non_runes and older.non_rune_probability == 0.0
    assert older.probabilities.sum() == pytest.approx(1.0, abs=1e-5) and older.verdict.kind != "not a rune"


def test_a_model_whose_outputs_are_named_otherwise_is_refused(tmp_path):
    path = tmp_path / "odd.keras"
    save_model(build_network(num_classes=17), path, {"outputs": ["a"] * 17})
    with pytest.raises(ModelLoadError, match="names its outputs"):
        Recognizer.load(path)


def test_widening_a_trained_model_keeps_what_its_outputs_read(tmp_path):
    from model.training import widen_into

    keras.utils.set_random_seed(3)
    trained, wider = build_network(num_classes=16), build_network(num_classes=17)
    widen_into(trained, wider)
    images = np.random.default_rng(1).random((8, 32, 32, 1)).astype(np.float32)
    before, after = trained.predict_on_batch(images), wider.predict_on_batch(images)
    assert np.array_equal(before.argmax(axis=1), after[:, :16].argmax(axis=1))
    np.testing.assert_allclose(after[:, :16] / after[:, :16].sum(axis=1, keepdims=True), before, atol=1e-5)
    assert (after[:, 16] < 0.2).all(), "the new output starts small"
