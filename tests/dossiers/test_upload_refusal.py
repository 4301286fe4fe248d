"""A refused upload stops reading the request body: a file past the per-file limit whose bytes hold
no newline (Django drained a refused body with ``readline()``, buffering the whole rest of it), and
a body whose Content-Length cannot fit in the dossier, refused before a byte is read."""

import tracemalloc

import pytest
from django.test import Client

from dossiers.models import DocumentKind

from .helpers import make_dossier

pytestmark = pytest.mark.django_db

BOUNDARY = "----ocoprefusal"
LIMIT_MB = 2
BODY_MB = 40
BOUND_TRACED = 8 * 1024 * 1024


class NoNewlineBody:
    """A WSGI input: a multipart head, then ``megabytes`` of a byte that is never a newline, made
    on the fly; ``readline`` behaves like gunicorn's (up to the next newline or ``size``). Counts
    the bytes the server read."""

    def __init__(self, kind_pk: int, megabytes: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind_pk}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="Quá lớn.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7 "
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file_bytes = megabytes * 1024 * 1024
        self.length = len(self.head) + self.file_bytes + len(self.tail)
        self.read_so_far = 0

    def _slice(self, size: int) -> bytes:
        start, end = self.read_so_far, min(self.length, self.read_so_far + size)
        out = bytearray()
        for part_start, part in ((0, self.head), (len(self.head) + self.file_bytes, self.tail)):
            lo, hi = max(start, part_start), min(end, part_start + len(part))
            if lo < hi:
                out += part[lo - part_start : hi - part_start]
        body_lo, body_hi = max(start, len(self.head)), min(end, len(self.head) + self.file_bytes)
        if body_lo < body_hi:
            out += b"x" * (body_hi - body_lo)
        self.read_so_far = end
        return bytes(out)

    def read(self, size=-1):
        return self._slice(self.length if size is None or size < 0 else size)

    def readline(self, size=-1):
        # no newline in the file part: a line is everything up to ``size`` (or the end)
        return self._slice(self.length if size is None or size < 0 else size)


def post(client, dossier, body, length=None):
    return client.generic(
        "POST",
        f"/dossiers/{dossier.pk}/upload/",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length if length is None else length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )


def message_of(response) -> str:
    return [str(m) for m in response.wsgi_request._messages][-1]


def test_oversized_file_without_newline_is_refused_without_reading_the_rest(
    settings, call, users, stored_files
):
    settings.OCOP_UPLOAD_MAX_FILE_MB = LIMIT_MB
    dossier = make_dossier(call, users["district"])
    body = NoNewlineBody(DocumentKind.objects.get(code="test-reports").pk, BODY_MB)
    client = Client()
    client.force_login(users["district"])

    tracemalloc.start()
    try:
        response = post(client, dossier, body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 302
    assert "nothing was uploaded" in message_of(response) or "không có tệp nào" in message_of(response)
    assert not dossier.documents.exists()
    assert stored_files() == []
    # reading stopped at the limit (plus one 256 KiB piece), not at the end of the 40 MB body
    assert body.read_so_far < (LIMIT_MB + 1) * 1024 * 1024, f"read {body.read_so_far / 2**20:.1f} MB"
    assert peak < BOUND_TRACED, f"peak traced memory {peak / 2**20:.1f} MB"


def test_body_longer_than_the_dossier_room_is_refused_before_reading(settings, call, users):
    settings.OCOP_UPLOAD_MAX_DOSSIER_MB = 10
    dossier = make_dossier(call, users["district"])
    body = NoNewlineBody(DocumentKind.objects.get(code="test-reports").pk, 1)
    client = Client()
    client.force_login(users["district"])

    response = post(client, dossier, body, length=BODY_MB * 1024 * 1024)

    assert response.status_code == 302
    assert body.read_so_far == 0
    assert not dossier.documents.exists()
