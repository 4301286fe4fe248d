"""Submission batches of a call: the one place their number, deadline and quota are written, and
who owns them.

A batch's deadline is stored once, on the batch. A higher app may *own* a batch: a published plan's
dossier-batch milestone (plans) is bound to the batch of the province's call of its year and shows
the batch's date as its own. An owned batch is edited only through its owner (the plan's milestones,
with an amendment); the back office shows it read-only and points there. Owners register a lookup
here, so this app imports nothing above it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused

from .models import DossierCall, SubmissionBatch


@dataclass(frozen=True)
class Owner:
    """The record a batch's dates come from, as shown next to the batch."""

    label: str
    url: str


# Each source: (batch ids) -> {batch id: Owner}.
_sources: list[Callable[[list[int]], dict[int, Owner]]] = []


def register_owner(source: Callable[[list[int]], dict[int, Owner]]) -> None:
    if source not in _sources:
        _sources.append(source)


def owners_of(batches: Iterable[SubmissionBatch]) -> dict[int, Owner]:
    """{batch pk: Owner} for the owned batches among ``batches`` (one query per source)."""
    ids = [b.pk for b in batches if b.pk]
    found: dict[int, Owner] = {}
    if not ids:
        return found
    for source in _sources:
        for pk, owner in source(ids).items():
            found.setdefault(pk, owner)
    return found


def owner_of(batch: SubmissionBatch) -> Owner | None:
    return owners_of([batch]).get(batch.pk)


@transaction.atomic
def save_batch(
    call: DossierCall,
    *,
    number: int,
    deadline: datetime.date,
    quota_percent: int,
    batch: SubmissionBatch | None = None,
    note: str | None = None,
) -> tuple[SubmissionBatch, list[dict]]:
    """Create the call's batch ``number``, or change ``batch`` (or the call's batch of that number).

    Returns the batch and the changes made (``[{"field", "old", "new"}]``, empty when nothing changed).
    """
    if batch is None:
        batch = SubmissionBatch.objects.filter(call=call, number=number).first()
    changes: list[dict] = []
    if batch is None:
        batch = SubmissionBatch(call=call, number=number, deadline=deadline, quota_percent=quota_percent)
        if note is not None:
            batch.note = note[:255]
        changes.append({"field": "batch", "old": None, "new": number})
    else:
        wanted = {"number": number, "deadline": deadline, "quota_percent": quota_percent}
        if note is not None:
            wanted["note"] = note[:255]
        for field, value in wanted.items():
            old = getattr(batch, field)
            if old != value:
                changes.append({"field": field, "old": old, "new": value})
                setattr(batch, field, value)
        if not changes:
            return batch, changes
    batch.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:
        raise TransitionRefused(
            _("The call already has a batch %(n)s.") % {"n": number}
            if SubmissionBatch.objects.filter(call=call, number=number).exclude(pk=batch.pk).exists()
            else _("The batch could not be saved: its quota must be at most 100 %.")
        ) from None
    return batch, changes
