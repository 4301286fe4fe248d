"""DARD staff and a visitor: a printed certificate's QR leads back to this very portal and confirms the
certificate; a revocation names its decision on the public verification page.

Objects used (no other journey changes them): the first valid 4★ certificate of Huyện Quế Sơn (read,
downloaded), and the first valid 3★ certificate of Huyện Nam Trà My (revoked here).
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

SHOTS = "/tmp/a-journey"
AUTHORITY = "Ủy ban nhân dân thành phố Đà Nẵng"  # revokes today, since the 2025 merger

PICK = """
import json, datetime
from django.utils import timezone
from certificates.models import Certificate
today = timezone.localdate()
cert = (
    Certificate.objects.valid()
    .filter(stars={stars}, product__commune__parent__name={district!r}, valid_until__gt=today + datetime.timedelta(days=60))
    .exclude(inspections__isnull=False)
    .select_related("product", "decision")
    .order_by("number")
    .first()
)
print(json.dumps({{
    "pk": cert.pk, "number": cert.number, "product": cert.product.name, "stars": cert.stars,
    "issued_on": cert.issued_on.strftime("%d/%m/%Y"), "valid_until": cert.valid_until.strftime("%d/%m/%Y"),
    "verify": cert.get_verify_url(), "public_url": cert.product.get_public_url(),
    "signer_name": cert.decision.signer_name, "signer_title": cert.decision.signer_title,
    "revoking_authority": cert.revoking_authority, "issuer": cert.decision.issuing_unit.name,
    "decided_on": cert.decision.date.isoformat(),
    "today": today.isoformat(),
}}))
"""


def pick(demo_site, *, stars: int, district: str) -> dict:
    return json.loads(demo_site.shell(PICK.format(stars=stars, district=district)).splitlines()[-1])


def shot(page, name: str) -> None:
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def open_certificate(page, demo_site, number: str) -> None:
    """Đánh giá → Giấy chứng nhận → search the number → open it."""
    page.goto(f"{demo_site.url}/dashboard/")
    page.locator("nav").get_by_role("button", name="Đánh giá").or_(
        page.locator("nav").get_by_role("link", name="Đánh giá", exact=True)
    ).first.click()
    page.locator("nav").get_by_role("link", name="Giấy chứng nhận", exact=True).click()
    page.wait_for_url("**/evaluation/certificates/")
    page.fill("input[name=q]", number)
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1, rows.all_inner_texts()
    page.get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(r"/evaluation/certificates/\d+/$"))


def test_certificate_qr_leads_back_to_this_portal_and_confirms_it(login, visitor, demo_site, tmp_path):
    cert = pick(demo_site, stars=4, district="Huyện Quế Sơn")
    dard = login("demo_province")
    open_certificate(dard, demo_site, cert["number"])
    page = dard.locator("main, body").first.inner_text()
    assert f"Giấy chứng nhận {cert['number']}" in page
    for fact in (cert["product"], "4★", "Cấp tỉnh", cert["issued_on"], cert["valid_until"], "Còn hiệu lực"):
        assert fact in page, fact
    shot(dard, "1-certificate")

    # the PDF as DARD downloads it from the page
    with dard.expect_download() as download:
        dard.get_by_role("link", name="Giấy chứng nhận (PDF)").click()
    assert download.value.suggested_filename == f"giay-chung-nhan-{cert['number']}.pdf"
    pdf_path = tmp_path / "certificate.pdf"
    download.value.save_as(pdf_path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf_path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in text and cert["product"] in text and "Đạt hạng 4 sao" in text
    assert f"Số: {cert['number']}" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    subprocess.run(["cp", str(png), f"{SHOTS}/2-certificate-pdf.png"], check=False)
    qr = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
    # the demo portal runs on a free port with HOST/PORT and no SITE_URL: the QR names that very server
    assert qr.startswith(f"{demo_site.url}/verify/"), qr
    assert qr == f"{demo_site.url}{cert['verify']}"

    # a visitor (no session) scans it
    response = visitor.goto(qr)
    assert response.status == 200
    body = visitor.locator("body").inner_text()
    assert "Xác thực giấy chứng nhận OCOP" in body
    assert "Hợp lệ và còn hiệu lực" in body
    assert f"Giấy chứng nhận này do Chương trình OCOP cấp và có hiệu lực đến {cert['valid_until']}." in body
    for fact in (cert["number"], cert["product"], cert["issued_on"], cert["valid_until"]):
        assert fact in body, fact
    assert visitor.locator(".stars [aria-hidden=true]").first.inner_text().strip() == "★★★★"
    assert visitor.locator(".stars .visually-hidden").first.text_content() == "4 sao"  # read aloud
    shot(visitor, "3-verify-valid")


def test_revocation_names_its_decision_on_the_verification_page(login, visitor, demo_site):
    cert = pick(demo_site, stars=3, district="Huyện Nam Trà My")
    today = datetime.date.fromisoformat(cert["today"])
    decided = today - datetime.timedelta(days=2)
    dard = login("demo_province")
    open_certificate(dard, demo_site, cert["number"])

    # 1. DARD records its own inspection of the product …
    dard.get_by_role("link", name="Báo cáo kết quả kiểm tra").click()
    assert cert["number"] in dard.locator("select[name=certificate] option:checked").inner_text()
    dard.fill("input[name=inspected_on]", today.isoformat())
    dard.fill("textarea[name=finding]", "Kiểm tra đột xuất: nhãn sản phẩm ghi sai hạn sử dụng.")
    dard.get_by_role("button", name="Báo cáo Sở NN&MT").click()
    dard.wait_for_url(re.compile(r"/evaluation/inspections/\d+/$"))
    assert "Đã báo cáo Sở NN&MT" in dard.locator("body").inner_text()

    # 2. … proposes the revocation …
    dard.fill("textarea[name=text]", "Đề nghị UBND tỉnh thu hồi giấy chứng nhận.")
    dard.get_by_role("button", name="Đề nghị thu hồi").click()
    body = dard.locator("body").inner_text()
    assert "Đã đề nghị thu hồi" in body
    # recognised by UBND tỉnh Quảng Nam before the 2025 merger or by the city after it: revoked today by
    # the city, which succeeded the province (issue 14)
    merged = datetime.date.fromisoformat(cert["decided_on"]) >= datetime.date(2025, 7, 1)
    assert cert["issuer"] == ("Thành phố Đà Nẵng" if merged else "Tỉnh Quảng Nam")
    assert cert["revoking_authority"] == AUTHORITY
    assert f"Quyết định thu hồi của {AUTHORITY}" in body
    # the recognising decision's signer is offered as the likely signer
    assert dard.input_value("input[name=signer_name]") == cert["signer_name"]
    assert dard.input_value("input[name=signer_title]") == cert["signer_title"]

    # 3. … and records the People's Committee's revocation decision
    number = "987/QĐ-UBND"
    dard.fill("input[name=decision_number]", number)
    dard.fill("input[name=decision_date]", decided.isoformat())
    dard.fill("textarea[name=reason]", "Vi phạm quy định về ghi nhãn hàng hóa.")
    shot(dard, "4-revocation-form")
    dard.get_by_role("button", name="Thu hồi giấy chứng nhận").click()
    dard.wait_for_load_state()
    # Asked first: what revoking does; nothing is revoked until confirmed.
    assert dard.get_by_role("heading", level=1).inner_text() == "Thu hồi giấy chứng nhận?"
    assert "Sản phẩm rời danh mục công khai" in dard.locator("main").inner_text()
    dard.get_by_role("button", name="Xác nhận thu hồi giấy chứng nhận").click()
    dard.wait_for_load_state()
    body = dard.locator("body").inner_text()
    assert "Đã thu hồi giấy chứng nhận: sản phẩm đã được gỡ khỏi danh mục sản phẩm công khai." in body
    sentence = f"Đã thu hồi theo Quyết định số {number} ngày {decided:%d/%m/%Y} của {AUTHORITY}."
    assert sentence in body
    shot(dard, "5-revoked")

    # the certificate page names the decision too
    dard.get_by_role("link", name=cert["number"], exact=True).click()
    body = dard.locator("body").inner_text()
    assert "Đã thu hồi" in body and sentence in body
    stored = demo_site.shell(
        "from certificates.models import Certificate as C; "
        f"c = C.objects.get(pk={cert['pk']}); "
        "print(c.status, c.revocation_decision_number, c.revoked_on.isoformat(), c.revocation_signer_name)"
    )
    assert stored.splitlines()[-1] == f"revoked {number} {decided.isoformat()} {cert['signer_name']}"

    # a visitor checks the certificate by its number
    visitor.goto(f"{demo_site.url}/verify/")
    visitor.fill("input[name=q]", cert["number"])
    visitor.locator("input[name=q]").press("Enter")
    visitor.wait_for_url(f"**{cert['verify']}")
    body = visitor.locator("body").inner_text()
    assert "ĐÃ THU HỒI" in body
    assert sentence in body
    assert f"Người ký: {cert['signer_title']} {cert['signer_name']}." in body
    assert "Lý do thu hồi: Vi phạm quy định về ghi nhãn hàng hóa." in body
    assert cert["number"] in body and cert["product"] in body
    shot(visitor, "6-verify-revoked")
    # and the product has left the public catalogue: its page says so (410 Gone)
    assert visitor.goto(f"{demo_site.url}{cert['public_url']}").status == 410
    assert "Không còn được công nhận" in visitor.title()
