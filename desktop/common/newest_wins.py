"""Newest request wins: one request runs at a time, and while it runs a newer request waits in place of
any older one waiting. Work never piles up, and what ends up shown answers the newest request.

Used by live recognition (drawings for the recognition process) and the retrain dialog's plan.
"""

from __future__ import annotations

from typing import Generic, TypeVar

Request = TypeVar("Request")


class NewestWins(Generic[Request]):
    def __init__(self) -> None:
        self.running: Request | None = None
        self.waiting: Request | None = None

    def ask(self, request: Request) -> None:
        """`request` waits for its turn, replacing an older one that waits."""
        self.waiting = request

    def next(self) -> Request | None:
        """The waiting request, now running; None while one runs already or none waits."""
        if self.running is not None or self.waiting is None:
            return None
        self.running, self.waiting = self.waiting, None
        return self.running

    def done(self) -> Request | None:
        """The running request has its answer (or ended): returns it; the next may run."""
        request, self.running = self.running, None
        return request

    def drop_waiting(self) -> None:
        self.waiting = None
