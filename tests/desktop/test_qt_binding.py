"""The pinned Qt binding must not leak references to None or True.

PySide6 6.12.0 takes a reference away from None on every void call and from True on every
Signal.emit(); on Python 3.11 (where those objects are not immortal) the interpreter aborts within
minutes of drawing. pyproject.toml pins 6.11.3, which does not; this guards any future upgrade.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_none_and_true_alive():
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    # A little drift from unrelated objects is normal; the bug loses one reference per call.
    assert none_before - sys.getrefcount(None) < 50
    assert true_before - sys.getrefcount(True) < 50
