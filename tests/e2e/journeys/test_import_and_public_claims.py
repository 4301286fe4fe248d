"""Issue 13, defects 2 and 8 in a real browser: a district officer's spreadsheet rating is only a proposal
(previewed, then confirmed with one button, the very file kept server-side), the public sees no stars
until DARD confirms it on the review screen, and then /verify/ confirms what the catalogue claims.
A visitor walks the catalogue and the open data: every product called certified verifies."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import urllib.parse
import urllib.request

from dateutil.relativedelta import relativedelta
from openpyxl import Workbook

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

PRODUCT = "Nước mắm nhĩ Bà Tư Duy Vinh"
PRODUCER = "Cơ sở nước mắm Bà Tư"
DECISION = "321/QĐ-UBND"


def spreadsheet(path, recognised_on: datetime.date):
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Tên sản phẩm",
            "Chủ thể",
            "Loại hình chủ thể",
            "Mã số doanh nghiệp",
            "Xã/Phường/Thị trấn",
            "Huyện/Thị xã/Thành phố",
            "Nhóm sản phẩm",
            "Hạng sao",
            "Số quyết định công nhận",
            "Ngày công nhận",
        ]
    )
    ws.append(
        [
            PRODUCT,
            PRODUCER,
            "Hộ sản xuất",
            None,
            "Xã Duy Vinh",  # now part of Xã Nam Phước, the officer's commune
            "Huyện Duy Xuyên",
            "1.4",
            3,
            DECISION,
            recognised_on.strftime("%d/%m/%Y"),
        ]
    )
    wb.save(path)


RESUBMIT = """([token, sha256, csrf]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/products/import/confirm/";
  for (const [name, value] of [["token", token], ["sha256", sha256], ["csrfmiddlewaretoken", csrf]]) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def facts(demo_site) -> dict:
    """What the database says about the imported product (its proposal and certificate)."""
    code = f"""
import json
from products.models import Product
from certificates.models import CertificateProposal, Certificate
p = Product.objects.filter(name={PRODUCT!r}).first()
out = {{"exists": p is not None}}
if p:
    out.update(stars=p.stars, number=p.certificate_number, state=p.state, public=Product.objects.public().filter(pk=p.pk).exists(),
               proposals=list(CertificateProposal.objects.filter(product=p).values_list("status", "source_file", "source_row")),
               certificates=list(Certificate.objects.filter(product=p).values_list("number", "recorded_from_paper", "decision_number")))
print(json.dumps(out))
"""
    return json.loads(demo_site.shell(code).splitlines()[-1])


def open_data_names(demo_site) -> dict[str, str]:
    with urllib.request.urlopen(f"{demo_site.url}/api/products.csv", timeout=30) as response:
        text = response.read().decode("utf-8-sig")
    return {row["name"]: row["certificate_number"] for row in csv.DictReader(io.StringIO(text))}


def test_a_district_rating_waits_for_dard_then_verifies(login, visitor, demo_site, tmp_path):
    # a district's 3★ decision from paper: districts recognised 3★ until the 2025 reform (148), and the
    # certificate is still within its 36 months
    recognised_on = min(datetime.date.today() - relativedelta(months=10), datetime.date(2025, 6, 30))
    path = tmp_path / "ocop-duy-xuyen.xlsx"
    spreadsheet(path, recognised_on)

    # --- the former district officer, now in Xã Nam Phước's economic office (which holds Xã Duy Vinh's
    # records), previews the old district's file: nothing saved, no dry-run box to forget
    district = login("demo_district")
    district.goto(f"{demo_site.url}/products/")
    district.get_by_role("link", name="Nhập", exact=True).click()
    district.wait_for_load_state()
    assert district.locator("input[type=checkbox]").count() == 0
    district.set_input_files("input[type=file]", str(path))
    district.get_by_role("button", name="Tải lên và xem trước").click()
    district.wait_for_load_state()
    summary = district.locator("#import-summary").inner_text()
    assert "Xem trước: chưa lưu dữ liệu nào" in summary
    assert "1 hạng sao sẽ được đề nghị Sở NN&MT xác nhận" in summary
    row = district.locator("table tbody tr", has_text=PRODUCT)
    assert "đề nghị Sở xác nhận" in row.inner_text() and DECISION in row.inner_text()
    assert not facts(demo_site)["exists"], "the preview saved something"

    # --- one button imports the very file previewed (no file to pick again)
    form = district.locator("#import-confirm")
    replay = [form.locator(f"input[name={n}]").get_attribute("value") for n in ("token", "sha256")]
    replay.append(form.locator("input[name=csrfmiddlewaretoken]").get_attribute("value"))
    district.get_by_role("button", name="Xác nhận nhập").click()
    district.wait_for_load_state()
    page_text = district.locator("main").inner_text()
    assert "Đã nhập tệp." in page_text
    assert "Đã đề nghị Sở NN&MT xác nhận 1 hạng sao" in page_text
    state = facts(demo_site)
    assert state["exists"] and state["stars"] is None and state["number"] == "" and not state["public"]
    assert state["proposals"] == [["pending", "ocop-duy-xuyen.xlsx", 2]]
    assert state["certificates"] == []
    # the same confirmation sent again (a double click, a resubmitted page) imports nothing twice
    with district.expect_navigation():
        district.evaluate(RESUBMIT, replay)
    assert "Không tìm thấy bản xem trước này" in district.locator("main").inner_text()

    # --- the public sees no stars for it: not in the catalogue, not in open data
    visitor.goto(f"{demo_site.url}/catalog/?q={urllib.parse.quote(PRODUCT)}")
    assert visitor.locator(f"a:has-text('{PRODUCT}')").count() == 0
    assert PRODUCT not in open_data_names(demo_site)

    # --- DARD reviews the proposal (its source file and row) and confirms it
    dard = login("demo_province")
    dard.goto(f"{demo_site.url}/evaluation/certificates/proposals/")
    proposal = dard.locator("#proposals tbody tr", has_text=PRODUCT)
    text = proposal.inner_text()
    assert "ocop-duy-xuyen.xlsx, dòng 2" in text and "3★" in text and DECISION in text
    assert recognised_on.strftime("%d/%m/%Y") in text and "UBND huyện Duy Xuyên" in text
    proposal.get_by_role("button", name="Xác nhận", exact=True).click()
    dard.wait_for_load_state()
    state = facts(demo_site)
    number = state["number"]
    assert re.fullmatch(rf"OCOP-QNA-{recognised_on.year}-G\d{{4}}", number), number
    assert (
        f"Đã xác nhận: ghi nhận giấy chứng nhận bản giấy {number} cho {PRODUCT}."
        in dard.locator("main").inner_text()
    )
    assert state["public"] and state["stars"] == 3
    assert state["certificates"] == [[number, True, DECISION]]

    # --- the visitor sees it certified, and /verify/ confirms the very number shown
    visitor.goto(f"{demo_site.url}/catalog/?q={urllib.parse.quote(PRODUCT)}")
    visitor.get_by_role("link", name=PRODUCT).first.click()
    visitor.wait_for_load_state()
    body = visitor.locator("main").inner_text()
    assert "★★★" in body and number in body and DECISION in body
    assert open_data_names(demo_site)[PRODUCT] == number
    visitor.goto(f"{demo_site.url}/verify/?q={urllib.parse.quote(number)}")
    verdict = visitor.locator("main").inner_text()
    assert "Hợp lệ và còn hiệu lực" in verdict
    assert PRODUCT in verdict and "Ghi nhận từ bản giấy" in verdict
    assert f"{DECISION} ngày {recognised_on:%d/%m/%Y}, UBND huyện Duy Xuyên" in verdict


VERIFY_ALL = """
import json
from django.test import RequestFactory
from certificates.views.public import verify, verify_lookup
numbers = json.loads({numbers!r})
factory = RequestFactory()
bad = []
for i, number in enumerate(numbers):
    ip = "10.%d.%d.%d" % (i // 65536 % 256, i // 256 % 256, i % 256)
    found = verify_lookup(factory.get("/verify/", {{"q": number}}, REMOTE_ADDR=ip, HTTP_HOST="127.0.0.1"))
    if found.status_code != 302:
        bad.append([number, "not found"])
        continue
    code = found["Location"].rstrip("/").rsplit("/", 1)[-1]
    page = verify(factory.get(found["Location"], REMOTE_ADDR=ip, HTTP_HOST="127.0.0.1"), code)
    if b"Genuine and valid" not in page.content and "Hợp lệ và còn hiệu lực".encode() not in page.content:
        bad.append([number, "not valid"])
print(json.dumps({{"checked": len(numbers), "bad": bad}}))
"""


def verify_all(demo_site, numbers) -> dict:
    out = demo_site.shell(VERIFY_ALL.format(numbers=json.dumps(numbers)))
    return json.loads(out.splitlines()[-1])


def test_every_product_the_public_calls_certified_verifies(visitor, demo_site):
    # the first two catalogue pages, as a visitor reads them: each product page shows its certificate
    numbers = {}
    for page in (1, 2):
        visitor.goto(f"{demo_site.url}/catalog/?page={page}")
        links = visitor.locator("main .card-title a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert len(hrefs) == 24, f"page {page} shows {len(hrefs)} products"
        for href in hrefs:
            visitor.goto(f"{demo_site.url}{href}")
            main = visitor.locator("main")
            assert "★" in main.locator(".stars").first.inner_text()
            number = re.search(r"OCOP-[A-Z]{3}-\d{4}-[A-Z]\d{4}", main.inner_text())  # QNA, or DNG (the city)
            assert number, f"{href} shows no certificate number"
            numbers[href] = number.group(0)
    # a few through the browser, as a visitor checks a label (the lookup is rate-limited per address)
    for number in list(numbers.values())[:5]:
        visitor.goto(f"{demo_site.url}/verify/?q={urllib.parse.quote(number)}")
        assert "Hợp lệ và còn hiệu lực" in visitor.locator("main").inner_text(), number
    # every one of them, and every row of the open data, through the same verification views
    open_data = open_data_names(demo_site)
    assert len(open_data) >= 300  # the demo's certified products
    result = verify_all(demo_site, sorted(set(numbers.values()) | set(open_data.values())))
    assert result["bad"] == [] and result["checked"] >= len(open_data)
    # and the database agrees: no product with stars lacks the certificate it names
    unbacked = demo_site.shell(
        "from products.models import Product\n"
        "from certificates.models import Certificate\n"
        "print(sum(1 for p in Product.objects.filter(stars__isnull=False) if not "
        "Certificate.objects.filter(product=p, number=p.certificate_number, stars=p.stars).exists()))"
    )
    assert unbacked.splitlines()[-1] == "0"
