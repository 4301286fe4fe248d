"""Declarative workflows: states and allowed transitions, declared once per process.

A workflow is a table. Services call :meth:`Workflow.check` before changing a row's
state and record the move with :meth:`TransitionLog.record` in the model's own transition log
(every log shares the :class:`TransitionLog` fields); views ask :meth:`Workflow.available` to
show only the buttons that would succeed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
    # The processes (apps) whose services alone take this move, because it follows a record of theirs
    # (a product's "dossier submitted" follows its dossier): never offered as a button, refused by
    # :meth:`Workflow.check` unless the caller says it acts ``via`` one of them. Empty: taken by hand.
    taken_by: tuple[str, ...] = ()


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
        """The moves a person may take by hand from ``state`` (never those another process takes)."""
        return [
            t
            for t in self.transitions
            if state in t.sources and not t.taken_by and (not t.roles or role is None or role in t.roles)
        ]

    def check(
        self, state: str, name: str, *, role: str | None = None, reason: str = "", via: str | None = None
    ) -> Transition:
        t = self.get(name)
        if t.taken_by and via not in t.taken_by:
            raise TransitionRefused(
                _(
                    "“%(action)s” follows its own record (the dossier, the round or the certificate): it is never taken by hand."
                )
                % {"action": t.label}
            )
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


class TransitionLog(models.Model):
    """One recorded move of a row through its workflow: what, from which state to which, who, when, why.

    Concrete logs add the link to their subject and name it in ``subject_field`` (a foreign key), or
    override :meth:`subject_kwargs` (a generic relation). ``workflow`` gives the state labels.
    """

    subject_field: ClassVar[str] = ""
    workflow: ClassVar[Workflow | None] = None

    name = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = gettext_lazy("transition")

    def __str__(self):
        return f"{self.name}: {self.from_state} → {self.to_state}"

    @classmethod
    def subject_kwargs(cls, subject) -> dict:
        return {cls.subject_field: subject}

    @classmethod
    def record(
        cls, subject, name: str, from_state: str, to_state: str, *, by=None, reason: str = "", at=None
    ):
        """Write one entry; an anonymous or missing user is recorded as nobody (a system move)."""
        return cls.objects.create(
            **cls.subject_kwargs(subject),
            name=name,
            from_state=from_state or "",
            to_state=to_state,
            by=by if getattr(by, "is_authenticated", False) else None,
            reason=reason or "",
            at=at or timezone.now(),
        )

    def _label(self, state: str) -> str:
        return self.workflow.states.get(state, state) if self.workflow else state

    @classmethod
    def known_workflows(cls) -> tuple[Workflow, ...]:
        """The workflows whose moves this log records (a generic log may serve several)."""
        return (cls.workflow,) if cls.workflow else ()

    @property
    def label(self) -> str:
        """What happened, as people read it: the transition's label ("Mark as done"), never its code
        ("complete"); a move no workflow declares reads as the state it reached."""
        for workflow in self.known_workflows():
            transition = workflow._by_name.get(self.name)
            if transition is not None:
                return transition.label
        for workflow in self.known_workflows():
            if self.to_state in workflow.states:
                return workflow.states[self.to_state]
        return self.name

    @property
    def to_label(self) -> str:
        """The label of the state reached (the code when the workflow does not know it)."""
        return self._label(self.to_state)

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)
