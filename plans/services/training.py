"""Training sessions and their attendees."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from ..models import TrainingAttendance, TrainingSession
from .common import PROVINCIAL, _require_edit, _role, _user


@transaction.atomic
def save_training_session(session: TrainingSession, *, by) -> TrainingSession:
    role = _role(by)
    if role not in (*PROVINCIAL, Role.DISTRICT):
        raise TransitionRefused(_("You may not record training sessions."))
    if role == Role.DISTRICT and not session.unit.path.startswith(by.unit.path):
        raise TransitionRefused(_("You may only record sessions of your own district."))
    if not session.pk:
        session.created_by = _user(by)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def add_attendees(session: TrainingSession, *, by, users: Iterable = (), producers: Iterable = ()) -> int:
    _require_edit(by, session)
    present_users = set(session.attendances.filter(user__isnull=False).values_list("user_id", flat=True))
    present_producers = set(
        session.attendances.filter(producer__isnull=False).values_list("producer_id", flat=True)
    )
    rows = [
        TrainingAttendance(session=session, user=u, unit=u.unit) for u in users if u.pk not in present_users
    ]
    rows += [
        TrainingAttendance(session=session, producer=p, unit=p.commune)
        for p in producers
        if p.pk not in present_producers
    ]
    TrainingAttendance.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def remove_attendance(attendance: TrainingAttendance, *, by) -> None:
    _require_edit(by, attendance.session)
    attendance.delete()
