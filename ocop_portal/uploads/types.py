"""File types the portal recognises by their content (magic bytes, ZIP/OLE structure), and the
profiles that say which types and how many bytes each kind of upload accepts."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

HEAD = 2048


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def canonical_extension(self) -> str:
        return self.extensions[0]


PDF = FileType("pdf", "PDF", "application/pdf", ("pdf",))
JPEG = FileType("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"))
PNG = FileType("png", "PNG", "image/png", ("png",))
WEBP = FileType("webp", "WEBP", "image/webp", ("webp",))
DOCX = FileType(
    "docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = FileType(
    "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
)
ODT = FileType("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = FileType("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
DOC = FileType("doc", "DOC", "application/msword", ("doc",))
XLS = FileType("xls", "XLS", "application/vnd.ms-excel", ("xls",))
ALL_TYPES = (PDF, JPEG, PNG, WEBP, DOCX, XLSX, ODT, ODS, DOC, XLS)
# Served inline (previews, <img>) only when the content is one of these; everything else downloads.
INLINE_SAFE = (PDF, JPEG, PNG, WEBP)
IMAGE_TYPES = (JPEG, PNG, WEBP)


@dataclass(frozen=True)
class Profile:
    """What one kind of upload accepts: the types (by content) and the size limit (a setting in MB)."""

    key: str
    types: tuple[FileType, ...]
    max_mb_setting: str = "OCOP_UPLOAD_MAX_FILE_MB"
    default_mb: int = 50
    image: bool = False  # also decoded with Pillow (a truncated or bomb image is refused)

    def max_bytes(self) -> int:
        return int(getattr(settings, self.max_mb_setting, self.default_mb) * 1024 * 1024)

    @property
    def labels(self) -> str:
        return ", ".join(t.label for t in self.types)


DOSSIER_DOCUMENTS = Profile("dossier", (PDF, JPEG, PNG, DOCX, XLSX))
INSPECTION_EVIDENCE = Profile("inspection", (PDF, JPEG, PNG))
PRODUCT_IMAGES = Profile("image", (JPEG, PNG, WEBP), image=True)
TASK_ATTACHMENTS = Profile(
    "attachment",
    (PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS, DOC, XLS),
    max_mb_setting="OCOP_PLAN_ATTACHMENT_MAX_MB",
    default_mb=20,
)
SPREADSHEETS = Profile("spreadsheet", (XLSX,))
SIGNED_MINUTES = Profile("minutes", (PDF, JPEG, PNG))  # a scan of a signed and stamped paper (biên bản)
PROFILES = {
    p.key: p
    for p in (
        DOSSIER_DOCUMENTS,
        INSPECTION_EVIDENCE,
        PRODUCT_IMAGES,
        TASK_ATTACHMENTS,
        SPREADSHEETS,
        SIGNED_MINUTES,
    )
}

# Recognised but never accepted, so that the message can say what the file really is.
_REFUSED_SIGNATURES = [
    (b"MZ", N_("a Windows program (EXE)")),
    (b"\x7fELF", N_("a Linux program (ELF)")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"BM", N_("a BMP image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"\x1f\x8b", N_("a GZIP archive")),
    (b"RIFF", N_("a RIFF media file (AVI/WAV)")),
]
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<head")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument."


def _reset(fileobj) -> None:
    try:
        fileobj.seek(0)
    except (AttributeError, OSError, ValueError):
        pass


def _zip_office_type(fileobj) -> FileType | None:
    """DOCX/XLSX: a ZIP with [Content_Types].xml and word/ or xl/ entries (central directory only)."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, AttributeError):
        return None
    finally:
        _reset(fileobj)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def _ole_type(fileobj) -> FileType | None:
    """DOC/XLS: an OLE compound file whose directory names a WordDocument or Workbook stream."""
    word, book, book5 = (
        "WordDocument".encode("utf-16-le"),
        "Workbook".encode("utf-16-le"),
        "Book".encode("utf-16-le"),
    )
    found = None
    try:
        fileobj.seek(0)
        tail = b""
        while chunk := fileobj.read(64 * 1024):
            window = tail + chunk
            if word in window:
                found = DOC
                break
            if book in window or book5 in window:
                found = XLS
                break
            tail = window[-32:]
    except (OSError, ValueError, AttributeError):
        return None
    finally:
        _reset(fileobj)
    return found


def sniff(head: bytes, fileobj=None) -> FileType | None:
    """The type of a file from its first bytes (and, for ZIP/OLE containers, its structure)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        if head[30:].startswith(_ODF_MIMETYPE):
            rest = head[30 + len(_ODF_MIMETYPE) :]
            return ODT if rest.startswith(b"text") else ODS if rest.startswith(b"spreadsheet") else None
        return _zip_office_type(fileobj) if fileobj is not None else None
    if head.startswith(_OLE) and fileobj is not None:
        return _ole_type(fileobj)
    return None


def sniff_file(fileobj) -> FileType | None:
    """Sniff an open binary file (left at position 0)."""
    _reset(fileobj)
    head = fileobj.read(HEAD)
    _reset(fileobj)
    return sniff(head, fileobj)


def describe_head(head: bytes, fileobj=None) -> str:
    """What a file looks like, in words, for a refusal message."""
    found = sniff(head, fileobj)
    if found is not None:
        return _("a %(type)s file") % {"type": found.label}
    for signature, label in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            return _(label)
    if head.startswith(_OLE):
        return _("an old Office document (DOC/XLS)")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(lowered.startswith(m) for m in _HTML_MARKERS) or b"<html" in lowered[:1024]:
        return _("an HTML/XML document")
    if head.startswith(b"PK\x03\x04"):
        return _("a ZIP archive")
    return _("an unknown type")
