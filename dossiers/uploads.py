"""Uploads that scale: streaming inspection of uploaded files (size, type by magic bytes,
checksum), file-name sanitising, an upload handler that stops oversized files early, and a
streamed ZIP writer.

Nothing here reads a whole file into memory: files are read in chunks (64 KiB), ZIP members
are inspected through their central directory, and ZIP archives are produced piece by piece.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from ocop_portal.workflow import TransitionRefused

CHUNK = 64 * 1024
MAX_NAME_LENGTH = 150


class UploadRefused(TransitionRefused):
    """An uploaded file that cannot be accepted (type, size, name)."""


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
DOCX = FileType(
    "docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = FileType(
    "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
)
ACCEPTED = (PDF, JPEG, PNG, DOCX, XLSX)

# Recognised but refused, so that the message can say what the file really is.
_REFUSED_SIGNATURES = [
    (b"MZ", N_("a Windows program (EXE)")),
    (b"\x7fELF", N_("a Linux program (ELF)")),
    (b"GIF87a", N_("a GIF image")),
    (b"GIF89a", N_("a GIF image")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Office document (DOC/XLS)")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")),
    (b"\x1f\x8b", N_("a GZIP archive")),
    (b"RIFF", N_("a RIFF media file (WEBP/AVI/WAV)")),
]
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<head")


def max_file_bytes() -> int:
    return int(settings.OCOP_UPLOAD_MAX_FILE_MB * 1024 * 1024)


def max_dossier_bytes() -> int:
    return int(settings.OCOP_UPLOAD_MAX_DOSSIER_MB * 1024 * 1024)


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
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


# --- Type sniffing --------------------------------------------------------------------------------


def _zip_office_type(fileobj) -> FileType | None:
    """DOCX/XLSX: a ZIP with [Content_Types].xml and word/ or xl/ entries (central directory only)."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        try:
            fileobj.seek(0)
        except (OSError, ValueError):
            pass
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def describe_head(head: bytes) -> str:
    """What an unaccepted file looks like, for the refusal message."""
    for signature, label in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            return _(label)
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(lowered.startswith(m) for m in _HTML_MARKERS) or b"<html" in lowered[:1024]:
        return _("an HTML/XML document")
    if head.startswith(b"PK\x03\x04"):
        return _("a ZIP archive")
    return _("an unknown type")


def sniff(head: bytes, fileobj=None) -> FileType | None:
    """The accepted type of a file from its first bytes (and, for ZIPs, its central directory)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        return _zip_office_type(fileobj)
    return None


# --- Inspection -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectedFile:
    upload: object  # the UploadedFile (temporary file or in memory)
    original_name: str
    size: int
    sha256: str
    type: FileType


def iter_chunks(fileobj, chunk_size: int = CHUNK) -> Iterator[bytes]:
    if hasattr(fileobj, "chunks"):
        yield from fileobj.chunks(chunk_size)
        return
    fileobj.seek(0)
    while chunk := fileobj.read(chunk_size):
        yield chunk


def inspect_upload(upload, *, max_bytes: int | None = None) -> InspectedFile:
    """Check one uploaded file: non-empty, under the limit, accepted type agreeing with its name.

    Reads the file once, in chunks, computing size and SHA-256. Raises :class:`UploadRefused`.
    """
    original = sanitize_filename(getattr(upload, "name", ""))
    limit = max_file_bytes() if max_bytes is None else max_bytes
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise UploadRefused(
            _("“%(name)s” is %(size)s, over the %(limit)s limit per file.")
            % {"name": original, "size": human_size(declared), "limit": human_size(limit)}
        )
    digest = hashlib.sha256()
    size = 0
    head = b""
    received = getattr(upload, "sha256", None)  # hashed while it arrived (dossiers.receiving)
    chunks = () if received else iter_chunks(upload)
    if received:
        size, head = upload.size, upload.head
        if size > limit:
            raise UploadRefused(
                _("“%(name)s” is over the %(limit)s limit per file.")
                % {"name": original, "limit": human_size(limit)}
            )
    for chunk in chunks:
        if len(head) < 2048:
            head += chunk[: 2048 - len(head)]
        size += len(chunk)
        if size > limit:
            raise UploadRefused(
                _("“%(name)s” is over the %(limit)s limit per file.")
                % {"name": original, "limit": human_size(limit)}
            )
        digest.update(chunk)
    if size == 0:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": original})
    file_type = sniff(head, upload)
    ext = extension_of(original)
    if file_type is None:
        raise UploadRefused(
            _("“%(name)s” looks like %(what)s: only PDF, JPEG, PNG, DOCX and XLSX files are accepted.")
            % {"name": original, "what": describe_head(head)}
        )
    if ext not in file_type.extensions:
        raise UploadRefused(
            _(
                "“%(name)s” looks like a %(type)s file but is named .%(ext)s: rename it or upload the right file."
            )
            % {"name": original, "type": file_type.label, "ext": ext or "—"}
        )
    try:
        upload.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    return InspectedFile(upload, original, size, received or digest.hexdigest(), file_type)


# --- Upload handler: stop an oversized file while it is being received -----------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the handler chain: counts each file's bytes and stops the upload when one file
    exceeds ``limit``: the rest of the request body is not read at all (``connection_reset``; a
    drain would buffer up to the next newline byte, the whole rest for a file without one). The
    view reads :attr:`refused` to explain why."""

    chunk_size = 256 * 1024  # as dossiers.receiving.CHUNK: the body is read in 256 KiB pieces

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit = limit
        self.refused: str | None = None
        self._received = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data, start):
        self._received += len(raw_data)
        if self._received > self.limit:
            self.refused = sanitize_filename(self.file_name)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


# --- Streamed ZIP -----------------------------------------------------------------------------------


class _Sink:
    """A write-only, non-seekable file object collecting what zipfile writes, drained by the caller."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data) -> int:
        data = bytes(data)
        self._parts.append(data)
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def seekable(self) -> bool:
        return False

    def seek(self, *args):
        raise OSError("not seekable")

    def flush(self):
        pass

    def close(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def stream_zip(members: Iterable[tuple[str, object]], *, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """Yield a ZIP archive piece by piece. ``members``: (archive name, opener) where the opener is
    bytes or a callable returning a binary file object. Memory stays at about one chunk per step."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for arcname, source in members:
            info = zipfile.ZipInfo(arcname)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(source, bytes | str):
                data = source.encode() if isinstance(source, str) else source
                with zf.open(info, mode="w") as dest:
                    dest.write(data)
                yield sink.drain()
                continue
            with source() as src, zf.open(info, mode="w") as dest:
                while chunk := src.read(chunk_size):
                    dest.write(chunk)
                    out = sink.drain()
                    if out:
                        yield out
            yield sink.drain()
    tail = sink.drain()
    if tail:
        yield tail
