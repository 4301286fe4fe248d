"""Documents of the merged Thành phố Đà Nẵng (issue 14): the certificate, the decision and the plan of the
city carry its names, derived from the issuing unit — never a hard-coded "tỉnh" — while a Quảng Nam
certificate of 2024 keeps UBND tỉnh Quảng Nam and its three-tier units (PDFs read back with pdftotext)."""

import datetime
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import AdministrativeUnit, Role, User
from certificates import pdf, services
from evaluation.models import DecisionEntry, RecognitionDecision
from plans import services as plan_services
from plans.models import PlanProduct
from plans.pdf import plan_pdf
from products import workflows as pw
from products.models import RegulationVersion
from tests.evaluation.conftest import make_product

pytestmark = pytest.mark.django_db


def flat(data: bytes) -> str:
    raw = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(raw.split())


@pytest.fixture
def city(db):
    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    call_command("load_units", "--province", "48", stdout=open("/dev/null", "w"))
    call_command("loaddata", "departments_da_nang_2025", verbosity=0)
    call_command("load_successions", stdout=open("/dev/null", "w"))
    return AdministrativeUnit.objects.get(code="2025-48")


def certify(product, unit, *, number, date, stars):
    decision = RecognitionDecision.objects.create(
        number=number,
        date=date,
        level="province",
        issuing_unit=unit,
        regulation=RegulationVersion.objects.get(code="148-2023"),
        signer_name="Trần Nam Hưng",
        signer_title="Phó Chủ tịch",
        status="approved",
    )
    entry = DecisionEntry.objects.create(decision=decision, product=product, stars=stars)
    return services.issue_certificate(
        product, stars=stars, issued_on=date, level="province", decision=decision, decision_entry=entry
    )


@pytest.fixture
def city_certificate(city):
    product = make_product(
        "Tinh dầu sả Duy Xuyên", commune_code="2025-20623", state=pw.EVALUATED, dossier_year=None
    )
    return certify(product, city, number="2441/QĐ-UBND", date=datetime.date(2026, 12, 2), stars=3)


def test_city_certificate_pdf_names_the_city(city_certificate):
    assert city_certificate.decision.profile.code == "148-1489-2025"
    assert city_certificate.number == "OCOP-DNG-2026-T0001"  # numbered by the city, not Quảng Nam
    text = flat(pdf.certificate_pdf(city_certificate))
    for expected in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG chứng nhận sản phẩm",
        "Đà Nẵng, ngày 02 tháng 12 năm 2026",
        "Đạt hạng 3 sao",
        "Theo Quyết định số 2441/QĐ-UBND ngày 02/12/2026",
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
    ]:
        assert expected in text, expected
    assert "TỈNH" not in text and "tỉnh" not in text


def test_city_decision_pdf_cites_1489_and_the_merged_department(city_certificate):
    text = flat(pdf.decision_pdf(city_certificate.decision))
    for expected in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG Số: 2441/QĐ-UBND",
        "Đà Nẵng, ngày 02 tháng 12 năm 2026",
        "được sửa đổi, bổ sung bởi Quyết định số 1489/QĐ-TTg ngày 06/7/2025",
        "Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường thành phố Đà Nẵng.",
        "Tinh dầu sả Duy Xuyên",
        "Xã Duy Xuyên, Thành phố",  # the appendix's address column (wrapped in the table)
    ]:
        assert expected in text, expected
    assert "tỉnh" not in text.replace("Tỉnh", "").lower().replace("thành phố", "")


def test_quang_nam_decision_of_2024_keeps_its_province_and_department(city):
    product = make_product("Nước mắm Cửa Khe", commune_code="20599", state=pw.EVALUATED, dossier_year=None)
    cert = certify(
        product,
        AdministrativeUnit.objects.get(code="49"),
        number="88/QĐ-UBND",
        date=datetime.date(2024, 3, 1),
        stars=4,
    )
    assert cert.number == "OCOP-QNA-2024-T0001"
    text = flat(pdf.decision_pdf(cert.decision))
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM" in text and "Quảng Nam, ngày 01 tháng 03 năm 2024" in text
    assert "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn." in text
    assert "Môi trường" not in text


def test_verify_page_shows_who_recognised_and_where_then(city_certificate, city):
    old_product = make_product(
        "Bánh tráng Phú Chiêm", commune_code="20599", state=pw.EVALUATED, dossier_year=None
    )
    old = certify(
        old_product,
        AdministrativeUnit.objects.get(code="49"),
        number="88/QĐ-UBND",
        date=datetime.date(2024, 3, 1),
        stars=4,
    )
    client = Client()
    body = client.get(city_certificate.get_verify_url()).content.decode()
    assert '<dd class="col-sm-8" id="issuer">UBND thành phố Đà Nẵng</dd>' in body
    assert "Xã Duy Xuyên, Thành phố Đà Nẵng</dd>" in body
    body = client.get(old.get_verify_url()).content.decode()
    assert '<dd class="col-sm-8" id="issuer">UBND tỉnh Quảng Nam</dd>' in body
    assert "Thị trấn Nam Phước, Huyện Duy Xuyên, Tỉnh Quảng Nam</dd>" in body


def test_city_plan_pdf_names_the_city_and_its_department(city):
    staff = User.objects.create_user("city_plan", password="x-pass-12345", role=Role.PROVINCE, unit=city)
    plan = plan_services.create_plan(
        province=city,
        year=2026,
        by=staff,
        title="Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2026",
        number="45/KH-UBND",
        date=datetime.date(2026, 2, 10),
        purposes="Triển khai Chương trình OCOP trên địa bàn thành phố sau sắp xếp.",
        signer_name="Trần Nam Hưng",
        signer_title="Phó Chủ tịch",
    )
    product = make_product("Tinh dầu sả Duy Xuyên", commune_code="2025-20623", dossier_year=None)
    PlanProduct.objects.create(plan=plan, product=product)
    text = flat(plan_pdf(plan))
    for expected in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "Đà Nẵng, ngày 10 tháng 02 năm 2026",
        "báo cáo về Sở Nông nghiệp và Môi trường thành phố Đà Nẵng (cơ quan thường trực) để tổng hợp, "
        "tham mưu UBND thành phố xem xét, giải quyết",
        "Xã, phường",
        "Tinh dầu sả Duy Xuyên",
    ]:
        assert expected in text, expected
    assert "Huyện/Thị xã" not in text and "UBND tỉnh" not in text
