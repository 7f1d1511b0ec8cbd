"""A full or read-only disk: the drawings already kept can still be seen and exported, and the message says why
nothing can be saved. bench/full_and_read_only_disk.py does this on real full and read-only file systems."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_on_a_full_or_read_only_disk_the_drawings_can_still_be_seen_and_exported(
        qtbot, make_window, runesight_home, tmp_path, monkeypatch, alphabet, disk):
    from model import drawing_store
    from model.drawing_store import DrawingStore
    from model.generator import generate_drawing

    source = DrawingStore(tmp_path / "drawings.sqlite3")
    rng = np.random.default_rng(0)
    source.add_many((generate_drawing(alphabet, i, rng), "collected", None) for i in (0, 1, 1))
    for name in ("drawings.sqlite3", "drawings.sqlite3-wal"):  # as a killed Runesight leaves them
        shutil.copy(tmp_path / name, runesight_home / name)
    source.close()
    if disk == "full":
        monkeypatch.setattr(drawing_store, "DISK_FULL_BELOW", 1 << 62)  # no disk has that much room
        why = f"the disk holding the drawing database is full: {runesight_home / 'drawings.sqlite3'}"
    else:
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: not (
            mode & os.W_OK and os.path.samefile(path, runesight_home)) and real_access(path, mode, **kwargs))
        why = f"the folder holding the drawing database is read-only: {runesight_home}"
    window = make_window()
    assert f"Your drawings can be viewed and exported, but nothing can be saved: {why}." in window.banner.text
    window.dataset.action.trigger()
    browser = window.dataset.browser
    qtbot.waitExposed(browser)
    assert len(browser.item_ids()) == 3
    window.dataset.export_to(tmp_path / "saved.ndjson")
    qtbot.waitUntil(lambda: window.dataset.task is None)
    assert "Exported 3 drawings" in browser.report_text
    assert len((tmp_path / "saved.ndjson").read_text().splitlines()) == 3
    qtbot.mouseClick(browser.thumbnails.viewport(), Qt.MouseButton.LeftButton,
                     pos=browser.thumbnails.visualItemRect(browser.thumbnails.item(0)).center())
    QTest.keyClick(browser.thumbnails, Qt.Key.Key_Delete)
    assert len(browser.item_ids()) == 3 and f"nothing can be saved: {why}" in browser.report_text
