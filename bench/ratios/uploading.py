"""Ratio of a dossier upload (issue 15): 200 MB through the real view vs ``cp`` of the same file.

* ``upload_vs_cp`` — seconds of ``POST /dossiers/<pk>/upload/`` (multipart parser, the size-limit
  and hashing upload handlers, the type check, the storage, the rows) ÷ seconds of ``cp`` copying
  the same file on the same disk; interleaved (cp, ours, cp, ours …), medians.

The body is streamed from the file on disk in the pieces the parser asks for (a WSGI server reads
the socket the same way; ``django.test.Client`` would build it in memory). The upload's temporary
file and the media folder are on the same file system, as they should be in production (the
storage then moves the file into place). Figures: the peak RSS growth of an upload (VmHWM reset
before it: memory must stay flat) and a refused 300 MB file without a newline byte (reading stops
at the per-file limit).

A database without a draft dossier gets the demo data first (``seed_demo``, idempotent).
Run alone: ``python bench/ratios/uploading.py`` (a throwaway test database).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RATIOS = ("upload_vs_cp",)
BOUNDARY = "----ocopratioboundary"
ROOT = Path(__file__).resolve().parents[2]


class FileBody:
    """A WSGI input: multipart head, the file's bytes read straight from disk, tail."""

    def __init__(self, fields: dict, filename: str, path: Path):
        head = b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self._head, self._tail = head, f"\r\n--{BOUNDARY}--\r\n".encode()
        self._file = open(path, "rb")  # noqa: SIM115 - closed at the end of the body
        self.length = len(head) + path.stat().st_size + len(self._tail)
        self.read_so_far = 0

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.length
        out = b""
        if self._head:
            out, self._head = self._head[:size], self._head[size:]
        if len(out) < size and not self._file.closed:
            data = self._file.read(size - len(out))
            out = out + data if out else data
            if len(out) < size:
                self._file.close()
        if len(out) < size and self._file.closed and self._tail:
            take = size - len(out)
            out, self._tail = out + self._tail[:take], self._tail[take:]
        self.read_so_far += len(out)
        return out

    def readline(self, size=-1):  # gunicorn's: up to a newline or ``size``
        if size is None or size < 0:
            size = self.length
        data = self.read(size)
        cut = data.find(b"\n")
        if cut >= 0 and cut + 1 < len(data):
            raise NotImplementedError("readline over a newline: not needed by the measured paths")
        return data

    def close(self):
        self._file.close()


def write_file(path: Path, megabytes: int, *, newlines: bool = True) -> None:
    block = os.urandom(1024 * 1024)
    if not newlines:
        block = block.replace(b"\n", b" ")
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.7 " + block[9:])
        for _ in range(megabytes - 1):
            fh.write(block)


def touch(path: Path) -> None:
    """Change 16 bytes so that the next upload is not refused as a duplicate."""
    with open(path, "r+b") as fh:
        fh.seek(32)
        fh.write(os.urandom(16))


def draft_dossier():
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_upload

    try:
        return bench_upload.empty_draft_dossier()
    except SystemExit:
        import io

        from django.core.management import call_command

        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
        return bench_upload.empty_draft_dossier()


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def post(client, dossier, kind, path: Path, name: str):
    body = FileBody({"kind": kind.pk}, name, path)
    try:
        return client.generic(
            "POST",
            f"/dossiers/{dossier.pk}/upload/",
            secure=True,
            **{
                "wsgi.input": body,
                "CONTENT_LENGTH": str(body.length),
                "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            },
        ), body
    finally:
        body.close()


def measure(ctx) -> dict:
    from django.test import Client
    from django.test.utils import override_settings

    from dossiers.models import DocumentKind, DossierDocument

    megabytes = 50 if ctx.quick else 200
    # a pair takes ≈ 0.3 s: more repeats than the other topics, as cp's ≈ 50 ms is easily disturbed
    repeats = 3 if ctx.quick else max(9, ctx.repeats)
    work = Path(ctx.work_dir) / "uploading"
    (work / "tmp").mkdir(parents=True, exist_ok=True)
    (work / "media").mkdir(exist_ok=True)
    src, flat = work / "upload.pdf", work / "no-newline.pdf"
    write_file(src, megabytes)
    dossier, officer = draft_dossier()
    kind = DocumentKind.objects.get(code="test-reports")
    overrides = dict(
        OCOP_UPLOAD_MAX_FILE_MB=megabytes + 50,
        OCOP_UPLOAD_MAX_DOSSIER_MB=100_000,
        FILE_UPLOAD_TEMP_DIR=str(work / "tmp"),
        MEDIA_ROOT=str(work / "media"),
        ALLOWED_HOSTS=["*"],
        SECURE_SSL_REDIRECT=False,
    )
    cp_times, ours, growth = [], [], []
    cp_cpu, ours_cpu = [], []  # CPU seconds (user + system) of each side: what load does not stretch
    with override_settings(**overrides):
        client = Client()
        client.force_login(officer)
        touch(src)
        post(client, dossier, kind, src, "warm-up.pdf")  # warm-up: session, imports, page cache
        for _ in range(repeats):
            copy = work / "copy.pdf"
            c0 = _cpu(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(["cp", str(src), str(copy)], check=True)
            cp_times.append(time.perf_counter() - t0)
            cp_cpu.append(_cpu(resource.RUSAGE_CHILDREN) - c0)
            copy.unlink()
            touch(src)
            _reset_peak()
            rss0 = _status_mb("VmRSS")
            c0 = _cpu(resource.RUSAGE_SELF)
            t0 = time.perf_counter()
            response, _body = post(client, dossier, kind, src, "Phiếu kiểm nghiệm.pdf")
            ours.append(time.perf_counter() - t0)
            ours_cpu.append(_cpu(resource.RUSAGE_SELF) - c0)
            growth.append(_status_mb("VmHWM") - rss0)
            stored = DossierDocument.objects.filter(dossier=dossier, size=megabytes * 2**20)
            if response.status_code != 302 or not stored.exists():
                raise RuntimeError(f"the upload was not stored (HTTP {response.status_code})")
            for doc in stored:
                doc.file.delete(save=False)
                doc.delete()
        for doc in DossierDocument.objects.filter(dossier=dossier, original_name="warm-up.pdf"):
            doc.file.delete(save=False)
            doc.delete()
    # the refusal path: the default per-file limit, 300 MB (50 in a quick run) without a newline byte
    refused_mb = 50 if ctx.quick else 300
    write_file(flat, refused_mb, newlines=False)
    with override_settings(**{**overrides, "OCOP_UPLOAD_MAX_FILE_MB": 10 if ctx.quick else 50}):
        client = Client()
        client.force_login(officer)
        _reset_peak()
        rss0 = _status_mb("VmRSS")
        t0 = time.perf_counter()
        response, body = post(client, dossier, kind, flat, "Quá lớn.pdf")
        refused_s = time.perf_counter() - t0
        refused_growth = _status_mb("VmHWM") - rss0
    for path in (src, flat):
        path.unlink()
    cp_s, ours_s = statistics.median(cp_times), statistics.median(ours)
    cp_c, ours_c = statistics.median(cp_cpu), statistics.median(ours_cpu)
    return {
        "ratios": {"upload_vs_cp": round(ours_s / cp_s, 2)},
        "figures": {
            f"upload {megabytes} MB (cp {cp_s:.3f} s)": (
                f"{ours_s:.3f} s ({megabytes / ours_s:.0f} MB/s), peak RSS +{max(growth):.1f} MB; "
                f"runs {', '.join(f'{s:.3f}' for s in ours)}; cp runs {', '.join(f'{s:.3f}' for s in cp_times)}"
            ),
            "upload vs cp in CPU seconds (user + system)": (
                f"{ours_c:.3f} s vs {cp_c:.3f} s: {ours_c / cp_c:.2f}× (the same pair, insensitive to the load)"
                if cp_c > 0
                else "—"
            ),
            f"refused {refused_mb} MB without a newline byte": (
                f"{refused_s:.3f} s, read {body.read_so_far / 2**20:.1f} MB of the body, "
                f"peak RSS +{refused_growth:.1f} MB, HTTP {response.status_code}"
            ),
        },
    }


if __name__ == "__main__":
    import argparse
    import tempfile
    from types import SimpleNamespace

    sys.path.insert(0, str(ROOT / "bench"))
    import _common as c  # noqa: E402 - sets Django up

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with c.throwaway_database(), tempfile.TemporaryDirectory(prefix="ocop-bench-upload-") as tmp:
        from django.db import connection

        context = SimpleNamespace(
            database_url=connection.settings_dict["NAME"],
            env=dict(os.environ),
            work_dir=Path(tmp),
            repeats=args.repeats,
            quick=args.quick,
        )
        result = measure(context)
        for name, value in result["ratios"].items():
            print(f"ratio {name} {value:.2f}")
        for label, value in result["figures"].items():
            print(f"{label}: {value}")
