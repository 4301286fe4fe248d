"""Certificates and decisions as PDF: exact Vietnamese text, QR to the verification URL, batch ZIP."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from certificates import pdf, services, tasks
from certificates.models import PdfJob
from evaluation.models import DecisionEntry, RecognitionDecision
from ocop_portal.site import configured_site_url
from products import workflows as pw
from tests.evaluation.conftest import make_product

pytestmark = pytest.mark.django_db


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def flat(text: str) -> str:
    """Text with line breaks folded (layout wraps long lines); diacritics must stay exact."""
    return " ".join(text.split())


@pytest.fixture
def certificate(db):
    from accounts.models import AdministrativeUnit
    from products.models import RegulationVersion

    product = make_product("Nước mắm Cửa Khe truyền thống", state=pw.EVALUATED)
    product.producer.address = "Thôn Cửa Khe, xã Bình Dương, huyện Thăng Bình"
    product.producer.save()
    decision = RecognitionDecision.objects.create(
        number="2345/QĐ-UBND",
        date=datetime.date(2024, 2, 29),
        level="province",
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        regulation=RegulationVersion.objects.get(code="148-2023"),
        signer_name="Trần Anh Tuấn",
        signer_title="Phó Chủ tịch",
        status="approved",
    )
    entry = DecisionEntry.objects.create(decision=decision, product=product, stars=4)
    cert = services.issue_certificate(
        product, stars=4, issued_on=decision.date, level="province", decision=decision, decision_entry=entry
    )
    return cert


def test_certificate_pdf_contains_exact_vietnamese(certificate):
    text = flat(pdftotext(pdf.certificate_pdf(certificate)))
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        "Nước mắm Cửa Khe truyền thống",
        "Thôn Cửa Khe, xã Bình Dương, huyện Thăng Bình",
        "Đạt hạng 4 sao",
        "Theo Quyết định số 2345/QĐ-UBND ngày 29/02/2024",
        "đến ngày 28/02/2027",
        "Trần Anh Tuấn",
        certificate.number,
    ]:
        assert expected in text, expected


def decode_qr(data: bytes, tmp_path) -> str:
    (tmp_path / "c.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    return subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout.strip()


def test_certificate_qr_decodes_to_the_verification_url(certificate, tmp_path, settings):
    # ``make run PORT=8100``: no SITE_URL, HOST/PORT in the environment → the QR leads to that server
    settings.SITE_URL = configured_site_url("", development=True, host="127.0.0.1", port="8100")
    assert decode_qr(pdf.certificate_pdf(certificate), tmp_path) == (
        f"http://127.0.0.1:8100/verify/{certificate.verification_code}/"
    )


def test_certificate_qr_ignores_the_host_the_pdf_was_downloaded_through(certificate, tmp_path, settings):
    """Production: the canonical address, whoever downloads the PDF through whatever host name."""
    from accounts.models import User

    settings.SITE_URL = "https://ocop.example.gov.vn"
    user = User.objects.create_user("dard_qr", password="x-pass-12345", role="province")
    client = Client(HTTP_HOST="localhost:8999")
    client.force_login(user)
    response = client.get(f"/evaluation/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    decoded = decode_qr(response.content, tmp_path)
    assert decoded == f"https://ocop.example.gov.vn/verify/{certificate.verification_code}/"
    # and the QR leads to the page that confirms this very certificate
    page = Client().get(decoded.removeprefix("https://ocop.example.gov.vn")).content.decode()
    assert certificate.number in page and "Hợp lệ và còn hiệu lực" in page


def test_certificate_and_decision_sign_for_the_chair_once(certificate):
    """A vice-chair signs "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (Decree 30/2020), each line once,
    in this order, on the certificate and on its decision alike (one rule: ocop_portal.pdf.signature_lines)."""
    for data in (pdf.certificate_pdf(certificate), pdf.decision_pdf(certificate.decision)):
        text = flat(pdftotext(data))
        block = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Anh Tuấn"]
        positions = [text.index(line) for line in block]
        assert positions == sorted(positions), text
        assert text.count("TM. ỦY BAN NHÂN DÂN") == 1 and text.count("KT. CHỦ TỊCH") == 1


def test_decision_pdf_lists_products_with_repeating_header(certificate):
    decision = certificate.decision
    for i in range(60):
        p = make_product(f"Sản phẩm thứ {i:02d} đặc sản Quảng Nam", commune_code="20620", state=pw.EVALUATED)
        entry = DecisionEntry.objects.create(decision=decision, product=p, stars=3)
        services.issue_certificate(
            p, stars=3, issued_on=decision.date, level="province", decision=decision, decision_entry=entry
        )
    data = pdf.decision_pdf(decision)
    raw = pdftotext(data)
    text = flat(raw)
    assert "QUYẾT ĐỊNH" in text and "Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP năm 2024" in text
    assert "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT TIÊU CHUẨN OCOP" in text
    assert "Sản phẩm thứ 59 đặc sản Quảng Nam" in text
    pages = [flat(p) for p in raw.split("\f")]
    appendix_pages = [p for p in pages if "Sản phẩm thứ" in p]
    assert len(appendix_pages) >= 2
    assert all("Tên sản phẩm" in p for p in appendix_pages)  # table header repeats on each page


def test_render_certificate_command(certificate, tmp_path):
    out = tmp_path / "gcn.pdf"
    call_command("render_certificate", certificate.number, "-o", str(out))
    assert "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in pdftotext(out.read_bytes())


def test_batch_job_renders_all_certificates_into_a_zip(
    certificate, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from ocop_portal.celery import app

    app.conf.task_always_eager = True
    decision = certificate.decision
    for i in range(3):
        p = make_product(f"Trà thảo mộc {i}", commune_code="20620", state=pw.EVALUATED)
        services.issue_certificate(p, stars=3, issued_on=decision.date, level="province", decision=decision)
    from accounts.models import User

    user = User.objects.create_user("dard_pdf", password="x-pass-12345", role="province")
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_certificate_batch(decision, by=user)
    job.refresh_from_db()
    assert job.status == PdfJob.Status.DONE and job.done == job.total == 4 and job.percent == 100
    with job.file.open("rb") as fh:
        names = zipfile.ZipFile(io.BytesIO(fh.read())).namelist()
    assert len(names) == 4 and all(n.endswith(".pdf") for n in names)
    client = Client()
    client.force_login(user)
    page = client.get(f"/evaluation/pdf-jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "100%" in page and "download" in page
    assert client.get(f"/evaluation/pdf-jobs/{job.pk}/download/").status_code == 200
    # a second click while a job runs does not start another; a finished job allows a new one
    job2 = tasks.start_certificate_batch(decision, by=user)
    assert job2.pk != job.pk


def test_job_progress_while_running_polls(certificate):
    job = PdfJob.objects.create(decision=certificate.decision, total=10, done=3, status=PdfJob.Status.RUNNING)
    from accounts.models import User

    user = User.objects.create_user("dard_pdf2", password="x-pass-12345", role="province")
    client = Client()
    client.force_login(user)
    page = client.get(f"/evaluation/pdf-jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "30%" in page
    assert tasks.start_certificate_batch(certificate.decision, by=user).pk == job.pk
