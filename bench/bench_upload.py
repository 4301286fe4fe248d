"""Benchmark: a 200 MB PDF-looking file uploaded to a dossier through the real view
(POST /dossiers/<pk>/upload/: multipart parser, the size-limit upload handler, streaming
inspection — size, SHA-256, magic bytes — and storage), as the district officer of the dossier.

The request body is streamed from a file on disk (django.test.Client would build it in memory),
so the figures are the server side's: wall time, MB/s, how far the peak RSS (VmHWM, reset before
the request) rose above the RSS before it, and — in a second upload — the tracemalloc peak.
Then the same 200 MB sent with the default per-file limit (OCOP_UPLOAD_MAX_FILE_MB, 50 MB): the
refusal path, which must not store anything either.

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
    """A read()-able multipart/form-data body: form fields, then one file streamed from disk
    (the same idea as tests/dossiers/test_upload_memory.py)."""

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

    def readline(self, size=-1):
        return self.read(size)


def write_big_pdf(path, megabytes: int) -> str:
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


def empty_draft_dossier():
    """An empty draft dossier of the demo and the demo district officer who may change it."""
    from django.db.models import Count

    from accounts import access
    from evaluation import dossier_workflows as wf
    from evaluation.models import Dossier

    officers = [c.user(name) for name in ("demo_district", "demo_district2")]
    for dossier in Dossier.objects.filter(status=wf.DRAFT).annotate(n=Count("documents")).order_by("n", "pk"):
        for officer in officers:
            if access.can_change(officer, dossier):
                return dossier, officer
    raise SystemExit("no draft dossier in the demo data")


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


def main(megabytes: int) -> None:
    from django.test.utils import override_settings

    with c.throwaway_database(), tempfile.TemporaryDirectory(prefix="ocop-bench-upload-") as tmp:
        seconds = c.seed_demo()
        print(f"demo data seeded in {seconds:.1f} s", flush=True)
        from evaluation.models import DocumentKind

        dossier, officer = empty_draft_dossier()
        kind = DocumentKind.objects.get(code="test-reports")
        big = os.path.join(tmp, "big.pdf")
        t0 = time.perf_counter()
        expected_sha = write_big_pdf(big, megabytes)
        print(
            f"wrote a {megabytes} MB PDF-looking file in {time.perf_counter() - t0:.1f} s; dossier #{dossier.pk} "
            f"({dossier.product}), as {officer.username}",
            flush=True,
        )
        client = c.logged_in_client(officer.username)
        client.get(dossier.get_absolute_url())  # warm-up: session, templates
        uploads_dir = os.path.join(tmp, "uploads")
        os.makedirs(uploads_dir)

        with override_settings(OCOP_UPLOAD_MAX_FILE_MB=megabytes + 50, FILE_UPLOAD_TEMP_DIR=uploads_dir):
            # 1. time and RSS
            c.reset_peak_rss()
            rss0 = c.rss_mb()
            with c.QueryCounter() as counter:
                t0 = time.perf_counter()
                response = post(client, dossier, kind, big, "Phiếu kiểm nghiệm.pdf")
                elapsed = time.perf_counter() - t0
            growth = c.peak_rss_mb() - rss0
            doc = dossier.documents.order_by("-pk").first()
            ok = doc is not None and doc.size == megabytes * 2**20 and doc.sha256 == expected_sha
            print(
                f"upload {megabytes} MB: {elapsed:.1f} s ({megabytes / elapsed:.0f} MB/s), HTTP {response.status_code}, "
                f"{counter.total} SQL queries, RSS {rss0:.0f} MB → peak {rss0 + growth:.0f} MB (+{growth:.1f} MB); "
                f"stored {'OK (size and SHA-256 match)' if ok else 'WRONG'}",
                flush=True,
            )
            # 2. tracemalloc peak (a second file in the same dossier)
            tracemalloc.start()
            t0 = time.perf_counter()
            response = post(client, dossier, kind, big, "Phiếu kiểm nghiệm 2.pdf")
            traced_elapsed = time.perf_counter() - t0
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"upload {megabytes} MB under tracemalloc: {traced_elapsed:.1f} s, HTTP {response.status_code}, "
                f"tracemalloc peak {peak / 2**20:.1f} MB; {dossier.documents.count()} documents in the dossier",
                flush=True,
            )
            leftovers = os.listdir(uploads_dir)

        # 3. the refusal path: the default per-file limit
        from django.conf import settings

        count = dossier.documents.count()
        with override_settings(FILE_UPLOAD_TEMP_DIR=uploads_dir):
            c.reset_peak_rss()
            rss0 = c.rss_mb()
            t0 = time.perf_counter()
            response = post(client, dossier, kind, big, "Quá lớn.pdf")
            elapsed = time.perf_counter() - t0
            growth = c.peak_rss_mb() - rss0
        stored = dossier.documents.count() - count
        print(
            f"refused {megabytes} MB (limit {settings.OCOP_UPLOAD_MAX_FILE_MB} MB per file): {elapsed:.1f} s, "
            f"HTTP {response.status_code}, peak RSS +{growth:.1f} MB, {stored} document stored, "
            f"{len(leftovers) + len(os.listdir(uploads_dir))} temporary files left",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=SIZE_MB)
    main(parser.parse_args().mb)
