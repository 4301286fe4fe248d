"""Revocation names its decision (number, date, signer) everywhere; a district certificate is dated from
its district; ``place_name`` strips the division type."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AdministrativeUnit, Department, Role, User
from certificates import pdf, services
from certificates.models import Certificate, Inspection, RevocationDecision
from evaluation.models import DecisionEntry, RecognitionDecision
from ocop_portal.pdf import place_name
from ocop_portal.workflow import TransitionRefused
from products import workflows as pw
from products.models import Product, ProductTransition, RegulationVersion
from tests.evaluation.conftest import make_product

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def flat_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def district_certificate(name="Bánh tráng Đại Lộc") -> Certificate:
    commune = AdministrativeUnit.objects.filter(parent__code="506").order_by("code").first()
    product = make_product(name, commune_code=commune.code, state=pw.EVALUATED)
    decision = RecognitionDecision.objects.create(
        number="321/QĐ-UBND",
        date=TODAY - datetime.timedelta(days=200),
        level="district",
        issuing_unit=AdministrativeUnit.objects.get(code="506"),
        regulation=RegulationVersion.objects.get(code="148-2023"),
        signer_name="Nguyễn Văn Hùng",
        signer_title="Chủ tịch",
        status="approved",
    )
    entry = DecisionEntry.objects.create(decision=decision, product=product, stars=3)
    return services.issue_certificate(
        product, stars=3, issued_on=decision.date, level="district", decision=decision, decision_entry=entry
    )


def decision_of(day=None, **kw) -> RevocationDecision:
    return RevocationDecision(
        number=kw.get("number", "45/QĐ-UBND"),
        date=day or TODAY - datetime.timedelta(days=3),
        signer_name=kw.get("signer_name", "Nguyễn Văn Hùng"),
        signer_title=kw.get("signer_title", "Chủ tịch UBND huyện"),
    )


# --- the service ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "decision,message",
    [
        (None, "revocation decision"),
        (decision_of(number="  "), "number"),
        (decision_of(signer_name=""), "signed"),
        (decision_of(signer_title=""), "signed"),
        (decision_of(TODAY + datetime.timedelta(days=1)), "after today"),
        (decision_of(TODAY - datetime.timedelta(days=400)), "before the certificate was issued"),
    ],
)
def test_revocation_without_a_complete_decision_is_refused(decision, message):
    cert = district_certificate()
    with pytest.raises(TransitionRefused, match=message):
        services.revoke_certificate(cert, decision=decision, reason="Vi phạm an toàn thực phẩm")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID and cert.product.state == pw.RECOGNISED


def test_revocation_records_its_decision_and_dates_from_it():
    cert = district_certificate()
    day = TODAY - datetime.timedelta(days=3)
    services.revoke_certificate(cert, decision=decision_of(day), reason=" Vi phạm an toàn thực phẩm ")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.REVOKED
    assert cert.revoked_on == cert.revocation_decision_date == day  # one source for the date
    assert cert.revocation_decision == RevocationDecision(
        number="45/QĐ-UBND", date=day, signer_name="Nguyễn Văn Hùng", signer_title="Chủ tịch UBND huyện"
    )
    assert cert.revocation_reason == "Vi phạm an toàn thực phẩm"
    assert cert.revoking_authority == "Ủy ban nhân dân huyện Đại Lộc"
    assert Product.objects.get(pk=cert.product_id).state == pw.REVOKED
    log = ProductTransition.objects.filter(product_id=cert.product_id, name="revoke").get()
    assert "45/QĐ-UBND" in log.reason and day.strftime("%d/%m/%Y") in log.reason


# --- what the public and staff see -----------------------------------------------------------------


def test_verify_page_names_the_revocation_decision():
    cert = district_certificate()
    day = TODAY - datetime.timedelta(days=3)
    services.revoke_certificate(cert, decision=decision_of(day), reason="Vi phạm an toàn thực phẩm")
    page = Client().get(cert.get_verify_url()).content.decode()
    assert "ĐÃ THU HỒI" in page
    assert (
        f"Đã thu hồi theo Quyết định số 45/QĐ-UBND ngày {day:%d/%m/%Y} của Ủy ban nhân dân huyện Đại Lộc."
        in page
    )
    assert "Người ký: Chủ tịch UBND huyện Nguyễn Văn Hùng." in page
    assert "Lý do thu hồi: Vi phạm an toàn thực phẩm" in page


def test_a_certificate_revoked_before_decisions_were_recorded_still_verifies():
    cert = district_certificate()
    Certificate.objects.filter(pk=cert.pk).update(
        status=Certificate.Status.REVOKED,
        revoked_on=TODAY - datetime.timedelta(days=30),
        revocation_reason="Cũ",
    )
    page = Client().get(cert.get_verify_url()).content.decode()
    assert "ĐÃ THU HỒI" in page
    assert f"Đã thu hồi ngày {TODAY - datetime.timedelta(days=30):%d/%m/%Y}." in page
    assert "Quyết định số" not in page.split("ĐÃ THU HỒI", 1)[1].split("</div>", 1)[0]


def test_staff_revoke_form_requires_the_decision_and_the_certificate_page_shows_it():
    cert = district_certificate()
    dard = User.objects.create_user(
        "dard_rev",
        password="x-pass-12345",
        role=Role.PROVINCE,
        unit=AdministrativeUnit.objects.get(code="49"),
        department=Department.objects.get(code="so-nnptnt"),
    )
    inspection = services.report_inspection(
        cert, department=dard.department, inspected_on=TODAY, finding="Nhãn sai", by=dard
    )
    services.propose_revocation(inspection, proposal="Đề nghị thu hồi", by=dard)
    client = Client()
    client.force_login(dard)
    detail = client.get(f"/evaluation/inspections/{inspection.pk}/").content.decode()
    assert "Quyết định thu hồi" in detail and 'value="Nguyễn Văn Hùng"' in detail  # signer pre-filled
    url = f"/evaluation/inspections/{inspection.pk}/revoke/"

    refused = client.post(url, {"reason": "Vi phạm nhãn mác", "signer_name": "Nguyễn Văn Hùng"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert body.count("Trường này là bắt buộc.") == 3  # number, date, title
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID

    day = TODAY - datetime.timedelta(days=1)
    data = {
        "decision_number": "46/QĐ-UBND",
        "decision_date": day.isoformat(),
        "signer_name": "Nguyễn Văn Hùng",
        "signer_title": "Chủ tịch UBND huyện",
        "reason": "Vi phạm nhãn mác",
    }
    # Without the confirmation field: the confirmation page, the fields carried over, nothing revoked.
    asked = client.post(url, data)
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Thu hồi giấy chứng nhận?" in body and 'name="confirmed" value="1"' in body
    assert 'name="decision_number" value="46/QĐ-UBND"' in body
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID
    response = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert response.status_code == 200
    cert.refresh_from_db()
    inspection.refresh_from_db()
    assert cert.status == Certificate.Status.REVOKED and inspection.status == Inspection.Status.REVOKED
    assert cert.revocation_decision.number == "46/QĐ-UBND" and cert.revoked_on == day
    page = client.get(f"/evaluation/certificates/{cert.pk}/").content.decode()
    assert (
        f"Đã thu hồi theo Quyết định số 46/QĐ-UBND ngày {day:%d/%m/%Y} của Ủy ban nhân dân huyện Đại Lộc."
        in page
    )


# --- dated from the issuing unit --------------------------------------------------------------------


def test_district_certificate_is_dated_from_its_district():
    cert = district_certificate()
    text = flat_text(pdf.certificate_pdf(cert))
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐẠI LỘC" in text
    assert f"Đại Lộc, ngày {cert.issued_on:%d} tháng {cert.issued_on:%m} năm {cert.issued_on:%Y}" in text
    assert "Quảng Nam, ngày" not in text
    decision_text = flat_text(pdf.decision_pdf(cert.decision))
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐẠI LỘC" in decision_text
    assert f"Đại Lộc, ngày {cert.decision.date:%d} tháng" in decision_text
    assert "Quảng Nam, ngày" not in decision_text


def test_district_certificate_without_a_decision_is_dated_from_the_products_district():
    commune = AdministrativeUnit.objects.filter(parent__code="506").order_by("code").first()
    product = make_product("Rượu Đại Lộc", commune_code=commune.code, state=pw.EVALUATED)
    cert = services.issue_certificate(product, stars=3, issued_on=TODAY, level="district")
    text = flat_text(pdf.certificate_pdf(cert))
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐẠI LỘC" in text and "Đại Lộc, ngày" in text


@pytest.mark.parametrize(
    "code,place",
    [("49", "Quảng Nam"), ("506", "Đại Lộc"), ("502", "Tam Kỳ"), ("503", "Hội An"), ("507", "Điện Bàn")],
)
def test_place_name_drops_the_division_type(code, place):
    assert place_name(AdministrativeUnit.objects.get(code=code)) == place
