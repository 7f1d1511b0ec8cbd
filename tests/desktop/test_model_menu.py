"""The Model menu: versions listed, switching, roll back, reset, and the choice kept across restarts."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, Qt

from model.model_files import metadata_path
from model.resource_files import SHIPPED_MODEL_PATH

LOAD_TIMEOUT_MS = 60_000


def add_version(window, tmp_path, name: str):
    """A new version: a copy of the shipped model (and its metadata), moved in like an accepted retrain."""
    copy = tmp_path / f"{name}.keras"
    shutil.copy(SHIPPED_MODEL_PATH, copy)
    shutil.copy(metadata_path(SHIPPED_MODEL_PATH), metadata_path(copy))
    return window.versions.add_file(copy)


def choose_in_menu(qtbot, window, find):
    """Open the Model menu and click the action `find(actions)` picks, with the mouse."""
    menu = window.commands.model_menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible)
    action = find(menu.actions())
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def version_action(version_id):
    return lambda actions: next(a for a in actions if a.data() == version_id)


def titled(text):
    return lambda actions: next(a for a in actions if a.text().replace("&", "").startswith(text))


def wait_for_model(qtbot, window, path):
    qtbot.waitUntil(lambda: window.model is not None and window.model.path == path and not window.live.is_loading,
                    timeout=LOAD_TIMEOUT_MS)


def test_the_menu_lists_versions_and_switches_and_rolls_back(qtbot, window, tmp_path):
    first, second = add_version(window, tmp_path, "a"), add_version(window, tmp_path, "b")
    choose_in_menu(qtbot, window, version_action(first.id))
    wait_for_model(qtbot, window, first.path)
    choose_in_menu(qtbot, window, version_action(second.id))
    wait_for_model(qtbot, window, second.path)
    assert window.versions.active().id == second.id and window.model_label.text() == "Model: version 2"
    versions = window.models.version_actions()
    assert [a.text() for a in versions][0] == "Shipped model" and versions[2].text().startswith("Version 2")
    assert [a.isChecked() for a in versions] == [False, False, True]

    choose_in_menu(qtbot, window, titled("Roll back"))
    wait_for_model(qtbot, window, first.path)
    assert window.versions.active().id == first.id and window.models.running == first.id


def test_reset_to_the_shipped_model_is_kept(qtbot, window, tmp_path):
    version = add_version(window, tmp_path, "a")
    window.models.switch_to(version.id)
    wait_for_model(qtbot, window, version.path)
    choose_in_menu(qtbot, window, titled("Reset to shipped model"))
    wait_for_model(qtbot, window, SHIPPED_MODEL_PATH)
    assert window.versions.active().is_shipped and window.model_label.text() == "Model: shipped model"


def test_the_active_version_is_loaded_at_the_next_start(qtbot, make_window, tmp_path):
    window = make_window()
    version = add_version(window, tmp_path, "a")
    window.models.switch_to(version.id)
    wait_for_model(qtbot, window, version.path)
    window.close()
    again = make_window()
    assert again.model.path == version.path and again.model_label.text() == "Model: version 1"


def test_a_version_that_cannot_load_keeps_the_model_and_the_choice(qtbot, window, tmp_path):
    version = add_version(window, tmp_path, "a")
    version.path.write_text("not a model any more")
    shipped = window.model
    window.models.switch_to(version.id)
    qtbot.waitUntil(lambda: not window.live.is_loading, timeout=LOAD_TIMEOUT_MS)
    assert window.model is shipped and window.banner.isVisible() and str(version.path) in window.banner.text
    assert window.versions.active().is_shipped


def test_load_model_file_is_for_this_session_only(qtbot, window, tmp_path):
    copy = tmp_path / "other.keras"
    shutil.copy(SHIPPED_MODEL_PATH, copy)
    window.models.load_file(copy)
    wait_for_model(qtbot, window, copy)
    assert window.model_label.text() == "Model: other.keras (this session only)"
    assert window.versions.active().is_shipped and window.models.running is None


def test_an_active_version_that_no_longer_loads_falls_back_to_the_shipped_model_at_start(qtbot, make_window,
                                                                                          tmp_path):
    from model.model_versions import ModelVersions

    window = make_window()
    version = add_version(window, tmp_path, "a")
    window.close()
    ModelVersions().activate(version.id)
    version.path.write_bytes(b"broken")
    again = make_window(wait_for_model=False)
    wait_for_model(qtbot, again, SHIPPED_MODEL_PATH)
    assert "Using the shipped model instead" in again.banner.text and str(version.path) in again.banner.text
