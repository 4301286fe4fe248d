"""Evidence files on progress reports: type-checked (extension *and* content) and size-limited."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> (content type, accepted leading bytes)
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
}


def max_bytes() -> int:
    return getattr(settings, "OCOP_PLAN_ATTACHMENT_MAX_MB", 20) * 1024 * 1024


def validate_attachment(upload) -> str:
    """Return the content type of an acceptable upload; raise ValidationError otherwise."""
    name = getattr(upload, "name", "") or ""
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: file type not accepted. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(e.lstrip(".") for e in ALLOWED))}
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes() // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    content_type, signatures = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("“%(name)s” does not look like a %(ext)s file.")
            % {"name": name, "ext": ext.lstrip(".").upper()}
        )
    return content_type
