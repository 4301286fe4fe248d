"""Benchmark: a 200 MB PDF-looking file uploaded to a dossier through the real view
(POST /dossiers/<pk>/upload/: multipart parser, the size-limit upload handler, streaming
inspection — size, SHA-256, magic bytes — and storage), as the district officer of the dossier.

The request body is streamed from a file on disk (django.test.Client would build it in memory),
so the figures are the server side's: wall time, MB/s, SQL queries, how far the peak RSS (VmHWM,
reset before the request) rose above the RSS before it, and — in a second upload of another file —
the tracemalloc peak. The per-file limit is raised to size + 50 MB for these two.

Then 200 MB sent with the default per-file limit (OCOP_UPLOAD_MAX_FILE_MB, 50 MB): the refusal
path, which stores nothing; once with ordinary random content and once with a file that has no
newline byte, because Django's multipart parser drains the rest of a refused body with
``readline()`` (``exhaust()`` after ``StopUpload(connection_reset=False)``).

Uses the demo data (an empty draft dossier of the demo). Media and upload temp files go to a
temporary directory.

Run: make bench  (or DATABASE_URL=... python bench/bench_upload.py [--mb 200]).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
import tracemalloc

import _common as c

SIZE_MB = 200
BOUNDARY = "----ocopbenchboundary"


class StreamedMultipart:
    """A file-like multipart/form-data body: form fields, then one file streamed from disk (the idea
    of tests/dossiers/test_upload_memory.py). ``readline`` behaves like a WSGI server's
    ``wsgi.input`` (gunicorn's ``Body.readline``): it returns up to the next newline or ``size``
    bytes — Django's multipart parser drains a refused upload's body with it."""

    BLOCK = 1024 * 1024

    def __init__(self, fields: dict, field_name: str, filename: str, path):
        head = b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self._parts = [head, None, f"\r\n--{BOUNDARY}--\r\n".encode()]
        self._file = open(path, "rb")  # noqa: SIM115 - closed when drained
        self.length = len(head) + os.path.getsize(path) + len(self._parts[2])
        self._index = 0
        self._buf = b""
        self._off = 0

    def _fill(self) -> bool:
        """Make sure the buffer has unread bytes; False at the end of the body."""
        while self._off >= len(self._buf):
            if self._index >= len(self._parts):
                return False
            part = self._parts[self._index]
            if part is None:
                chunk = self._file.read(self.BLOCK)
                if not chunk:
                    self._file.close()
                    self._index += 1
                    continue
                self._buf, self._off = chunk, 0
            else:
                self._buf, self._off = part, 0
                self._index += 1
        return True

    def read(self, size=-1):
        out = bytearray()
        while (size is None or size < 0 or len(out) < size) and self._fill():
            want = len(self._buf) - self._off if size is None or size < 0 else size - len(out)
            take = self._buf[self._off : self._off + want]
            self._off += len(take)
            out += take
        return bytes(out)

    def readline(self, size=-1):
        out = bytearray()
        while (size is None or size < 0 or len(out) < size) and self._fill():
            end = (
                len(self._buf)
                if size is None or size < 0
                else min(len(self._buf), self._off + size - len(out))
            )
            newline = self._buf.find(b"\n", self._off, end)
            stop = newline + 1 if newline >= 0 else end
            out += self._buf[self._off : stop]
            self._off = stop
            if newline >= 0:
                break
        return bytes(out)


def write_big_pdf(path, megabytes: int, *, newlines: bool = True) -> str:
    """A file starting with a PDF header, then random bytes (with or without newline bytes)."""
    digest = hashlib.sha256()
    block = os.urandom(1024 * 1024)
    if not newlines:
        block = block.replace(b"\n", b" ")
    with open(path, "wb") as fh:
        first = b"%PDF-1.7\n" + block[9:]
        fh.write(first)
        digest.update(first)
        for _ in range(megabytes - 1):
            fh.write(block)
            digest.update(block)
    return digest.hexdigest()


def empty_draft_dossier():
    """An empty draft dossier of the demo and the demo district officer who may change it."""
    from django.db.models import Count

    from accounts import access
    from dossiers import workflows as wf
    from dossiers.models import Dossier

    officers = [c.user(name) for name in ("demo_district", "demo_district2")]
    for dossier in Dossier.objects.filter(status=wf.DRAFT).annotate(n=Count("documents")).order_by("n", "pk"):
        for officer in officers:
            if access.can_change(officer, dossier):
                return dossier, officer
    raise SystemExit("no draft dossier in the demo data")


def messages_of(response) -> str:
    messages = [str(m) for m in response.wsgi_request._messages]
    return messages[-1] if messages else ""  # the messages of earlier requests are still queued


def post(client, dossier, kind, path, name):
    body = StreamedMultipart({"kind": kind.pk}, "files", name, path)
    return client.generic(
        "POST",
        f"/dossiers/{dossier.pk}/upload/",
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )


def upload(client, dossier, kind, path, name, label: str, *, traced: bool = False) -> None:
    """One measured upload: prints time, throughput, queries, RSS growth (or tracemalloc peak)."""
    before = dossier.documents.count()
    c.reset_peak_rss()
    rss0 = c.rss_mb()
    if traced:
        tracemalloc.start()
    with c.QueryCounter() as counter:
        t0 = time.perf_counter()
        response = post(client, dossier, kind, path, name)
        elapsed = time.perf_counter() - t0
    if traced:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"tracemalloc peak {peak / 2**20:.1f} MB"
    else:
        growth = c.peak_rss_mb() - rss0
        memory = f"RSS {rss0:.0f} MB → peak {rss0 + growth:.0f} MB (+{growth:.1f} MB)"
    stored = dossier.documents.count() - before
    size_mb = os.path.getsize(path) / 2**20
    print(
        f"{label}: {elapsed:.1f} s ({size_mb / elapsed:.0f} MB/s), HTTP {response.status_code}, "
        f"{counter.total} SQL queries, {memory}; {stored} document stored — “{messages_of(response)}”",
        flush=True,
    )


def main(megabytes: int) -> None:
    from django.conf import settings
    from django.test.utils import override_settings

    with c.throwaway_database(), tempfile.TemporaryDirectory(prefix="ocop-bench-upload-") as tmp:
        seconds = c.seed_demo()
        print(f"demo data seeded in {seconds:.1f} s", flush=True)
        from dossiers.models import DocumentKind

        dossier, officer = empty_draft_dossier()
        kind = DocumentKind.objects.get(code="test-reports")
        big = os.path.join(tmp, "big.pdf")
        other = os.path.join(tmp, "other.pdf")
        flat = os.path.join(tmp, "no-newline.pdf")
        t0 = time.perf_counter()
        expected_sha = write_big_pdf(big, megabytes)
        write_big_pdf(other, megabytes)
        write_big_pdf(flat, megabytes, newlines=False)
        print(
            f"wrote three {megabytes} MB PDF-looking files in {time.perf_counter() - t0:.1f} s; "
            f"dossier #{dossier.pk} ({dossier.product}), uploaded as {officer.username}",
            flush=True,
        )
        client = c.logged_in_client(officer.username)
        client.get(dossier.get_absolute_url())  # warm-up: session, templates
        temp_dir = os.path.join(tmp, "upload-temp")
        os.makedirs(temp_dir)

        with override_settings(OCOP_UPLOAD_MAX_FILE_MB=megabytes + 50, FILE_UPLOAD_TEMP_DIR=temp_dir):
            upload(client, dossier, kind, big, "Phiếu kiểm nghiệm.pdf", f"upload {megabytes} MB")
            doc = dossier.documents.order_by("-pk").first()
            ok = doc is not None and doc.size == megabytes * 2**20 and doc.sha256 == expected_sha
            print(f"    stored file: {'size and SHA-256 match' if ok else 'WRONG size or checksum'}")
            upload(
                client,
                dossier,
                kind,
                other,
                "Phiếu kiểm nghiệm 2.pdf",
                f"upload {megabytes} MB (tracemalloc)",
                traced=True,
            )
        # The refusal path: the default per-file limit. Django's multipart parser drains the rest of a
        # refused body with readline(): the second file has no newline byte (the worst case).
        limit = settings.OCOP_UPLOAD_MAX_FILE_MB
        with override_settings(FILE_UPLOAD_TEMP_DIR=temp_dir):
            upload(client, dossier, kind, big, "Quá lớn.pdf", f"refused {megabytes} MB (limit {limit} MB)")
            upload(client, dossier, kind, flat, "Quá lớn 2.pdf", f"refused {megabytes} MB, no newline byte")
        print(f"    temporary upload files left behind: {len(os.listdir(temp_dir))}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=SIZE_MB)
    main(parser.parse_args().mb)
