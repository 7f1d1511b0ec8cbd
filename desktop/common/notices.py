"""How a part tells the person something without knowing the window: a passing line in the status bar,
or a message in the banner above everything (which stays until it is closed or replaced)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QStatusBar


class Banner(Protocol):
    """What `widgets.message_banner.MessageBanner` offers (a Protocol: common/ imports no widget)."""

    kind: str

    @property
    def text(self) -> str: ...

    def isHidden(self) -> bool: ...  # noqa: N802  (Qt's name)

    def show_message(self, text: str, kind: str = "error",
                     action: tuple[str, Callable[[], None]] | None = None) -> None: ...


class Notices:
    def __init__(self, status_bar: QStatusBar, banner: Banner) -> None:
        self._status_bar = status_bar
        self._banner = banner

    def status(self, text: str, milliseconds: int) -> None:
        """A line in the status bar, gone after `milliseconds`."""
        self._status_bar.showMessage(text, milliseconds)

    def banner(self, text: str, kind: str = "error", action: tuple[str, Callable[[], None]] | None = None) -> None:
        """A message in the banner, in place of the one there; `action` (label, what to do) adds a button."""
        self._banner.show_message(text, kind, action)

    def add_to_banner(self, text: str, kind: str = "info") -> None:
        """`text` under what the banner shows already (kept, with its kind), or alone."""
        banner = self._banner
        earlier = banner.text if not banner.isHidden() else ""
        banner.show_message("\n".join(filter(None, [earlier, text])), banner.kind if earlier else kind)
