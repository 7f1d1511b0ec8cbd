"""The Model menu: versions listed, switching, deleting, roll back, reset, and the choice kept across restarts."""

from __future__ import annotations

import shutil
import zipfile

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

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
    menu = window.models.menu
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
    assert window.versions.active().id == first.id and window.active_model.running == first.id


def test_commands_that_would_change_nothing_are_greyed_out_and_say_why(qtbot, window, tmp_path):
    menu = open_model_menu(qtbot, window)
    rollback, reset = titled("Roll back")(menu.actions()), titled("Reset to shipped model")(menu.actions())
    assert not rollback.isEnabled() and "Nothing to roll back to" in rollback.toolTip()
    assert not reset.isEnabled() and "in use already" in reset.toolTip()
    menu.close()
    loading = []
    window.live.model_loading.connect(loading.append)
    choose_in_menu(qtbot, window, version_action("shipped"))  # the checked entry
    assert loading == [] and "in use already" in window.statusBar().currentMessage()
    version = add_version(window, tmp_path, "a")
    window.models.switch_to(version.id)
    wait_for_model(qtbot, window, version.path)
    menu = open_model_menu(qtbot, window)
    rollback, reset = titled("Roll back")(menu.actions()), titled("Reset to shipped model")(menu.actions())
    assert rollback.isEnabled() and rollback.toolTip() == "Use the shipped model, the model active before this one"
    assert reset.isEnabled()
    menu.close()


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
    window.active_model.load_file(copy)
    wait_for_model(qtbot, window, copy)
    assert window.model_label.text() == "Model: other.keras (this session only)"
    assert window.versions.active().is_shipped and window.active_model.running is None


def test_an_active_version_that_no_longer_loads_falls_back_to_the_shipped_model_at_start(qtbot, make_window,
                                                                                          tmp_path):
    from model.model_versions import ModelVersions

    window = make_window()
    version = add_version(window, tmp_path, "a")
    window.close()
    ModelVersions().activate(version.id)
    with zipfile.ZipFile(version.path, "w") as archive:  # whole as a file (so not set aside), but no model
        archive.writestr("config.json", "{")
    again = make_window(wait_for_model=False)
    wait_for_model(qtbot, again, SHIPPED_MODEL_PATH)
    assert "Using the shipped model instead" in again.banner.text and str(version.path) in again.banner.text
    assert "tried again at the next start: Model ▸ Reset to shipped model keeps the shipped one" in again.banner.text
    menu = open_model_menu(qtbot, again)
    assert titled("Reset to shipped model")(menu.actions()).isEnabled(), "the way back from the broken choice"
    menu.close()
    assert again.banner.kind == "info", "once a model works, the error is a note, not an alarm"
    assert again.predictions.best_guess.name.text() == "Draw a rune", "no stale 'No model is loaded'"
    assert "No model is loaded" not in again.predictions.best_guess.verdict.text() + again.banner.text


def test_an_empty_version_is_set_aside_at_start_and_left_out_of_the_menu(qtbot, make_window, tmp_path):
    from model.model_versions import ModelVersions

    window = make_window()
    version = add_version(window, tmp_path, "a")
    window.close()
    ModelVersions().activate(version.id)
    version.path.write_bytes(b"")  # as a power cut left it before writes were synced
    store = window.drawings.store.path
    store.write_bytes(store.read_bytes()[:100] + bytes(8))  # and the drawing database cut short too
    again = make_window()
    assert again.model.path == SHIPPED_MODEL_PATH
    assert "The active model, version 1, could not be read (its file was empty, and is kept as" in again.banner.text
    assert f"The drawing database {store} could not be opened" in again.banner.text, "both are told"
    menu = open_model_menu(qtbot, again)
    assert [action.data() for action in again.models.version_actions()] == ["shipped"]
    menu.close()
    assert list(version.path.parent.glob(f"{version.path.name}.unreadable-*")), "kept, not deleted"


def test_a_models_folder_that_is_a_file_is_named_plainly(qtbot, make_window, runesight_home):
    (runesight_home / "models").write_text("a file where the folder goes")
    window = make_window()
    assert f"Retrained models cannot be kept: {runesight_home / 'models'} is a file, not a folder" in window.banner.text
    assert "Errno" not in window.banner.text


def open_model_menu(qtbot, window):
    menu = window.models.menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible)
    return menu


def delete_in_menu(qtbot, window, monkeypatch, version_id, answer):
    """Model ▸ Delete a version ▸ the version, with the mouse; the confirmation answers `answer`. Returns its text."""
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    menu = open_model_menu(qtbot, window)
    submenu = window.models.delete_menu
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(submenu.menuAction()).center())
    qtbot.waitUntil(submenu.isVisible)
    action = version_action(version_id)(submenu.actions())
    qtbot.mouseClick(submenu, Qt.MouseButton.LeftButton, pos=submenu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible() and not submenu.isVisible())
    assert len(asked) == 1
    return asked[0]


def test_delete_lists_only_versions_that_are_not_shipped_active_or_in_use(qtbot, window, tmp_path):
    menu = open_model_menu(qtbot, window)
    entry = window.models.delete_menu.menuAction()
    assert entry in menu.actions() and not entry.isEnabled() and "Nothing to delete" in entry.toolTip()
    menu.close()
    first, second, third = (add_version(window, tmp_path, name) for name in "abc")
    window.models.switch_to(second.id)
    wait_for_model(qtbot, window, second.path)
    open_model_menu(qtbot, window).close()
    assert window.models.delete_menu.menuAction().isEnabled()
    assert [a.data() for a in window.models.delete_menu.actions()] == [first.id, third.id]
    assert [a.text() for a in window.models.delete_menu.actions()] == [first.title, third.title]


def test_deleting_a_version_asks_then_removes_its_file_and_keeps_the_active_model(qtbot, window, tmp_path,
                                                                                  monkeypatch):
    first, second = add_version(window, tmp_path, "a"), add_version(window, tmp_path, "b")
    window.models.switch_to(second.id)
    wait_for_model(qtbot, window, second.path)

    text = delete_in_menu(qtbot, window, monkeypatch, first.id, QMessageBox.StandardButton.Cancel)
    assert first.title in text and str(first.path) in text and "will be deleted" in text
    assert first.path.is_file() and [v.id for v in window.versions.versions()][1:] == [first.id, second.id]

    delete_in_menu(qtbot, window, monkeypatch, first.id, QMessageBox.StandardButton.Yes)
    assert not first.path.exists() and not metadata_path(first.path).exists()
    assert [v.id for v in window.versions.versions()][1:] == [second.id]
    assert window.versions.active().id == second.id and window.active_model.running == second.id
    assert window.model.path == second.path and window.model_label.text() == "Model: version 2"
    assert f"Deleted {first.title}" in window.statusBar().currentMessage() and not window.banner.isVisible()
    open_model_menu(qtbot, window).close()
    assert [a.data() for a in window.models.version_actions()] == ["shipped", second.id]
    assert window.models.delete_menu.actions() == [] and not window.models.delete_menu.menuAction().isEnabled()


def test_rollback_after_deleting_an_older_version_skips_it(qtbot, window, tmp_path, monkeypatch):
    first, second = add_version(window, tmp_path, "a"), add_version(window, tmp_path, "b")
    for version in (first, second):
        window.models.switch_to(version.id)
        wait_for_model(qtbot, window, version.path)
    delete_in_menu(qtbot, window, monkeypatch, first.id, QMessageBox.StandardButton.Yes)
    loading = []
    window.live.model_loading.connect(loading.append)
    choose_in_menu(qtbot, window, titled("Roll back"))
    wait_for_model(qtbot, window, SHIPPED_MODEL_PATH)
    assert loading == [None], "the shipped model, never the deleted file"
    assert window.versions.active().is_shipped and not window.banner.isVisible()


def test_a_version_that_cannot_be_deleted_shows_why_and_changes_nothing(qtbot, window, tmp_path, monkeypatch,
                                                                        undeletable):
    version = add_version(window, tmp_path, "a")
    undeletable(version.path)
    delete_in_menu(qtbot, window, monkeypatch, version.id, QMessageBox.StandardButton.Yes)
    assert window.banner.isVisible() and f"Cannot delete {version.title}" in window.banner.text
    assert "Permission denied" in window.banner.text
    assert version.path.is_file() and metadata_path(version.path).is_file()
    assert [v.id for v in window.versions.versions()][1:] == [version.id] and window.versions.active().is_shipped


def test_no_two_entries_of_a_menu_share_a_keyboard_letter(qtbot, window, tmp_path):
    add_version(window, tmp_path, "a")
    for title, menu in window.menus.items():
        menu.popup(window.mapToGlobal(QPoint(20, 20)))  # the Model menu fills itself as it opens
        qtbot.waitUntil(menu.isVisible)
        texts = [a.text() for a in menu.actions() if "&" in a.text().replace("&&", "")]
        menu.hide()
        letters = [text.replace("&&", "")[text.replace("&&", "").index("&") + 1].lower() for text in texts]
        assert len(letters) == len(set(letters)), f"{title}: {texts}"


def test_the_red_strip_stops_naming_a_previous_model_once_another_is_in_use(qtbot, window, tmp_path, monkeypatch):
    first = add_version(window, tmp_path, "a")
    choose_in_menu(qtbot, window, version_action(first.id))
    wait_for_model(qtbot, window, first.path)
    broken = tmp_path / "broken.keras"
    broken.write_text("not a model")
    window.active_model.load_file(broken)  # Model ▸ Load model file…, a file that is no model
    qtbot.waitUntil(window.banner.isVisible, timeout=LOAD_TIMEOUT_MS)
    assert "Still using the previous model, version 1." in window.banner.text and window.banner.kind == "error"

    choose_in_menu(qtbot, window, version_action("shipped"))  # a later load that works
    wait_for_model(qtbot, window, SHIPPED_MODEL_PATH)
    assert "Still using" not in window.banner.text and "version 1" not in window.banner.text
    assert "Using the shipped model now." in window.banner.text and window.banner.kind == "info"
    assert str(broken) in window.banner.text  # what failed is still said

    delete_in_menu(qtbot, window, monkeypatch, first.id, QMessageBox.StandardButton.Yes)
    assert "version 1" not in window.banner.text
