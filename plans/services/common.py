"""Helpers shared by the plans services: roles, the workflow log, JSON-safe values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused

from .. import signals
from ..models import WorkflowLog

PROVINCIAL = (Role.PROVINCE, Role.ADMIN)


def _role(user):
    return access.role_of(user) if user is not None else None


def _require_provincial(user):
    if user is not None and _role(user) not in PROVINCIAL:
        raise TransitionRefused(_("Only provincial DARD staff may do this."))


def log_for(obj):
    return WorkflowLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _plain(value):
    """JSON-safe form of a field value (dates as dd/mm/yyyy for people reading the history)."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def refresh_pdf(plan) -> None:
    """Once the change is committed, queue the plan's PDF to be laid out ahead of its download
    (:mod:`plans.pdf_jobs`, through ``signals.plan_changed``); dropped with the change if it rolls back."""
    transaction.on_commit(partial(signals.plan_changed.send, sender=type(plan), plan_id=plan.pk))


def _require_edit(user, obj):
    if user is not None and not access.can_change(user, obj):
        raise TransitionRefused(_("You may not change this record."))
