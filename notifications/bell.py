"""The bell's number: each user's unread count, cached briefly and forgotten whenever it changes."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction

from .models import Notification

log = logging.getLogger(__name__)


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def forget_unread_count(user_id: int) -> None:
    try:
        cache.delete(_unread_key(user_id))
    except Exception:  # noqa: BLE001 - a cache outage must not stop a delivery
        log.warning("Could not clear the unread count of user %s", user_id, exc_info=True)


def forget_now_and_on_commit(user_id: int) -> None:
    """Clear now (this request sees it) and again after commit (no stale re-cache in between)."""
    forget_unread_count(user_id)
    transaction.on_commit(lambda: forget_unread_count(user_id))


def unread_count(user) -> int:
    """The bell's number: cached briefly per user (cleared whenever it changes in this process)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        value = None
    if value is None:
        value = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        try:
            cache.set(key, value, 60)
        except Exception:  # noqa: BLE001
            pass
    return value
