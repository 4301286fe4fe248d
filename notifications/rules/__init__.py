"""Which reminders are due on a given day, computed from data; one module per reminder kind and the
registry below. Reads only: nothing here writes (delivery: :mod:`notifications.delivery`).

Every reminder has a *moment* (a deadline: batch deadline, milestone, ``valid_until``, task due
date, end of scoring, the ISO week) and *lead times* (a ladder of 30/14/7/1 days, 6/3/1 months…,
or a single notice after the moment). Each kind declares them in one place, a
:class:`~notifications.rules.base.ReminderKind` at the bottom of its module: where its moments come
from, its lead times, its audience and its relevance check.

Catch-up window (after downtime): the reminder for lead time L is due from ``moment − L`` until
the day before the next shorter lead time's moment, or until the moment itself for the shortest
lead. A run inside that window sends it (once; "late" when the run day is after ``moment − L``);
a run after the window skips it: either a shorter-lead reminder has taken over, or the deadline has
passed. Relevance is re-checked on the run day (deadline passed, dossier already submitted, task
done, certificate renewed or revoked, sheet scored → no reminder).

The kinds, in the order a run sends them:

* :mod:`.dossier_batch` — each ``SubmissionBatch`` deadline, per district of the call: quota
  progress and the dossiers still to complete (a published plan's dossier-batch milestones are
  bound to these batches: one date, one reminder); plan milestones of kind ``dossier_batch`` not
  bound to a batch (no call yet) get the same reminder computed from the plan's product list;
* :mod:`.certificate_expiry` — 6/3/1 months before ``valid_until``, to the producer and the
  district officers (grouped per producer / district and date);
* :mod:`.certificate_expired` — after expiry, to DARD and the district: the product left the
  catalogue and is a re-rating candidate;
* :mod:`.task_due`, :mod:`.task_overdue` — before/at the due date to the lead (and cooperating)
  units, the day after to the lead unit's head and DARD;
* :mod:`.scoring` — council members with unscored products before ``Round.scoring_closes_on``;
* :mod:`.weekly_digest` — once per ISO week for DARD.

Shared building blocks (the reminder, recipients, the ladder, links, people by role and unit) are
in :mod:`.base`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from . import (
    certificate_expired,
    certificate_expiry,
    dossier_batch,
    scoring,
    task_due,
    task_overdue,
    weekly_digest,
)
from .base import Recipient, Reminder, ReminderKind, rung

__all__ = ["REGISTRY", "Recipient", "Reminder", "ReminderKind", "collect", "rung"]

REGISTRY: tuple[ReminderKind, ...] = (
    dossier_batch.BATCH_DEADLINES,
    dossier_batch.PLAN_MILESTONES,
    certificate_expiry.RULE,
    certificate_expired.RULE,
    task_due.RULE,
    task_overdue.RULE,
    scoring.RULE,
    weekly_digest.RULE,
)


def collect(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    """Every reminder due on ``today``, in a stable order (the registry's, then each kind's).

    ``dry_run``: what a dry run sees before the housekeeping step has run (certificates past their
    validity count as expired)."""
    for kind in REGISTRY:
        yield from kind.reminders(today, dry_run=dry_run)
