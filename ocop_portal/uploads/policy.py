"""The one upload policy: every file the portal accepts is read once, in chunks (64 KiB), for its
size (limit enforced while reading), SHA-256 and type *by content*; the name's extension must
agree with the content; the refusal says, in the user's language, what the file really is."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ocop_portal.numbers import format_number
from ocop_portal.workflow import TransitionRefused

from .types import DOSSIER_DOCUMENTS, HEAD, FileType, Profile, describe_head, sniff

CHUNK = 64 * 1024
MAX_NAME_LENGTH = 150
# Images are decoded before they are accepted; more pixels than this is a decompression bomb.
MAX_IMAGE_PIXELS = 60_000_000


class UploadRefused(TransitionRefused):
    """An uploaded file that cannot be accepted (type, size, name)."""


def max_file_bytes() -> int:
    return int(settings.OCOP_UPLOAD_MAX_FILE_MB * 1024 * 1024)


def max_dossier_bytes() -> int:
    return int(settings.OCOP_UPLOAD_MAX_DOSSIER_MB * 1024 * 1024)


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{format_number(n / (1024 * 1024), 1)} MB"
    if n >= 1024:
        return f"{format_number(n / 1024, 0)} KB"
    return f"{n} B"


# --- File names -----------------------------------------------------------------------------------


def sanitize_filename(name: str | None, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """A safe display name: no directories, no control or format characters, NFC, length-capped.

    >>> sanitize_filename("../../etc/passwd")
    'passwd'
    >>> sanitize_filename("C:\\\\Users\\\\x\\\\Giấy phép.pdf")
    'Giấy phép.pdf'
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    # Drop control (Cc), format (Cf: bidi overrides, zero-width), surrogate, private and unassigned chars.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    name = re.sub(r'[<>:"|?*]', "_", name)
    if not name:
        return "file"
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10 and stem:
            name = stem[: max_length - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:max_length]
    return name


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# --- Inspection -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectedFile:
    upload: object  # the UploadedFile (temporary file or in memory)
    original_name: str
    size: int
    sha256: str
    type: FileType

    @property
    def content_type(self) -> str:
        return self.type.content_type

    @property
    def storage_name(self) -> str:
        """The name to store under: the sanitised stem with the extension of the *content*."""
        stem = self.original_name.rsplit(".", 1)[0] if "." in self.original_name else self.original_name
        return f"{stem}.{self.type.canonical_extension}"


def iter_chunks(fileobj, chunk_size: int = CHUNK) -> Iterator[bytes]:
    if hasattr(fileobj, "chunks"):
        yield from fileobj.chunks(chunk_size)
        return
    fileobj.seek(0)
    while chunk := fileobj.read(chunk_size):
        yield chunk


def _too_big(name: str, limit: int, size: int | None = None) -> UploadRefused:
    if size is not None:
        return UploadRefused(
            _("“%(name)s” is %(size)s, over the %(limit)s limit per file.")
            % {"name": name, "size": human_size(size), "limit": human_size(limit)}
        )
    return UploadRefused(
        _("“%(name)s” is over the %(limit)s limit per file.") % {"name": name, "limit": human_size(limit)}
    )


def _check_image(upload, name: str) -> None:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise UploadRefused(
                    _("“%(name)s” is too large an image (%(w)s × %(h)s pixels).")
                    % {"name": name, "w": img.width, "h": img.height}
                )
            img.verify()
    except UploadRefused:
        raise
    except Exception as exc:  # Pillow raises many types for a broken image
        raise UploadRefused(
            _("“%(name)s” is not a readable image (damaged or incomplete file).") % {"name": name}
        ) from exc
    finally:
        upload.seek(0)


def inspect_upload(
    upload, *, profile: Profile = DOSSIER_DOCUMENTS, max_bytes: int | None = None, name: str | None = None
) -> InspectedFile:
    """Check one uploaded file against ``profile``: received whole and under the limit, non-empty,
    an accepted type by content, an extension agreeing with the content (images also decode).

    Reads the file once, in chunks, computing size and SHA-256; the result is remembered on the
    upload, so a form field and a service checking the same file read it once. Raises
    :class:`UploadRefused`. ``name``: the file's name when the object has none (a ``ContentFile``).
    """
    limit = profile.max_bytes() if max_bytes is None else max_bytes
    cached = getattr(upload, "_ocop_inspected", None)
    if cached is not None and cached[0] == (profile.key, limit):
        return cached[1]
    original = sanitize_filename(getattr(upload, "name", None) or name or "")
    oversize = getattr(upload, "oversize", None)  # stopped while streaming in (streaming.py)
    if oversize is not None:
        raise _too_big(original, min(limit, oversize))
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_big(original, limit, declared)
    digest = hashlib.sha256()
    size = 0
    head = b""
    received = getattr(upload, "sha256", None)  # hashed while it arrived (dossiers.receiving, main)
    chunks = () if received else iter_chunks(upload)
    if received:
        size, head = upload.size, upload.head
        if size > limit:
            raise _too_big(original, limit)
    for chunk in chunks:
        if len(head) < HEAD:
            head += chunk[: HEAD - len(head)]
        size += len(chunk)
        if size > limit:
            raise _too_big(original, limit)
        digest.update(chunk)
    if size == 0:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": original})
    file_type = sniff(head, upload)
    ext = extension_of(original)
    if file_type is None or file_type not in profile.types:
        raise UploadRefused(
            _("“%(name)s” looks like %(what)s: only %(types)s files are accepted here.")
            % {"name": original, "what": describe_head(head, upload), "types": profile.labels}
        )
    if ext not in file_type.extensions:
        raise UploadRefused(
            _(
                "“%(name)s” looks like a %(type)s file but is named .%(ext)s: rename it or upload the right file."
            )
            % {"name": original, "type": file_type.label, "ext": ext or "—"}
        )
    if profile.image:
        _check_image(upload, original)
    try:
        upload.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    inspected = InspectedFile(upload, original, size, received or digest.hexdigest(), file_type)
    try:
        upload._ocop_inspected = ((profile.key, limit), inspected)
    except AttributeError:
        pass
    return inspected


def was_inspected(upload) -> bool:
    return getattr(upload, "_ocop_inspected", None) is not None
