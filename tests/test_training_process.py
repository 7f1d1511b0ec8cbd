import importlib.util
import os
import signal

import numpy as np
import pytest

from model.compute_devices import ComputeDevice, installed_backends, list_devices, probe_gpus
from model.fine_tuning import RetrainConfig, TrainingProgress
from model.generator import generate_drawing
from model.model_versions import ModelVersions
from model.recognizer import Recognizer
from model.training_process import (
    Cancelled,
    Failed,
    Finished,
    RetrainJob,
    RetrainRequest,
    Started,
    child_environment,
)

TINY = RetrainConfig(epochs=2, images_per_rune=2, batch_size=16, evaluation_per_rune=1, generated_pool=64)


@pytest.fixture(scope="module")
def samples(alphabet):
    rng = np.random.default_rng(0)
    return [generate_drawing(alphabet, index, rng, (240, 240)) for index in range(len(alphabet)) for _ in range(3)]


def test_devices_are_listed_best_first_with_the_cpu_last_without_needing_jax_or_torch():
    assert "tensorflow" in installed_backends()
    devices = list_devices(probe=lambda backend: ["NVIDIA Test GPU"] if backend == "tensorflow" else [])
    assert devices[0] == ComputeDevice("tensorflow", "GPU", "NVIDIA Test GPU")
    assert devices[-1].kind == "CPU" and devices[-1].label.startswith("CPU (")
    assert list_devices(probe=lambda backend: [])[0].kind == "CPU"
    if importlib.util.find_spec("torch") is None:
        assert probe_gpus("torch") == [], "a missing framework is no GPU, not an error"


FAKE_TORCH = """
import types
cuda = types.SimpleNamespace(device_count=lambda: {cuda}, get_device_name=lambda i: "NVIDIA Fake " + str(i))
backends = types.SimpleNamespace(mps=types.SimpleNamespace(is_available=lambda: {mps}))
"""


@pytest.mark.parametrize(("cuda", "mps", "expected"), [
    (0, True, ["Apple GPU (Metal)"]),  # a Mac with Apple silicon: Keras's torch backend trains on Metal
    (2, True, ["NVIDIA Fake 0", "NVIDIA Fake 1"]),  # CUDA first, as Keras chooses
    (0, False, []),
])
def test_the_torch_probe_finds_cuda_and_apple_gpus(tmp_path, monkeypatch, cuda, mps, expected):
    (tmp_path / "torch").mkdir()
    (tmp_path / "torch" / "__init__.py").write_text(FAKE_TORCH.format(cuda=cuda, mps=mps))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the probe's child process imports this torch
    assert probe_gpus("torch") == expected


def test_a_retrain_in_a_child_process_streams_progress_and_writes_a_model_the_app_loads(samples, base_model):
    versions = ModelVersions()
    out = versions.new_candidate_path("run")
    job = RetrainJob(RetrainRequest(samples, base_model, TINY, out, backend="tensorflow"))
    job.start()
    messages = []
    while job.final is None:
        messages += job.poll(timeout=1.0)
    started, *progress, final = messages
    assert isinstance(started, Started) and started.backend == "tensorflow" and started.device == "CPU"
    assert all(isinstance(m, TrainingProgress) for m in progress) and progress[-1].phase == "finished"
    assert [m.epoch for m in progress if m.epoch_end] == [1, 2]
    assert isinstance(final, Finished) and final.model_path == out and out.is_file()
    assert final.report.metadata["epochs_run"] == 2 and final.report.generated is not None
    accepted = versions.add_file(out, activate=True)
    assert Recognizer.load(versions.active().path).metadata["version"] == accepted.id


def test_cancel_stops_the_child_and_writes_nothing(samples, base_model, tmp_path):
    out = tmp_path / "never.keras"
    config = RetrainConfig(epochs=50, images_per_rune=8, batch_size=16, evaluation_per_rune=1, generated_pool=64)
    job = RetrainJob(RetrainRequest(samples, base_model, config, out))
    job.start()
    messages = []
    while not any(isinstance(m, TrainingProgress) and m.phase == "training" and m.batch for m in messages):
        messages += job.poll(timeout=1.0)
        assert job.final is None, job.final
    job.cancel()
    final = job.wait(timeout=60)
    assert isinstance(final, Cancelled) and final.report.cancelled
    assert not out.exists() and not job.running


def test_stop_when_the_app_closes_ends_the_child_even_before_it_can_see_the_cancel(samples, base_model, tmp_path):
    out = tmp_path / "never.keras"
    job = RetrainJob(RetrainRequest(samples, base_model, TINY, out))
    job.start()  # the child is still importing Keras, where it does not look at the cancel flag
    job.stop()
    assert not job.running and not out.exists()


def test_a_cpu_only_run_hides_gpus_from_every_framework_before_it_starts(samples, base_model, tmp_path):
    request = RetrainRequest(samples, base_model, TINY, tmp_path / "x.keras", backend="jax", cpu_only=True)
    assert child_environment(request) == {"KERAS_BACKEND": "jax", "CUDA_VISIBLE_DEVICES": "", "JAX_PLATFORMS": "cpu"}
    assert child_environment(RetrainRequest(samples, base_model, TINY, tmp_path / "x.keras")) == {}


def test_a_child_killed_from_outside_is_explained_with_what_to_try(samples, base_model, tmp_path):
    job = RetrainJob(RetrainRequest(samples, base_model, TINY, tmp_path / "x.keras"))
    job.start()
    os.kill(job._process.pid, signal.SIGKILL)  # what the out-of-memory killer does
    final = job.wait(timeout=60)
    assert isinstance(final, Failed) and "exit code -9" in final.message and "out of memory" in final.message
    assert "fewer epochs" in final.message


@pytest.mark.skipif(importlib.util.find_spec("jax") is not None, reason="needs a machine without JAX")
def test_a_backend_that_is_not_installed_is_a_message_not_a_crash(samples, base_model, tmp_path):
    job = RetrainJob(RetrainRequest(samples, base_model, TINY, tmp_path / "x.keras", backend="jax"))
    job.start()
    final = job.wait(timeout=60)
    assert isinstance(final, Failed) and "Training failed" in final.message and "jax" in final.details.lower()
    assert isinstance(job.poll(), list)
