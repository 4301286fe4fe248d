"""The registry of target measurements: :class:`Measurement`, ``@measures(kind)`` and ``measure()``.

Pure code that imports no model, so that both the ``Target`` model and :mod:`plans.targets` (which
registers one function per kind) depend on it one way. ``PlansConfig.ready()`` imports
:mod:`plans.targets`, which fills the registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass
class Measurement:
    value: float | None
    display: str
    on_track: bool | None
    measurable: bool = True
    detail: str = ""

    def percent_of_goal(self, goal) -> float | None:
        if self.value is None or not goal:
            return None
        return round(float(self.value) / float(goal) * 100, 1)


# (target, as_of) -> Measurement; the target is a plans.models.Target.
Measurer = Callable[..., Measurement]
_registry: dict[str, Measurer] = {}


def measures(kind: str):
    def decorator(fn: Measurer) -> Measurer:
        _registry[kind] = fn
        return fn

    return decorator


def measure(target, as_of: datetime.date | None = None) -> Measurement:
    as_of = as_of or timezone.localdate()
    fn = _registry.get(target.kind)
    if fn is None:
        return not_measurable(_("No measurement is defined for this kind."))
    return fn(target, as_of)


def not_measurable(why: str | None = None) -> Measurement:
    return Measurement(None, _("not measurable yet"), None, measurable=False, detail=why or "")


def kinds() -> list[str]:
    return sorted(_registry)
