"""The NumPy forward pass gives what Keras gives, for the shipped model and networks of other shapes, and
the recognition path runs without the framework."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
from keras import layers

from model.alphabet import load_alphabet
from model.generator import generate_drawing
from model.model_files import ModelLoadError, save_model
from model.network import build_network
from model.numpy_network import read_numpy_network
from model.preprocessing import preprocess
from model.recognizer import Recognizer

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1e-5
DRAWINGS = 300


@pytest.fixture(scope="module")
def drawn_images() -> np.ndarray:
    """Hundreds of generated drawings of every rune, as the network sees them, and a few edge cases."""
    alphabet, rng = load_alphabet(), np.random.default_rng(20)
    images = [preprocess(generate_drawing(alphabet, i % len(alphabet), rng)) for i in range(DRAWINGS)]
    images += [np.zeros((32, 32), np.float32), np.ones((32, 32), np.float32)]
    return np.asarray(images, dtype=np.float32)


def _sequential(*stack) -> keras.Model:
    return keras.Sequential([keras.Input((32, 32, 1), name="drawing"), *stack])


def _other_shapes() -> dict[str, keras.Model]:
    keras.utils.set_random_seed(3)
    return {
        "other filter counts": build_network(16, filters=(8, 12, 20)),
        "5x5 kernels, valid padding, strides": _sequential(
            layers.Conv2D(10, 5, padding="valid", activation="relu", name="conv1"),
            layers.Conv2D(14, (5, 3), strides=2, padding="same", activation="tanh", name="conv2"),
            layers.MaxPooling2D(3, strides=2, padding="valid", name="pool"),
            layers.Conv2D(6, 3, strides=(2, 1), padding="valid", name="conv3"),
            layers.ReLU(name="relu"),
            layers.Flatten(), layers.Dense(24, activation="sigmoid"), layers.Dropout(0.5),
            layers.Dense(16), layers.Activation("softmax")),
        "no pooling": _sequential(
            layers.Conv2D(6, 3, padding="same", activation="relu", name="conv1"),
            layers.Conv2D(4, 3, strides=4, padding="same", activation="relu", name="conv2"),
            layers.Flatten(), layers.Dense(16, activation="softmax")),
        "average pooling": _sequential(
            layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1"),
            layers.AveragePooling2D(2, name="pool1"),
            layers.Conv2D(8, 3, padding="same", activation="relu", name="conv2"),
            layers.AveragePooling2D(3, strides=2, padding="same", name="pool2"),  # edges: fewer cells to average
            layers.MaxPooling2D(3, strides=2, padding="same", name="pool3"),
            layers.Conv2D(8, 2, padding="same", use_bias=False, name="conv3"),
            layers.Flatten(), layers.Dense(16, activation="softmax")),
    }


def _assert_same_answers(numpy_recognizer: Recognizer, keras_recognizer: Recognizer, images: np.ndarray) -> None:
    assert numpy_recognizer.runs_on == "NumPy" and keras_recognizer.runs_on == "Keras"
    ours = numpy_recognizer.network.run(images[..., None])
    theirs = keras_recognizer.network.run(images[..., None])
    np.testing.assert_allclose(ours.outputs, theirs.outputs, atol=TOLERANCE, rtol=0)
    assert len(ours.maps) == len(theirs.maps) == len(numpy_recognizer.conv_layers)
    for layer, our_maps, their_maps in zip(numpy_recognizer.conv_layers, ours.maps, theirs.maps):
        assert our_maps.shape == their_maps.shape, layer.name
        np.testing.assert_allclose(our_maps, their_maps, atol=TOLERANCE, rtol=0, err_msg=layer.name)
    # One drawing at a time, as the app reads them: the same numbers.
    for image in images[:3]:
        one, other = numpy_recognizer.recognize(image), keras_recognizer.recognize(image)
        np.testing.assert_allclose(one.probabilities, other.probabilities, atol=TOLERANCE, rtol=0)
        for ours_one, theirs_one in zip(one.activations, other.activations):
            np.testing.assert_allclose(ours_one.maps, theirs_one.maps, atol=TOLERANCE, rtol=0)


def test_the_shipped_model_gives_keras_s_numbers(drawn_images):
    _assert_same_answers(Recognizer.load(), Recognizer.load(with_keras=True), drawn_images)


@pytest.mark.parametrize("shape", list(_other_shapes()))
def test_networks_of_other_shapes_give_keras_s_numbers(shape, tmp_path, drawn_images):
    path = tmp_path / "other.keras"
    save_model(_other_shapes()[shape], path, {})
    recognizer = Recognizer.load(path)
    _assert_same_answers(recognizer, Recognizer.load(path, with_keras=True), drawn_images)
    np.testing.assert_allclose(recognizer.predict_images(drawn_images), recognizer.network.run(
        drawn_images[..., None]).outputs, atol=1e-6)


def test_the_steps_named_from_the_file_are_those_named_from_keras():
    numpy_recognizer, keras_recognizer = Recognizer.load(), Recognizer.load(with_keras=True)
    from model.layer_specs import steps_between

    assert steps_between(numpy_recognizer.network.layer_specs) == steps_between(keras_recognizer.network.layer_specs)
    assert numpy_recognizer.layer_names == keras_recognizer.layer_names == ("conv1", "conv2", "conv3")
    assert [layer.filters for layer in numpy_recognizer.conv_layers] == [32, 64, 128]
    np.testing.assert_array_equal(numpy_recognizer.first_layer_kernels(), keras_recognizer.first_layer_kernels())


def test_a_layer_numpy_does_not_know_is_run_by_keras(tmp_path, drawn_images):
    keras.utils.set_random_seed(4)
    network = _sequential(layers.Conv2D(4, 3, name="conv1"), layers.BatchNormalization(name="norm"),
                          layers.LeakyReLU(name="leaky"), layers.Flatten(), layers.Dense(16, activation="softmax"))
    path = tmp_path / "norm.keras"
    save_model(network, path, {})
    assert read_numpy_network(path) is None
    recognizer = Recognizer.load(path)
    assert recognizer.runs_on == "Keras"
    np.testing.assert_allclose(recognizer.predict_images(drawn_images[:8]), network.predict_on_batch(
        drawn_images[:8, ..., None]), atol=1e-6)


def test_a_file_with_code_is_still_refused_by_keras_s_safe_mode(tmp_path):
    network = _sequential(layers.Conv2D(4, 3, name="conv1"), layers.Lambda(lambda x: x * 2.0, name="code"),
                          layers.Flatten(), layers.Dense(16, activation="softmax"))
    path = tmp_path / "lambda.keras"
    network.save(path)
    assert read_numpy_network(path) is None  # nothing of the file is run here: Keras decides, in safe mode
    with pytest.raises(ModelLoadError, match="lambda.keras cannot be loaded"):
        Recognizer.load(path)


def test_weights_that_do_not_fit_the_config_are_left_to_keras_to_refuse(tmp_path):
    import zipfile

    path, other = tmp_path / "model.keras", tmp_path / "other.keras"
    save_model(build_network(16), path, {})
    save_model(build_network(16, filters=(8, 8, 8)), other, {})
    swapped = tmp_path / "swapped.keras"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(other) as donor, zipfile.ZipFile(swapped, "w") as target:
        target.writestr("config.json", source.read("config.json"))
        target.writestr("metadata.json", source.read("metadata.json"))
        target.writestr("model.weights.h5", donor.read("model.weights.h5"))
    assert read_numpy_network(swapped) is None
    with pytest.raises(ModelLoadError, match="swapped.keras cannot be loaded"):
        Recognizer.load(swapped)


@pytest.mark.slow
def test_the_recognition_process_and_the_window_never_import_the_framework():
    script = textwrap.dedent("""
        import os, sys, threading, multiprocessing
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from desktop.app import create_application
        from desktop.recognition.service import serve
        from model.drawing import Drawing, Stroke
        import numpy as np

        app = create_application()
        from desktop.main_window import MainWindow
        window = MainWindow(persist=False)
        window.show()
        app.processEvents()

        # What the recognition process runs, here in a thread so that its imports are this interpreter's.
        ours, theirs = multiprocessing.Pipe()
        child = threading.Thread(target=serve, args=(theirs,))
        child.start()
        ours.send(("load", None))
        answer = ours.recv()
        assert answer[0] == "loaded", answer
        line = Stroke.from_xy(np.array([[100.0, 20.0], [100.0, 300.0], [200.0, 200.0]]))
        ours.send(("recognize", 1, Drawing((line,), (400, 400)), False))
        outcome = ours.recv()[1]
        assert outcome.recognition is not None and len(outcome.recognition.activations) == 3, outcome
        ours.send(("stop",))
        child.join()
        window.live.shutdown()
        print(sorted(name for name in sys.modules if name.split(".")[0] in ("tensorflow", "keras", "jax", "torch")))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_what_is_too_large_or_too_deep_to_read_is_left_to_keras(tmp_path, monkeypatch):
    import zipfile

    import model.numpy_network as numpy_network
    from model.resource_files import SHIPPED_MODEL_PATH

    deep = tmp_path / "deep.keras"
    with zipfile.ZipFile(SHIPPED_MODEL_PATH) as source, zipfile.ZipFile(deep, "w") as target:
        target.writestr("config.json", "[" * 100_000 + "]" * 100_000)
        target.writestr("model.weights.h5", source.read("model.weights.h5"))
    assert read_numpy_network(deep) is None
    huge = tmp_path / "huge.keras"
    with zipfile.ZipFile(SHIPPED_MODEL_PATH) as source, zipfile.ZipFile(huge, "w") as target:
        config = json.loads(source.read("config.json"))
        config["config"]["layers"][0]["config"]["batch_shape"] = [None, 32768, 32768, 1]
        target.writestr("config.json", json.dumps(config))
        target.writestr("model.weights.h5", source.read("model.weights.h5"))
    assert read_numpy_network(huge) is None  # a billion-pixel input is not run here, whatever its weights
    assert read_numpy_network(SHIPPED_MODEL_PATH) is not None
    monkeypatch.setattr(numpy_network, "LARGEST_WEIGHTS", 1 << 20)  # the shipped weights unpack to 1.4 MB
    assert read_numpy_network(SHIPPED_MODEL_PATH) is None
