"""The app's settings: one INI file in the user's data folder.

Keeping it in `data_dir()` (not the platform's registry or plist) means `RUNESIGHT_HOME` moves it too,
so tests and portable installs get their own settings without touching a person's real ones.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QWidget

from model.user_folders import data_dir

SETTINGS_FILE = "settings.ini"
TITLE_BAR = 40  # px the system's window frame takes above a window, roughly
WINDOW_FRAME = 16  # and at its sides together


def open_settings() -> QSettings:
    return QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def read_float(settings: QSettings, key: str, default: float, low: float, high: float) -> float:
    """A number from the settings, or the default when missing or garbled (INI files are hand-editable)."""
    try:
        value = float(settings.value(key, default))
    except (TypeError, ValueError):
        return default
    return min(high, max(low, value))


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):  # INI stores booleans as "true" / "false"
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def restore_geometry(settings: QSettings, key: str, widget: QWidget) -> bool:
    """Put a window back where and how large it was; a missing or garbled value leaves it as it is."""
    geometry = settings.value(key)
    # A hand-edited value reads back as text, not bytes; Qt itself rejects bytes that are no geometry.
    return isinstance(geometry, QByteArray) and widget.restoreGeometry(geometry)


def fit_on_screen(widget: QWidget) -> None:
    """A window no larger than its screen's free area, and on it: a dialog made for a laptop, opened on a
    projector at 150 % (683x512), had its buttons below the screen's edge."""
    screen = widget.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width = max(widget.minimumWidth(), min(widget.width(), room.width() - WINDOW_FRAME))
    height = max(widget.minimumHeight(), min(widget.height(), room.height() - TITLE_BAR))
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
    y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, room.left()), max(y, room.top()))


class RememberedGeometry(QObject):
    """Keeps a window's size and place in the settings under `key`: put back when it is first shown,
    saved whenever it is hidden (closed, Esc, or the app closing with it open). Either way it opens
    within its screen."""

    def __init__(self, widget: QWidget, key: str) -> None:
        super().__init__(widget)
        self.key = key
        self._restored = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and not self._restored:  # later shows keep this session's place
            self._restored = True
            restore_geometry(open_settings(), self.key, watched)
            fit_on_screen(watched)
        elif event.type() == QEvent.Type.Hide:
            open_settings().setValue(self.key, watched.saveGeometry())
        return False
