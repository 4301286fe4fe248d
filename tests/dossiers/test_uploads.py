"""Uploads: type by content, names, limits, empty files, refusals leave nothing behind."""

from unittest import mock

import pytest
from django.db import IntegrityError
from django.test import override_settings

from dossiers import services, uploads
from dossiers.models import DocumentKind, DossierDocument

from .helpers import JPEG, PDF, PNG, make_dossier, office_zip, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(call, users):
    return make_dossier(call, users["district"])


@pytest.fixture
def kind():
    return DocumentKind.objects.get(code="test-reports")


def add(dossier, kind, users, *files):
    return services.add_documents(dossier, kind=kind, files=list(files), by=users["district"])


# --- sniffing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("phieu.pdf", PDF, "application/pdf"),
        ("anh.jpg", JPEG, "image/jpeg"),
        ("anh.JPEG", JPEG, "image/jpeg"),
        ("anh.png", PNG, "image/png"),
        ("phuong-an.docx", office_zip("docx"), uploads.DOCX.content_type),
        ("bang-tinh.xlsx", office_zip("xlsx"), uploads.XLSX.content_type),
    ],
)
def test_accepted_types_by_content(dossier, kind, users, stored_files, name, content, content_type):
    (doc,) = add(dossier, kind, users, upload(name, content, "application/x-whatever"))
    assert doc.content_type == content_type
    assert doc.original_name == name
    assert doc.size == len(content)
    assert doc.file.name.startswith(f"dossiers/{dossier.pk}/")
    assert doc.file.name.endswith(
        "." + uploads.sniff(content[:2048], doc.file.open("rb")).canonical_extension
    )
    assert stored_files() == [doc.file.name]


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("scan.png", PDF, "looks like a PDF file but is named .png"),
        ("anh.pdf", PNG, "looks like a PNG file but is named .pdf"),
        ("bang.docx", office_zip("xlsx"), "looks like a XLSX file but is named .docx"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Windows program"),
        ("trang.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML"),
        ("trang.pdf", b"  <html><body>x</body></html>", "HTML"),
        ("hinh.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "HTML"),
        ("nen.docx", office_zip("plain"), "ZIP archive"),
        ("ghi-chu.pdf", b"just some text", "unknown type"),
        ("khong-duoi", PDF, "named ."),
    ],
)
def test_disguised_or_unknown_types_refused(dossier, kind, users, stored_files, name, content, says):
    with pytest.raises(uploads.UploadRefused) as exc:
        add(dossier, kind, users, upload(name, content, "application/pdf"))
    assert says in exc.value.message
    assert not DossierDocument.objects.exists()
    assert stored_files() == []


def test_one_bad_file_refuses_the_whole_upload(dossier, kind, users, stored_files):
    with pytest.raises(uploads.UploadRefused):
        add(dossier, kind, users, upload("a.pdf", PDF), upload("b.pdf", PNG))
    assert not DossierDocument.objects.exists()
    assert stored_files() == []


def test_several_files_per_kind(dossier, kind, users, stored_files):
    add(dossier, kind, users, upload("a.pdf", PDF), upload("b.png", PNG))
    add(dossier, kind, users, upload("c.jpg", JPEG))
    assert dossier.documents.filter(kind=kind).count() == 3
    assert len(stored_files()) == 3


def test_checksum_kept_and_duplicates_refused(dossier, kind, users, stored_files):
    import hashlib

    (doc,) = add(dossier, kind, users, upload("a.pdf", PDF))
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    with pytest.raises(uploads.UploadRefused, match="already in the dossier"):
        add(dossier, DocumentKind.objects.get(code="photos"), users, upload("copy.pdf", PDF))
    assert len(stored_files()) == 1


# --- names, sizes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\lan\\Giấy phép.pdf", "Giấy phép.pdf"),
        ("bad\x00name\x1f\x7f.pdf", "badname.pdf"),
        ("evil\u202egpj.pdf", "evilgpj.pdf"),  # right-to-left override
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("line\nbreak\r.pdf", "linebreak.pdf"),
        ("   ..hidden.pdf  ", "hidden.pdf"),
        ("a<b>c:d|e?f*.pdf", "a_b_c_d_e_f_.pdf"),
        ("/", "file"),
        ("Ca\u0300 phe\u0302.pdf", "Cà phê.pdf"),  # NFC
    ],
)
def test_sanitize_filename(raw, expected):
    assert uploads.sanitize_filename(raw) == expected


def test_long_names_are_capped_keeping_the_extension():
    name = uploads.sanitize_filename("x" * 500 + ".pdf")
    assert len(name) == uploads.MAX_NAME_LENGTH and name.endswith(".pdf")


def test_nasty_name_is_stored_sanitised_under_a_generated_name(dossier, kind, users, stored_files):
    (doc,) = add(dossier, kind, users, upload("../../x/\x00Phiếu\u202e kiểm nghiệm.pdf", PDF))
    assert doc.original_name == "Phiếu kiểm nghiệm.pdf"
    assert ".." not in doc.file.name and "Phi" not in doc.file.name
    assert stored_files() == [doc.file.name]


def test_empty_file_refused(dossier, kind, users, stored_files):
    with pytest.raises(uploads.UploadRefused, match="is empty"):
        add(dossier, kind, users, upload("rong.pdf", b""))
    assert stored_files() == []


@override_settings(OCOP_UPLOAD_MAX_FILE_MB=0.01)  # ≈ 10 KB
def test_file_over_the_limit_refused(dossier, kind, users, stored_files):
    with pytest.raises(uploads.UploadRefused, match="limit per file"):
        add(dossier, kind, users, upload("to.pdf", PDF + b"0" * 20_000))
    assert stored_files() == []
    assert not DossierDocument.objects.exists()


@override_settings(OCOP_UPLOAD_MAX_DOSSIER_MB=0.02)  # ≈ 20 KB per dossier
def test_dossier_over_the_limit_refused(dossier, kind, users, stored_files):
    add(dossier, kind, users, upload("a.pdf", PDF + b"1" * 12_000))
    with pytest.raises(uploads.UploadRefused, match="limit per dossier"):
        add(dossier, kind, users, upload("b.pdf", PDF + b"2" * 12_000))
    assert dossier.documents.count() == 1
    assert len(stored_files()) == 1


def test_kind_outside_the_checklist_refused(dossier, users):
    with pytest.raises(uploads.UploadRefused, match="not part of this product's checklist"):
        add(dossier, DocumentKind.objects.get(code="site-inspection"), users, upload("a.pdf", PDF))
    with pytest.raises(uploads.UploadRefused, match="filled online"):
        add(dossier, DocumentKind.objects.get(code="commune-report"), users, upload("a.pdf", PDF))


# --- nothing half-saved ------------------------------------------------------------------------------


def test_database_failure_removes_stored_files(dossier, kind, users, stored_files):
    real_save = DossierDocument.save
    calls = {"n": 0}

    def flaky_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("simulated")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(DossierDocument, "save", flaky_save), pytest.raises(IntegrityError):
        add(dossier, kind, users, upload("a.pdf", PDF), upload("b.png", PNG))
    assert not DossierDocument.objects.exists()
    assert stored_files() == []


def test_upload_to_another_districts_product_refused(call, users, stored_files, client_for, kind):
    dossier = make_dossier(call, users["district"])  # Nam Phước, Duy Xuyên
    with pytest.raises(services.TransitionRefused, match="may not change"):
        services.add_documents(dossier, kind=kind, files=[upload("a.pdf", PDF)], by=users["district2"])
    response = client_for("district2").post(
        f"/dossiers/{dossier.pk}/upload/", {"kind": kind.pk, "files": upload("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not DossierDocument.objects.exists()
    assert stored_files() == []


def test_no_upload_once_submitted(call, users, kind, stored_files):
    from .helpers import ready_dossier

    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    before = stored_files()
    with pytest.raises(services.TransitionRefused, match="draft or returned"):
        add(dossier, kind, users, upload("late.pdf", PDF + b"late"))
    assert stored_files() == before


def test_deleting_a_document_removes_its_file(
    dossier, kind, users, stored_files, django_capture_on_commit_callbacks
):
    (doc,) = add(dossier, kind, users, upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(doc, by=users["district"])
    assert stored_files() == []
    assert not DossierDocument.objects.exists()


def test_deleting_a_whole_dossier_removes_its_files(
    dossier, kind, users, stored_files, django_capture_on_commit_callbacks
):
    add(dossier, kind, users, upload("a.pdf", PDF), upload("b.png", PNG))
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        dossier.transitions.all().delete()
        dossier.delete()
    assert stored_files() == []


def test_upload_view_enforces_csrf(dossier, kind, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["district"])
    response = client.post(
        f"/dossiers/{dossier.pk}/upload/", {"kind": kind.pk, "files": upload("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not DossierDocument.objects.exists()
