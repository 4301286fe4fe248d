"""Evidence files on progress reports: checked by the portal's upload policy (profile
``TASK_ATTACHMENTS``: PDF, Word, Excel, OpenDocument, JPEG, PNG by content; ``OCOP_PLAN_ATTACHMENT_MAX_MB``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ocop_portal.uploads.policy import UploadRefused, inspect_upload
from ocop_portal.uploads.types import TASK_ATTACHMENTS


def max_bytes() -> int:
    return TASK_ATTACHMENTS.max_bytes()


def validate_attachment(upload) -> str:
    """Return the content type (sniffed from the content) of an acceptable upload; raise ValidationError otherwise."""
    try:
        return inspect_upload(upload, profile=TASK_ATTACHMENTS).content_type
    except UploadRefused as exc:
        raise ValidationError(exc.message) from exc
