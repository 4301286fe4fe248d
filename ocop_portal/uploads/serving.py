"""Serving a stored file: the Content-Type comes from the sniffed content (never the name), the
file downloads as an attachment unless it is a safe preview type (PDF/JPEG/PNG/WEBP) and inline
was asked for, and the browser is told not to sniff (``nosniff``) nor run anything (sandbox)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .types import INLINE_SAFE, FileType, sniff_file

OCTET_STREAM = "application/octet-stream"


def open_sniffed(fieldfile) -> tuple[object, FileType | None]:
    """Open a stored file and sniff it; 404 when it is missing from storage."""
    try:
        handle = fieldfile.open("rb") if hasattr(fieldfile, "open") else fieldfile
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    return handle, sniff_file(handle)


def file_response(
    fieldfile,
    *,
    filename: str,
    inline: bool = False,
    only: tuple[FileType, ...] | None = None,
    cache: str = "private, max-age=0, no-store",
) -> FileResponse:
    """A ``FileResponse`` for a stored upload. ``only``: the types this URL may serve (else 404)."""
    handle, found = open_sniffed(fieldfile)
    if only is not None and found not in only:
        handle.close()
        raise Http404
    as_inline = inline and found in INLINE_SAFE
    response = FileResponse(
        handle,
        as_attachment=not as_inline,
        filename=filename,
        content_type=found.content_type if found else OCTET_STREAM,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not (as_inline and found.key == "pdf"):  # browsers refuse to show a PDF in a sandbox
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache
    return response
