"""The whole dossier as one streamed ZIP."""

import io
import random
import zipfile

import pytest

from dossiers import services, uploads
from dossiers.models import DocumentKind

from .helpers import PDF, PNG, file_commune_report, make_dossier, upload

pytestmark = pytest.mark.django_db


def test_zip_contains_every_file_by_kind_with_a_manifest(call, users, client_for):
    district = users["district"]
    dossier = make_dossier(call, district)
    tests_kind = DocumentKind.objects.get(code="test-reports")
    photos = DocumentKind.objects.get(code="photos")
    services.add_documents(dossier, kind=tests_kind, files=[upload("Phiếu.pdf", PDF)], by=district)
    services.add_documents(dossier, kind=photos, files=[upload("Phiếu.png", PNG)], by=district)
    # same display name twice in one kind: both kept
    services.add_documents(dossier, kind=tests_kind, files=[upload("Phiếu.pdf", PDF + b"2")], by=district)
    file_commune_report(users["commune"], call)

    response = client_for("district").get(f"/dossiers/{dossier.pk}/download.zip")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[:2] == ["manifest.txt", "commune-report.txt"]
    assert "070-test-reports/Phiếu.pdf" in names and "070-test-reports/Phiếu (2).pdf" in names
    assert "130-photos/Phiếu.png" in names
    assert archive.read("070-test-reports/Phiếu.pdf") == PDF
    assert archive.read("070-test-reports/Phiếu (2).pdf") == PDF + b"2"
    manifest = archive.read("manifest.txt").decode()
    for doc in dossier.documents.all():
        assert doc.sha256 in manifest
    assert "Chủ tịch" in archive.read("commune-report.txt").decode()


def test_zip_is_produced_piece_by_piece():
    big = b"%PDF-" + random.Random(4).randbytes(1024 * 1024)  # 1 MB, incompressible like a scan
    opened = []

    class Source(io.BytesIO):
        def __enter__(self):
            opened.append(self)
            return self

    members = [("a.pdf", lambda: Source(big)), ("b.pdf", lambda: Source(big))]
    pieces = list(uploads.stream_zip(members, chunk_size=64 * 1024))
    assert len(pieces) > 10, "the archive is yielded as it is written"
    assert max(len(p) for p in pieces) < 256 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read("a.pdf") == big and archive.read("b.pdf") == big


def test_zip_respects_access(call, users, client_for):
    dossier = make_dossier(call, users["district"])
    assert client_for("district2").get(f"/dossiers/{dossier.pk}/download.zip").status_code == 404
    assert client_for("council").get(f"/dossiers/{dossier.pk}/download.zip").status_code == 404  # draft
    assert client_for("department").get(f"/dossiers/{dossier.pk}/download.zip").status_code == 404


def test_zip_of_a_large_dossier_streams_within_a_memory_bound(call, users, client_for, media):
    import os
    import tracemalloc

    from dossiers.models import DossierDocument

    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="test-reports")
    block = os.urandom(1024 * 1024)
    for n in range(2):
        name = f"dossiers/{dossier.pk}/big{n}.pdf"
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            for _ in range(40):
                fh.write(block)
        DossierDocument.objects.create(
            dossier=dossier,
            kind=kind,
            file=name,
            original_name=f"big{n}.pdf",
            size=40 * 2**20,
            sha256="0" * 64,
            content_type="application/pdf",
        )
    response = client_for("district").get(f"/dossiers/{dossier.pk}/download.zip")
    total = 0
    tracemalloc.start()
    try:
        for piece in response.streaming_content:
            total += len(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 80 * 2**20
    assert peak < 16 * 2**20, f"peak {peak / 2**20:.1f} MB while streaming an 80 MB dossier"
