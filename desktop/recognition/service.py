"""The recognition process's own loop: a request in, a plain-data answer out.

Kept apart from `recognition_process` (the window's side, a Qt object): the process imports this module
to run `serve`, and so never imports Qt; with the NumPy forward pass it imports NumPy, h5py and the model
code, and is ready in a fraction of a second.
"""

from __future__ import annotations

from typing import Any

from desktop.recognition.jobs import LoadFailed, RecognitionOutcome, load_model, load_recognizer, recognize_drawing


def serve(connection: Any) -> None:
    """The child's loop: a request in, a plain-data answer out, until "stop" or the pipe closes."""
    # The model code (NumPy, h5py) is imported before the first request: the process is started while the
    # window is being built, and the model is then read moments after the window asks for it.
    import model.recognizer  # noqa: F401

    recognizer = None
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request[0] == "stop":
            return
        if request[0] == "load":
            try:
                recognizer, info = load_model(load_recognizer, request[1])
                connection.send(("loaded", info))
            except LoadFailed as failure:  # the previous recognizer stays
                connection.send(("failed", str(failure)))
        elif request[0] == "recognize":
            _, job_id, drawing, as_word = request
            if recognizer is None:
                connection.send(("recognized", RecognitionOutcome(job_id, None, "No model is loaded.", 0.0)))
            else:
                connection.send(("recognized", recognize_drawing(recognizer, job_id, drawing, as_word)))
