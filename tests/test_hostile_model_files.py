"""Hostile model files: small archives that demand gigabytes, code and unknown classes, malformed
metadata, and messages that must read as plain reasons (issue 21, items 7, 9 and 10)."""

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import train
from model.alphabet import load_alphabet
from model.model_files import MAX_MODEL_BYTES, ModelLoadError, check_keras_archive, load_network
from model.recognizer import Recognizer
from model.resource_files import SHIPPED_MODEL_PATH


def shipped_members() -> dict[str, bytes]:
    with zipfile.ZipFile(SHIPPED_MODEL_PATH) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def shipped_config() -> dict:
    return json.loads(shipped_members()["config.json"])


def write_archive(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def with_config(path, config: dict, weights: bool = True) -> None:
    members = shipped_members()
    members["config.json"] = json.dumps(config).encode()
    if not weights:
        del members["model.weights.h5"]
    write_archive(path, members)


def layers(config: dict) -> list[dict]:
    return config["config"]["layers"]


def test_the_shipped_model_passes_the_checks():
    check_keras_archive(SHIPPED_MODEL_PATH)


def test_a_small_archive_whose_weights_unpack_to_hundreds_of_megabytes_is_refused_before_unpacking(tmp_path):
    members = shipped_members()
    members["model.weights.h5"] = bytes(8 * 2**20)  # 8 MB of zeros in a few kilobytes
    write_archive(tmp_path / "bomb.keras", members)
    assert (tmp_path / "bomb.keras").stat().st_size < 2**20
    with pytest.raises(ModelLoadError, match="compressed .* times"):
        load_network(tmp_path / "bomb.keras")


def test_an_archive_whose_directory_claims_gigabytes_is_refused(tmp_path):
    write_archive(tmp_path / "m.keras", shipped_members(), zipfile.ZIP_STORED)
    data = bytearray((tmp_path / "m.keras").read_bytes())
    entry = next(found.start() for found in re.finditer(rb"PK\x01\x02", data)  # its central directory entry
                 if data[found.start() + 46:].startswith(b"model.weights.h5"))
    struct.pack_into("<I", data, entry + 24, 3 * 2**30)  # uncompressed size: 3 GB
    (tmp_path / "m.keras").write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match=f"more than {MAX_MODEL_BYTES // 2**20} MB"):
        load_network(tmp_path / "m.keras")


def test_a_config_that_asks_for_gigabytes_of_weights_is_refused_before_keras_builds_it(tmp_path):
    config = shipped_config()
    next(layer for layer in layers(config) if layer["class_name"] == "Dense")["config"]["units"] = 200_000
    with_config(tmp_path / "big.keras", config, weights=False)
    with pytest.raises(ModelLoadError) as refused:
        load_network(tmp_path / "big.keras")
    assert "million weights" in str(refused.value) and "Dense" in str(refused.value)


def test_a_lambda_layer_is_refused_for_safety_in_plain_words(tmp_path):
    config = shipped_config()
    dropout = next(layer for layer in layers(config) if layer["class_name"] == "Dropout")
    dropout.update(class_name="Lambda", config={"name": "evil", "function": {
        "class_name": "__lambda__", "config": {"code": "YQ==", "defaults": None, "closure": None}}})
    with_config(tmp_path / "code.keras", config)
    with pytest.raises(ModelLoadError) as refused:
        load_network(tmp_path / "code.keras")
    message = str(refused.value)
    assert "contains code or classes Runesight does not know" in message and "refused for safety" in message
    assert "deserialized" not in message and "<class" not in message


def test_an_unknown_class_is_refused_for_safety_in_plain_words(tmp_path):
    config = shipped_config()
    dropout = next(layer for layer in layers(config) if layer["class_name"] == "Dropout")
    dropout.update(module="evil.layers", class_name="Backdoor", registered_name="evil>Backdoor")
    with_config(tmp_path / "custom.keras", config)
    with pytest.raises(ModelLoadError, match=r"contains code or classes Runesight does not know \('evil>Backdoor'\)"):
        load_network(tmp_path / "custom.keras")


def test_a_keras_message_that_ends_in_a_colon_is_not_cut_there(tmp_path):
    import h5py

    members = shipped_members()
    weights = io.BytesIO(members["model.weights.h5"])
    with h5py.File(weights, "r+") as file:
        del file["layers/conv2d/vars/1"]  # the first convolution's bias
    members["model.weights.h5"] = weights.getvalue()
    write_archive(tmp_path / "missing.keras", members)
    with pytest.raises(ModelLoadError) as refused:
        load_network(tmp_path / "missing.keras")
    message = str(refused.value)
    assert not message.rstrip().endswith(":")
    assert "expected 2 variables, but received 1" in message


def model_with_metadata(tmp_path, text: str):
    shutil.copy(SHIPPED_MODEL_PATH, tmp_path / "m.keras")
    (tmp_path / "m.json").write_text(text)
    return tmp_path / "m.keras"


MALFORMED = {
    "alphabet-list": ('{"alphabet": ["younger_futhark"]}', "'alphabet' must be the name of an alphabet"),
    "runes-number": ('{"runes": 16}', "'runes' must be a list of rune names"),
    "deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "alphabet-path": ('{"alphabet": "../../../../x/evil_alphabet"}', "unknown alphabet"),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_metadata_gives_a_plain_reason_on_the_command_line(tmp_path, kind, capsys):
    text, reason = MALFORMED[kind]
    model = model_with_metadata(tmp_path, text)
    (tmp_path / "d.json").write_text(json.dumps({"word": "isa", "drawing": [[[5, 5], [0, 20]]]}))
    assert train.main(["evaluate", str(tmp_path / "d.json"), "--model", str(model)]) == 2
    error = capsys.readouterr().err
    assert reason in error and "Traceback" not in error and "TypeError" not in error


def test_the_alphabet_is_only_ever_one_of_the_known_names_never_a_path(tmp_path):
    (tmp_path / "evil_alphabet.json").write_text(json.dumps({"name": "evil", "runes": []}))
    relative = "../" * 12 + str(tmp_path / "evil_alphabet").lstrip("/")
    with pytest.raises(KeyError, match="unknown alphabet"):
        load_alphabet(relative)
    with pytest.raises(KeyError, match="unknown alphabet"):
        load_alphabet(["younger_futhark"])


def test_a_two_input_model_is_refused_with_the_reason(tmp_path, capsys):
    import keras

    left, right = keras.Input((32, 32, 1)), keras.Input((32, 32, 1))
    joined = keras.layers.Concatenate()([left, right])
    features = keras.layers.Flatten()(keras.layers.Conv2D(2, 3)(joined))
    network = keras.Model([left, right], keras.layers.Dense(16, activation="softmax")(features))
    network.save(tmp_path / "two.keras")
    with pytest.raises(ModelLoadError, match="takes 2 inputs"):
        Recognizer.load(tmp_path / "two.keras")
    (tmp_path / "d.json").write_text(json.dumps({"word": "isa", "drawing": [[[5, 5], [0, 20]]]}))
    assert train.main(["evaluate", str(tmp_path / "d.json"), "--model", str(tmp_path / "two.keras")]) == 2
    error = capsys.readouterr().err
    assert "takes 2 inputs" in error and "Traceback" not in error


def test_keras_keeps_its_own_folder_inside_the_data_folder(tmp_path):
    (tmp_path / "home").mkdir()
    environment = dict(os.environ, HOME=str(tmp_path / "home"), RUNESIGHT_HOME=str(tmp_path / "data"))
    environment.pop("KERAS_HOME", None)
    script = ("from model.user_folders import data_dir, keep_keras_folder_in; keep_keras_folder_in(data_dir()); "
              "import keras; print(keras.config.backend())")
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                            timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert list((tmp_path / "home").iterdir()) == []
    assert (tmp_path / "data" / "keras" / "keras.json").is_file()


def test_keras_own_safe_mode_refusal_reads_as_a_refusal_for_safety():
    from model.model_files import keras_reason

    said = ("<class 'keras.src.models.functional.Functional'> could not be deserialized properly. Please ensure that "
            "components that are Python object instances (layers, models, etc.) returned by `get_config()` are "
            "explicitly deserialized in the model's `from_config()` method.\n\nconfig={...}.\n\nException "
            "encountered: Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
            "This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you "
            "trust the source of the artifact, you can override this error by passing `safe_mode=False`")
    reason = keras_reason(ValueError(said))
    assert "contains code or classes Runesight does not know" in reason and "refused for safety" in reason
    assert "<class" not in reason and "safe_mode" not in reason


def test_a_huge_layer_inside_a_model_inside_the_model_is_counted_too(tmp_path):
    inner = shipped_config()
    next(layer for layer in layers(inner) if layer["class_name"] == "Dense")["config"]["units"] = 200_000
    outer = {"module": "keras", "class_name": "Functional", "registered_name": "Functional", "config": {
        "name": "wrapper", "layers": [{"module": "keras.layers", "class_name": "InputLayer",
                                       "config": {"batch_shape": [None, 32, 32, 1], "name": "input"}},
                                      {**inner, "name": "inner"}]}}
    with_config(tmp_path / "nested.keras", outer, weights=False)
    with pytest.raises(ModelLoadError, match="million weights"):
        check_keras_archive(tmp_path / "nested.keras")
