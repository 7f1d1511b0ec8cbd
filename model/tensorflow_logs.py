"""TensorFlow's start-up lines kept out of a person's terminal, decided in one place.

Importing TensorFlow prints lines about CUDA stubs and drivers, oneDNN and the CPU's instructions that say
nothing is wrong (no GPU, on most machines). TF_CPP_MIN_LOG_LEVEL hides those printed once its logging is set
up, if set before TensorFlow is imported; a few come before that, whatever it says, so Keras (which imports
TensorFlow, its default backend) is imported with the process's stderr set aside, and what it printed is shown
after all when the import fails. Every entry point that loads Keras (the app's recognition process, the
training process, the X or O lesson's network, train.py) calls `import_keras_quietly` first.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

QUIET_LEVEL = "3"  # errors too: a real failure reaches Python as an exception, with its own message


@contextmanager
def _stderr_set_aside() -> Iterator[None]:
    """File descriptor 2 goes to a temporary file (C++ code writes there, not to sys.stderr); on an exception
    what was written is passed on."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no stderr at all (a windowed app): nothing to set aside
        yield
        return
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            caught.seek(0)
            os.write(2, caught.read())
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def import_keras_quietly() -> ModuleType:
    """Keras, imported (with its backend) without TensorFlow's start-up lines."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", QUIET_LEVEL)
    if "keras" in sys.modules:
        return sys.modules["keras"]
    with _stderr_set_aside():  # Keras imports its backend, TensorFlow by default
        import keras
    return keras
