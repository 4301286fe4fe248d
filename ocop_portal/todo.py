"""“Việc cần làm”: what the signed-in person must do next, in order of deadline.

Apps register a provider ``(user, today) -> iterable of Todo`` (as they register dashboard cards and
menus); the items are derived from the records on every request, never stored. Each provider runs a
fixed number of queries whatever the number of rows (the dashboard asserts a constant query count).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

_providers: list[Callable] = []

LIMIT = 12  # shown on the dashboard; the rest is counted and reachable through the lists


@dataclass(frozen=True)
class Todo:
    text: str  # what to do, as an imperative: "Chấm điểm: Bánh tráng Phú Chiêm"
    url: str
    deadline: datetime.date | None = None
    kind: str = ""  # a short label: "Hồ sơ", "Phiếu chấm", "Nhiệm vụ"
    detail: str = ""  # one line of context: the batch, the round, the call
    today: datetime.date | None = None

    @property
    def days_left(self) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (self.today or timezone.localdate())).days

    @property
    def days_late(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def urgency(self) -> str:
        """A Bootstrap colour: late, within a week, later, no deadline."""
        days = self.days_left
        if days is None:
            return "secondary"
        if days < 0:
            return "danger"
        return "warning" if days <= 7 else "success"


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def _key(item: Todo):
    return (item.deadline is None, item.deadline or datetime.date.max, item.kind, item.text)


def items_for(user, *, today: datetime.date | None = None) -> list[Todo]:
    """Every to-do item of ``user``, the nearest deadline first, items without a deadline last."""
    today = today or timezone.localdate()
    items: list[Todo] = []
    for provider in _providers:
        for item in provider(user, today) or ():
            items.append(item if item.today else Todo(**{**item.__dict__, "today": today}))
    return sorted(items, key=_key)
