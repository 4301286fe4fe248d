"""Declarative workflows: states and allowed transitions, declared once per process.

A workflow is a table. Services call :meth:`Workflow.check` before changing a row's
state and record the move in the model's own transition log; views ask
:meth:`Workflow.available` to show only the buttons that would succeed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class TransitionRefused(Exception):
    """A transition that the workflow (or a business rule) does not allow."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    needs_reason: bool = False
    roles: tuple[str, ...] = ()  # empty: any role allowed by the service


@dataclass
class Workflow:
    name: str
    states: dict[str, str]  # code -> label (lazy)
    transitions: list[Transition] = field(default_factory=list)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        for t in self.transitions:
            unknown = set(t.sources + (t.target,)) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.name}: unknown states {unknown}")

    @property
    def choices(self):
        return list(self.states.items())

    def get(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise TransitionRefused(_("Unknown action “%(name)s”.") % {"name": name}) from None

    def available(self, state: str, role: str | None = None) -> list[Transition]:
        return [
            t
            for t in self.transitions
            if state in t.sources and (not t.roles or role is None or role in t.roles)
        ]

    def check(self, state: str, name: str, *, role: str | None = None, reason: str = "") -> Transition:
        t = self.get(name)
        if state not in t.sources:
            raise TransitionRefused(
                _("“%(action)s” is not possible while the state is “%(state)s”.")
                % {"action": t.label, "state": self.states.get(state, state)}
            )
        if t.roles and role is not None and role not in t.roles:
            raise TransitionRefused(_("Your role may not perform “%(action)s”.") % {"action": t.label})
        if t.needs_reason and not reason.strip():
            raise TransitionRefused(_("“%(action)s” needs a reason.") % {"action": t.label})
        return t
