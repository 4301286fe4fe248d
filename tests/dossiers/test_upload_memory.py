"""A 200 MB upload goes through the real view (multipart parser, upload handlers, inspection,
storage) while the process's memory stays within a fixed bound: nothing reads the file whole.

The request body is streamed from a file on disk (the test client would build it in memory),
and peak Python allocations are measured with tracemalloc, peak RSS with getrusage.
"""

import hashlib
import os
import resource
import tracemalloc

import pytest
from django.test import Client

from dossiers.models import DocumentKind

from .helpers import make_dossier

pytestmark = pytest.mark.django_db

SIZE_MB = 200
BOUND_TRACED = 24 * 1024 * 1024  # peak Python allocations during the request
BOUND_RSS = 96 * 1024 * 1024  # peak resident-set growth


class StreamedMultipart:
    """A read()-able multipart/form-data body: form fields, then the file streamed from disk."""

    def __init__(self, boundary: str, fields: dict, field_name: str, filename: str, path):
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self._parts = [head, None, f"\r\n--{boundary}--\r\n".encode()]
        self._file = open(path, "rb")  # noqa: SIM115
        self.length = len(head) + os.path.getsize(path) + len(self._parts[2])
        self._index = 0
        self._buffer = b""

    def read(self, size=-1):
        out = bytearray()
        while size < 0 or len(out) < size:
            want = 64 * 1024 if size < 0 else size - len(out)
            if self._buffer:
                take, self._buffer = self._buffer[:want], self._buffer[want:]
                out += take
                continue
            if self._index >= len(self._parts):
                break
            part = self._parts[self._index]
            if part is None:
                chunk = self._file.read(min(want, 1024 * 1024))
                if chunk:
                    out += chunk
                    continue
                self._file.close()
            else:
                self._buffer = part
            self._index += 1
        return bytes(out)

    def readline(self, size=-1):  # pragma: no cover - the multipart parser uses read()
        return self.read(size)


def write_big_pdf(path, megabytes):
    digest = hashlib.sha256()
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        first = b"%PDF-1.7\n" + block[9:]
        fh.write(first)
        digest.update(first)
        for _ in range(megabytes - 1):
            fh.write(block)
            digest.update(block)
    return digest.hexdigest()


@pytest.mark.parametrize("megabytes", [SIZE_MB])
def test_200_mb_upload_stays_within_a_memory_bound(tmp_path, settings, call, users, megabytes, stored_files):
    settings.OCOP_UPLOAD_MAX_FILE_MB = 250
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="test-reports")
    big = tmp_path / "big.pdf"
    expected_sha = write_big_pdf(big, megabytes)

    client = Client()
    client.force_login(users["district"])
    body = StreamedMultipart("----ocopboundary", {"kind": kind.pk}, "files", "Phiếu kiểm nghiệm.pdf", big)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    try:
        response = client.generic(
            "POST",
            f"/dossiers/{dossier.pk}/upload/",
            **{
                "wsgi.input": body,
                "CONTENT_LENGTH": str(body.length),
                "CONTENT_TYPE": "multipart/form-data; boundary=----ocopboundary",
            },
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before

    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages][0].startswith("1 file")
    doc = dossier.documents.get()
    assert doc.size == megabytes * 1024 * 1024
    assert doc.sha256 == expected_sha
    assert doc.original_name == "Phiếu kiểm nghiệm.pdf"
    assert stored_files() == [doc.file.name]
    assert peak < BOUND_TRACED, f"peak traced memory {peak / 2**20:.1f} MB"
    assert rss_growth < BOUND_RSS, f"peak RSS grew by {rss_growth / 2**20:.1f} MB"
