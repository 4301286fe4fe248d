"""Browser journey across the evaluation → certificates seam (headless Debian Chromium): DARD staff
approve a recognition decision; the certificates it issues show on the decision page, open on their
own page, download as a PDF, and the public verification page confirms them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import E2E_MARKS

pytestmark = E2E_MARKS


@pytest.fixture
def closed_round(django_db_blocker):
    """A provincial round whose council scored one product 75–79 (4★ under 148/2023), with its draft decision."""
    call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)
    from accounts.models import AdministrativeUnit, Role, User
    from evaluation import services as rs
    from evaluation.criteria import load_criteria_set
    from products import workflows as pw
    from tests.evaluation.conftest import integer_sheet, make_product, make_round, score

    load_criteria_set(integer_sheet("148-2023", "1"))
    officer = User.objects.create_user(
        "dard_e2e",
        password="x-pass-12345",
        role=Role.PROVINCE,
        unit=AdministrativeUnit.objects.get(code="49"),
        first_name="Lê Thị",
        last_name="Hoa",
    )
    round_, members = make_round(level="province", unit_code="49", by=officer)
    product = make_product("Nước mắm Cửa Khe", state=pw.DOSSIER_SUBMITTED)
    entry = rs.assign_product(round_, product, by=officer)
    rs.open_scoring(round_, by=officer)
    for user, total in zip(members, (75, 77, 79), strict=True):
        score(entry, user, total)
    rs.close_scoring(round_, by=officer)
    decision = rs.create_decision(
        round_,
        number="1234/QĐ-UBND",
        date=datetime.date.today(),
        signer_name="Trần Anh Tuấn",
        signer_title="Phó Chủ tịch UBND tỉnh",
        by=officer,
    )
    return decision, product, round_


def test_dard_approves_a_decision_and_follows_the_certificate(live_server, closed_round, browser):
    try:
        _walk(live_server, closed_round, browser)
    finally:
        # ORM checks made while Playwright's loop runs open a context-local connection: close it here,
        # in that context, so that the test database can be dropped.
        from django.db import connections

        connections.close_all()


def _walk(live_server, closed_round, browser):
    from certificates.models import Certificate

    decision, product, round_ = closed_round
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dard_e2e")
    page.fill("input[name=password]", "x-pass-12345")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/dashboard/.*|.*/$"))

    page.goto(f"{live_server.url}/evaluation/decisions/{decision.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Quyết định công nhận 1234/QĐ-UBND"
    page.get_by_role("button", name="Phê duyệt và cấp giấy chứng nhận").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Phê duyệt quyết định?"
    assert not Certificate.objects.filter(product=product).exists()  # asked first, nothing issued
    page.get_by_role("button", name="Xác nhận phê duyệt và cấp giấy chứng nhận").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã phê duyệt quyết định: cấp 1 giấy chứng nhận.").is_visible()

    cert = Certificate.objects.get(product=product)
    assert cert.decision_entry.decision_id == decision.pk and cert.stars == 4
    row = page.locator("table tbody tr", has_text="Nước mắm Cửa Khe")
    assert row.get_by_text("4★").is_visible()
    row.get_by_role("link", name=cert.number).click()
    page.wait_for_url(f"{live_server.url}/evaluation/certificates/{cert.pk}/")
    assert page.get_by_text("Còn hiệu lực").is_visible()
    assert page.get_by_text(cert.valid_until.strftime("%d/%m/%Y")).is_visible()

    pdf_href = page.get_by_role("link", name=re.compile("Giấy chứng nhận \\(PDF\\)")).get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    round_.refresh_from_db()
    assert round_.status == "decided"  # evaluation recorded the decision the certificates app approved

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{live_server.url}/verify/?q={cert.number}")
    body = visitor.locator("main").inner_text()
    assert cert.number in body and "Nước mắm Cửa Khe" in body
    assert "giả mạo" not in body
