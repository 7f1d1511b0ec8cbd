"""Which devices could train the network, found cheaply and without importing a framework.

TensorFlow sees NVIDIA GPUs on Linux only; JAX and PyTorch, where installed with GPU support, see
them on more systems, and PyTorch also Apple-silicon GPUs (Metal). Keras 3 code trains on any of the
three and the `.keras` file it writes loads in the app on TensorFlow. Listing devices here only asks
(in a short-lived child process, so that a framework's start-up cost, memory and crashes stay out of
the app); training then sets `KERAS_BACKEND` in its own process before Keras is imported.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import asdict, dataclass

BACKENDS = ("tensorflow", "jax", "torch")


@dataclass(frozen=True)
class ComputeDevice:
    backend: str  # the Keras backend that would use it
    kind: str  # "GPU" or "CPU"
    name: str  # for people: "NVIDIA H100 80GB HBM3", "CPU (2 cores)"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.kind}, {self.backend})" if self.kind == "GPU" else f"{self.name} ({self.backend})"

    def to_json(self) -> dict:
        return asdict(self)


APPLE_GPU = "Apple GPU (Metal)"
# Each probe prints a JSON list of GPU names, or nothing; it runs in its own interpreter.
PROBES = {
    "tensorflow": "import os; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\n"
                  "import json, tensorflow as tf\n"
                  "gpus = tf.config.list_physical_devices('GPU')\n"
                  "print(json.dumps([tf.config.experimental.get_device_details(g).get('device_name', g.name) "
                  "for g in gpus]))",
    "jax": "import json, jax\n"
           "try:\n    gpus = jax.devices('gpu')\nexcept RuntimeError:\n    gpus = []\n"
           "print(json.dumps([d.device_kind for d in gpus]))",
    # Keras's torch backend trains on CUDA where there is one, else on Apple's Metal (MPS).
    "torch": "import json, torch\n"
             "names = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]\n"
             "mps = getattr(torch.backends, 'mps', None)\n"
             f"if not names and mps is not None and mps.is_available():\n    names = [{APPLE_GPU!r}]\n"
             "print(json.dumps(names))",
}


def installed_backends() -> list[str]:
    """Keras backends whose framework is installed (found without importing it)."""
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


def probe_gpus(backend: str, timeout: float = 60.0) -> list[str]:
    """GPU names one backend sees, asked in a child process; [] when none, or when asking fails."""
    try:
        result = subprocess.run([sys.executable, "-c", PROBES[backend]], capture_output=True, text=True,
                                timeout=timeout)
        names = json.loads(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else []
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return []
    return [str(name) for name in names] if isinstance(names, list) else []


def cpu_device(backend: str = "tensorflow") -> ComputeDevice:
    import os

    return ComputeDevice(backend, "CPU", f"CPU ({os.cpu_count() or 1} cores)")


def list_devices(probe=probe_gpus) -> list[ComputeDevice]:
    """Every GPU any installed backend sees (the best choice first), then the CPU.

    Takes a few seconds (each framework starts once in a child process): run it off the UI thread.
    """
    found, seen = [], set()
    backends = installed_backends()
    for backend in backends:
        for name in probe(backend):
            if name not in seen:  # one GPU, the first backend that sees it
                seen.add(name)
                found.append(ComputeDevice(backend, "GPU", name))
    return found + [cpu_device("tensorflow" if "tensorflow" in backends or not backends else backends[0])]


def best_device(devices: list[ComputeDevice] | None = None) -> ComputeDevice:
    return (devices if devices is not None else list_devices())[0]


def describe_current_device() -> str:
    """In a training process, once Keras is imported: what its backend is computing on."""
    import keras

    backend = keras.backend.backend()
    try:
        if backend == "tensorflow":
            gpus = keras.distribution.list_devices("gpu")
            return f"GPU: {gpus[0]}" if gpus else "CPU"
        if backend == "jax":
            import jax

            device = jax.devices()[0]
            return f"GPU: {device.device_kind}" if device.platform == "gpu" else "CPU"
        if backend == "torch":
            import torch

            if torch.cuda.is_available():
                return f"GPU: {torch.cuda.get_device_name(0)}"
            return f"GPU: {APPLE_GPU}" if torch.backends.mps.is_available() else "CPU"
    except Exception as error:  # a device query must never stop a training run
        return f"unknown ({error})"
    return "CPU"
