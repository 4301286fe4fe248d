"""The previewed file, kept server-side: staged at upload, claimed by "Xác nhận nhập" (its user, its hash,
within ``OCOP_IMPORT_PREVIEW_MINUTES``), removed once imported or expired — as NetBox's bulk import
confirms what it showed instead of asking for the file again."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportUpload


class StagingError(Exception):
    """The previewed file cannot be imported (expired, someone else's, changed, already imported)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def preview_minutes() -> int:
    return int(getattr(settings, "OCOP_IMPORT_PREVIEW_MINUTES", 60))


def purge_expired(now=None) -> int:
    """Delete the staged files whose time is over (called on each upload; idempotent)."""
    now = now or timezone.now()
    count = 0
    for staged in ImportUpload.objects.filter(expires_at__lte=now):
        discard(staged)
        count += 1
    return count


def discard(staged: ImportUpload) -> None:
    staged.file.delete(save=False)
    staged.delete()


def stage(fileobj, *, user, filename: str, sha256: str) -> ImportUpload:
    """Keep ``fileobj`` for the user's confirmation; returns the row whose ``token`` the form carries."""
    purge_expired()
    now = timezone.now()
    staged = ImportUpload(
        token=secrets.token_urlsafe(32),
        user=user,
        filename=filename[:255],
        sha256=sha256,
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=preview_minutes()),
    )
    fileobj.seek(0)
    staged.file.save(f"{staged.token}.xlsx", File(fileobj), save=False)
    fileobj.seek(0)
    staged.save()
    return staged


@transaction.atomic
def claim(token: str, *, user, sha256: str) -> ImportUpload:
    """The staged upload for this confirmation, locked; refuses a foreign, unknown, expired or changed one."""
    staged = (
        ImportUpload.objects.select_for_update().filter(token=(token or "")[:64], user=user).first()
        if token and getattr(user, "is_authenticated", False)
        else None
    )
    if staged is None:
        raise StagingError(
            _(
                "This preview was not found for your account (it may have been imported already). "
                "Upload the file again."
            )
        )
    if staged.expired:
        raise StagingError(
            _("The preview has expired (files are kept for %(minutes)s minutes). Upload the file again.")
            % {"minutes": preview_minutes()}
        )
    if not sha256 or staged.sha256 != sha256:
        raise StagingError(_("The file differs from the one previewed. Upload the file again."))
    return staged
