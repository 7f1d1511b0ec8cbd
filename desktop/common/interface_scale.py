"""How large the whole window is drawn: 100 % to 200 %, for a projector or a high-resolution screen.

Qt scales everything (text, bars, feature maps, spacing) by `QT_SCALE_FACTOR`, read once when the
application object is made; so a new size takes effect at the next start, and View ▸ Size of everything
offers to restart. A `QT_SCALE_FACTOR` the person set themselves wins over the setting.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping

from desktop.common.settings import open_settings, read_float

SCALES = (1.0, 1.25, 1.5, 2.0)
SETTING = "view/interface_scale"
ENVIRONMENT = "QT_SCALE_FACTOR"
_SET_BY_US = "RUNESIGHT_SCALE_SET"  # marks a factor this module put there, so a restart may change it


def saved_scale() -> float:
    """The size chosen in View ▸ Size of everything (1.0 when none, or unreadable)."""
    return read_float(open_settings(), SETTING, 1.0, SCALES[0], SCALES[-1])


def save_scale(scale: float) -> None:
    settings = open_settings()
    settings.setValue(SETTING, float(scale))
    settings.sync()


def apply_saved_scale(environment: MutableMapping[str, str] = os.environ) -> float | None:
    """Before the application object exists: put the saved size where Qt reads it. Returns the factor
    set, or None where the person's own QT_SCALE_FACTOR (or the default size) leaves it alone."""
    if not can_change_scale(environment):
        return None
    scale = saved_scale()
    if scale == 1.0:
        environment.pop(ENVIRONMENT, None)
        environment.pop(_SET_BY_US, None)
        return None
    environment[ENVIRONMENT] = f"{scale:g}"
    environment[_SET_BY_US] = "1"
    return scale


def scale_in_use() -> float:
    """The factor this run was started with (1.0 without one)."""
    try:
        return float(os.environ.get(ENVIRONMENT, "1"))
    except ValueError:
        return 1.0


def can_change_scale(environment: Mapping[str, str] = os.environ) -> bool:
    """False where the person set QT_SCALE_FACTOR themselves: the menu would change nothing."""
    return ENVIRONMENT not in environment or _SET_BY_US in environment


def as_percent(scale: float) -> str:
    return f"{round(scale * 100)} %"


def restart_command() -> list[str]:
    """This program again: the bundle's executable, or `python -m desktop`, with the same arguments."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, "-m", "desktop", *sys.argv[1:]]
