"""Upload handlers that stop an oversized file while it is being received (memory and disk stay
flat whatever the body size), and a streamed ZIP writer."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .policy import CHUNK, max_file_bytes, sanitize_filename
from .tempfiles import ensure_temp_dir


class OversizedUpload(UploadedFile):
    """What a form receives for a file stopped at the portal's limit: no content, only its name and
    the limit it crossed. :func:`ocop_portal.uploads.policy.inspect_upload` refuses it by name."""

    def __init__(self, name: str, content_type: str | None, limit: int, received: int):
        import io

        # size: the bytes received before the stop (non-zero, so forms do not call it "empty")
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=received)
        self.oversize = limit


class PortalLimitUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: no file larger than ``OCOP_UPLOAD_MAX_FILE_MB`` is ever
    stored, in any form. Past the limit the file's remaining bytes are dropped as they arrive, the
    partial temporary file of the next handler is closed (deleted), and the form receives an
    :class:`OversizedUpload` that the upload policy refuses with a clear message — nothing of the
    request is saved half."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_file_bytes()
        self._received = 0
        self._over = False

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        ensure_temp_dir()
        self._received = 0
        self._over = False

    def receive_data_chunk(self, raw_data, start):
        if self._over:
            return None
        self._received += len(raw_data)
        if self._received > self.limit:
            self._over = True
            for handler in getattr(self.request, "upload_handlers", None) or ():
                partial = getattr(handler, "file", None)
                if handler is not self and partial is not None:
                    try:
                        partial.close()  # a TemporaryUploadedFile is deleted on close
                    except OSError:
                        pass
            return None
        return raw_data

    def file_complete(self, file_size):
        if self._over:
            return OversizedUpload(self.file_name, self.content_type, self.limit, self._received)
        return None


# --- Upload handler: stop an oversized file while it is being received -----------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """First in the handler chain: counts each file's bytes and stops the upload when one file
    exceeds ``limit``: the rest of the request body is not read at all (``connection_reset``; a
    drain would buffer up to the next newline byte, the whole rest for a file without one). The
    view reads :attr:`refused` to explain why. (Ported from main's dossiers/uploads.py, h6.)"""

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
