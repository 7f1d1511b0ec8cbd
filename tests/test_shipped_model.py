"""The model in resources/ recognises freshly generated drawings of every rune."""

import numpy as np

from model.generator import generate_drawing, workshop_raster
from model.model_files import read_metadata
from model.preprocessing import preprocess
from model.resource_files import SHIPPED_MODEL_PATH


def test_metadata_describes_the_shipped_model(alphabet):
    metadata = read_metadata(SHIPPED_MODEL_PATH)
    assert metadata["runes"] == list(alphabet.names)
    for key in ("alphabet", "input_size", "seed", "train_samples_seen", "validation_samples",
                "validation_accuracy", "keras_version", "backend", "created"):
        assert key in metadata, key
    assert metadata["validation_accuracy"] > 0.97


def test_shipped_model_recognises_every_rune_drawn_and_stored_the_workshop_way(alphabet, shipped_recognizer):
    rng = np.random.default_rng(20261124)
    per_rune = 12
    images, labels = [], []
    for index in range(len(alphabet)):
        for k in range(per_rune):
            drawing = generate_drawing(alphabet, index, rng, (240, 240))
            images.append(preprocess(workshop_raster(drawing) if k % 2 else drawing))
            labels.append(index)
    predicted = shipped_recognizer.predict_images(np.array(images)).argmax(axis=1)
    labels = np.array(labels)
    per_rune_accuracy = {name: (predicted[labels == i] == i).mean() for i, name in enumerate(alphabet.names)}
    assert (predicted == labels).mean() >= 0.97
    assert min(per_rune_accuracy.values()) >= 0.8, per_rune_accuracy
