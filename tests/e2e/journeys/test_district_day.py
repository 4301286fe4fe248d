"""A commune economic officer's working day (demo_district: until 30/06/2025 Phòng NN&PTNT huyện Duy
Xuyên, since the 2025 reform Phòng Kinh tế xã Nam Phước, Thành phố Đà Nẵng), in the browser.

She signs in, reads her dashboard (each count labelled with what it counts, equal to the list behind
its link), finds her commune's products (this year's in Xã Nam Phước, and the history of the communes
it merged), opens the city's call for dossiers, completes the draft dossier of "Mật ong hoa tràm Duy
Vinh" (registered this year in Xã Nam Phước; reserved for this journey by ``dossiers/demo.py``) with
real PDF files, watches the checklist progress, attests the on-site check and submits the dossier to
the city. The Sở Nông nghiệp và Môi trường (demo_city) returns it with remarks; she reads them,
replaces the file, resubmits. Reaching for Xã Đại Lộc's product and dossier is refused with the
Vietnamese 404 page.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

PRODUCT = "Mật ong hoa tràm Duy Vinh"

FACTS = """
import json, datetime
from django.utils import timezone
from accounts import access
from accounts.models import User
from dossiers import checks
from dossiers import workflows as wf
from dossiers.models import Dossier, DossierCall
from products.models import Product
from plans.models import AnnualPlan, PlanProduct
user = User.objects.get(username="demo_district")
today = timezone.localdate()
d = Dossier.objects.select_related("product", "call").get(product__name=%(product)r, year=today.year)
call = d.call
lines = checks.checklist(d)
other = Product.objects.filter(commune__code="2025-20500", registered_year=today.year).order_by("pk").first()
other_dossier = Dossier.objects.filter(product__commune__code="2025-20500").order_by("pk").first()
batches = list(call.batches.order_by("number"))
quota = call.district_quotas.filter(district=user.unit).first()
dx = access.visible(user, Product)
plan = AnnualPlan.objects.filter(year=today.year, province=user.unit.parent).first()
print(json.dumps({
    "today": today.isoformat(),
    "dossier": d.pk, "status": d.status, "call": call.pk, "call_title": call.title,
    "unit": str(call.issuing_unit), "commune": user.unit.name, "commune_pk": user.unit.pk,
    "areas": sorted({p.commune.name for p in dx.select_related("commune")}),
    "this_year": dx.filter(registered_year=today.year, commune=user.unit).count(),
    "kinds": [[l.kind.pk, l.kind.name, l.kind.code, l.required, l.present, l.kind.is_uploaded] for l in lines],
    "batches": [[b.number, b.deadline.strftime("%%d/%%m/%%Y"), b.quota_percent] for b in batches],
    "registered": quota.registered_count if quota else None,
    "submitted_by_batch1": Dossier.objects.in_unit(user.unit).filter(call=call)
        .submitted_by(batches[0].deadline).count(),
    # The batch a dossier sent today falls in: the first whose deadline has not passed.
    "open_batch": next(([b.number, b.deadline.strftime("%%d/%%m/%%Y"), b.quota_percent,
        Dossier.objects.in_unit(user.unit).filter(call=call).submitted_by(b.deadline).count()]
        for b in batches if b.deadline >= today), None),
    "other_product": other.pk, "other_product_name": other.name, "other_dossier": other_dossier.pk,
    "products_total": dx.count(), "products_certified": dx.certified().count(),
    "to_complete": Dossier.objects.in_unit(user.unit).filter(year=today.year, status__in=wf.EDITABLE).count(),
    "plan_products": access.visible(user, PlanProduct).filter(plan=plan).count() if plan else None,
}))
"""

STATE = """
import json
from dossiers.models import Dossier
d = Dossier.objects.select_related("product", "batch").get(pk=%(pk)d)
print(json.dumps({
    "status": d.status, "product_state": d.product.state, "batch": d.batch.number if d.batch else None,
    "is_late": d.is_late, "onsite": d.onsite_checked_on.isoformat() if d.onsite_checked_on else None,
    "onsite_by": d.onsite_checked_by.username if d.onsite_checked_by else None,
    "submitted_on": d.submitted_on.isoformat() if d.submitted_on else None,
    "documents": sorted([doc.kind.code, doc.original_name] for doc in d.documents.select_related("kind")),
    "transitions": [t.name for t in d.transitions.order_by("at", "pk")],
}))
"""


def shell_json(demo_site, code: str):
    """Run ``code`` in the demo site's Django; the last printed line is JSON (the shell may print an
    auto-import banner before it)."""
    return json.loads(demo_site.shell(code).splitlines()[-1])


def evidence_pdf(title: str) -> bytes:
    """A real one-page PDF with Vietnamese text, rendered by WeasyPrint as the portal renders its own."""
    from weasyprint import HTML

    html = (
        "<html lang='vi'><body style='font-family: DejaVu Sans, sans-serif'>"
        f"<h1>{title}</h1><p>Hồ sơ minh chứng — {PRODUCT}, Xã Nam Phước, thành phố Đà Nẵng.</p>"
        "</body></html>"
    )
    return HTML(string=html).write_pdf()


def snap(page, name: str) -> None:
    """A full-page screenshot into $JOURNEY_SCREENSHOTS (when set), to look at while developing."""
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/district-{name}.png", full_page=True)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def card(page, title: str):
    """The dashboard card whose heading is exactly ``title``."""
    return page.locator(".card", has=page.get_by_role("heading", name=title, exact=True))


def card_value(page, title: str) -> str:
    return card(page, title).locator(".display-6").inner_text().strip()


def open_dossiers_menu(page) -> None:
    page.locator("nav").get_by_role("button", name="Hồ sơ sản phẩm").click()
    page.locator("nav .dropdown-menu a[href='/dossiers/']").click()
    page.wait_for_load_state()


def test_district_officer_day(login, demo_site):
    facts = shell_json(demo_site, FACTS % {"product": PRODUCT})
    state = lambda: shell_json(demo_site, STATE % {"pk": facts["dossier"]})  # noqa: E731
    today = datetime.date.fromisoformat(facts["today"])
    assert facts["status"] == "draft"
    year = today.year

    # 1. The dashboard: every count says what it counts and equals the list behind its link.
    page = login("demo_district")
    snap(page, "dashboard")
    body = main_text(page)
    assert "Phòng Kinh tế xã/phường · Xã Nam Phước" in body
    # The dashboard opens on the to-do list, above the number cards: the dossier of the day is there,
    # to complete and submit before the open batch's deadline, nearest deadline first.
    assert page.locator("#todo").bounding_box()["y"] < page.locator(".card").first.bounding_box()["y"]
    todo = page.locator("#todo .todo-item", has_text=f"Hoàn thiện và nộp hồ sơ: {PRODUCT}")
    assert todo.count() == 1 and f"Hạn {facts['open_batch'][1]}" in todo.text_content()
    assert todo.get_attribute("href") == f"/dossiers/{facts['dossier']}/"
    products_title = "Tất cả sản phẩm (mọi trạng thái)"
    plan_title = f"Sản phẩm của xã trong kế hoạch năm {year}, theo bước"
    dossier_title = f"Hồ sơ năm {year} cần hoàn thiện"
    assert card_value(page, products_title) == str(facts["products_total"])
    assert (
        f"{facts['products_certified']} sản phẩm có giấy chứng nhận còn hiệu lực"
        in card(page, products_title).inner_text()
    )
    # Fewer products in the plan's per-step card than in the registry: the labels say why.
    assert card_value(page, plan_title) == str(facts["plan_products"])
    assert facts["plan_products"] < facts["products_total"]
    assert card_value(page, dossier_title) == str(facts["to_complete"])
    assert "Hồ sơ dự thảo và hồ sơ bị trả lại để bổ sung" in card(page, dossier_title).inner_text()
    # The products card opens the list of the same products.
    card(page, products_title).get_by_role("link").click()
    page.wait_for_load_state()
    assert f"{facts['products_total']} sản phẩm" in main_text(page)
    # This year's products in Xã Nam Phước, and the history of the old communes it merged.
    assert facts["this_year"] >= 1 and facts["commune"] in facts["areas"]
    assert set(facts["areas"]) <= {"Xã Nam Phước", "Thị trấn Nam Phước", "Xã Duy Phước", "Xã Duy Vinh"}
    # The dossier card opens exactly the dossiers it counts.
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    card(page, dossier_title).get_by_role("link").click()
    page.wait_for_load_state()
    listed = page.locator("table tbody tr")
    assert listed.count() == facts["to_complete"]
    assert PRODUCT in main_text(page)
    statuses = {listed.nth(i).locator("td").nth(4).inner_text().strip() for i in range(listed.count())}
    assert statuses <= {"Dự thảo", "Trả lại để bổ sung"}

    # 2. The city's call for dossiers: its batches, deadlines and the commune's quota.
    page.get_by_role("link", name="Đợt nộp và hạn chót").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=facts["call_title"]).first.click()
    page.wait_for_load_state()
    snap(page, "call")
    call_text = main_text(page)
    for number, deadline, percent in facts["batches"]:
        assert f"Đợt {number}: hạn chót {deadline}, nộp tối thiểu {percent} %" in call_text
    first_deadline = facts["batches"][0][1]
    needed = math.ceil(facts["registered"] * facts["batches"][0][2] / 100)
    row = page.locator("table tbody tr", has_text=facts["commune"])
    assert row.count() == 1  # her commune's row only
    assert f"{facts['registered']} (kế hoạch)" in row.inner_text()
    assert f"Đã nộp {facts['submitted_by_batch1']}/{needed}" in row.inner_text()
    assert f"Đợt 1 (trước {first_deadline})" in call_text

    # 3. The draft dossier: checklist progress, what is missing.
    open_dossiers_menu(page)
    page.get_by_role("link", name=PRODUCT).click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(f"/dossiers/{facts['dossier']}")
    required = [k for k in facts["kinds"] if k[3]]
    present = sum(1 for k in required if k[4])
    snap(page, "dossier-draft")
    progress = page.locator("#checklist-progress")
    assert progress.inner_text() == f"đã có {present}/{len(required)} thành phần bắt buộc"
    assert page.get_by_role("button", name="Nộp hồ sơ").is_disabled()
    missing_uploads = [k for k in required if not k[4] and k[5]]
    assert missing_uploads, "the journey dossier must start incomplete"
    missing_box = page.locator("#missing-list").inner_text()
    for _pk, name, *_ in missing_uploads:
        assert name in missing_box
    assert "Xác nhận kiểm tra thực tế" in missing_box

    # 4. Upload one real PDF per missing kind; the progress moves one step each time.
    pdfs = {}
    for n, (kind_pk, name, code, *_rest) in enumerate(missing_uploads, start=1):
        item = page.locator(f"#kind-{kind_pk}")
        pdfs[kind_pk] = evidence_pdf(name)
        assert pdfs[kind_pk].startswith(b"%PDF-")
        item.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": f"{code}-mat-ong-hoa-tram.pdf",
                    "mimeType": "application/pdf",
                    "buffer": pdfs[kind_pk],
                }
            ]
        )
        item.get_by_role("button", name="Tải lên").click()
        page.wait_for_load_state()
        assert f"Đã thêm 1 tệp vào “{name}”." in main_text(page)
        assert f"{code}-mat-ong-hoa-tram.pdf" in page.locator(f"#kind-{kind_pk}").inner_text()
        assert progress.inner_text() == f"đã có {present + n}/{len(required)} thành phần bắt buộc"
    after_uploads = state()
    assert after_uploads["status"] == "draft"
    for _pk, _name, code, *_ in missing_uploads:
        assert [code, f"{code}-mat-ong-hoa-tram.pdf"] in after_uploads["documents"]
    # The same file twice is refused, and nothing is added.
    first = missing_uploads[0]
    page.locator(f"#kind-{first[0]}").locator("input[type=file]").set_input_files(
        files=[{"name": "lan-hai.pdf", "mimeType": "application/pdf", "buffer": pdfs[first[0]]}]
    )
    page.locator(f"#kind-{first[0]}").get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    assert f"Tệp này đã có trong hồ sơ với tên “{first[2]}-mat-ong-hoa-tram.pdf”." in main_text(page)
    assert state()["documents"] == after_uploads["documents"]
    assert page.get_by_role("button", name="Nộp hồ sơ").is_disabled()  # on-site check still missing

    # 5. Attest the on-site check (two days ago).
    checked = today - datetime.timedelta(days=2)
    page.fill("input[name=checked_on]", checked.isoformat())
    page.fill("textarea[name=note]", "Đã kiểm tra cơ sở nuôi ong và khu sơ chế tại thôn Duy Vinh.")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    snap(page, "attested")
    assert "Đã xác nhận kiểm tra thực tế." in main_text(page)
    assert f"Đã kiểm tra thực tế ngày {checked:%d/%m/%Y}, do Phạm Thị Dung xác nhận." in main_text(page)
    attested = state()
    assert attested["onsite"] == checked.isoformat() and attested["onsite_by"] == "demo_district"

    # 6. Submit to the city: the confirmation names the city, the time and the batch.
    submit = page.get_by_role("button", name="Nộp hồ sơ")
    assert submit.is_enabled()
    submit.click()
    page.wait_for_load_state()
    # Asked first (the submission is binding): to whom it goes, that it freezes; nothing sent yet.
    assert page.get_by_role("heading", level=1).inner_text() == "Nộp hồ sơ?"
    assert f"Hồ sơ được gửi đến {facts['unit']} để đánh giá." in main_text(page)
    assert state()["status"] == "draft"
    snap(page, "submit-confirm")
    page.get_by_role("button", name="Xác nhận nộp hồ sơ").click()
    page.wait_for_load_state()
    snap(page, "submitted")
    text = main_text(page)
    assert f"Hồ sơ đã được gửi lên {facts['unit']} để đánh giá lúc {today:%d/%m/%Y}" in text
    assert facts["open_batch"], "the demo's current call has no batch still open today"
    open_number, open_deadline, open_percent, open_submitted = facts["open_batch"]
    assert f"Đợt {open_number} (trước {open_deadline})" in text
    assert "Hồ sơ hiện ở trạng thái “Đã nộp” và không sửa được nữa, trừ khi bị trả lại." in text
    assert page.locator("input[type=file]").count() == 0  # no more uploads once submitted
    submitted = state()
    assert (
        submitted["status"] == "submitted" and submitted["batch"] == open_number and not submitted["is_late"]
    )
    assert submitted["submitted_on"] == today.isoformat()
    assert submitted["product_state"] == "dossier_submitted"
    # The call now counts it for the commune.
    page.goto(f"{demo_site.url}/dossiers/calls/{facts['call']}/")
    row = page.locator("table tbody tr", has_text=facts["commune"])
    open_needed = math.ceil(facts["registered"] * open_percent / 100)
    assert f"Đã nộp {open_submitted + 1}/{open_needed}" in row.inner_text()

    # 7. The city's Sở Nông nghiệp và Môi trường returns it with remarks (another person, another browser).
    province = login("demo_city")
    province.goto(f"{demo_site.url}/dossiers/?q=hoa+tram")
    province.get_by_role("link", name=PRODUCT).click()
    province.wait_for_load_state()
    province.get_by_role("link", name="Trả lại để bổ sung").click()
    province.wait_for_load_state()
    test_kind = next(k for k in facts["kinds"] if k[2] == "test-reports")
    province.fill("textarea[name=general]", "Đề nghị bổ sung trước hạn đợt 1.")
    province.fill(f"textarea[name=kind_{test_kind[0]}]", "Phiếu kiểm nghiệm chưa có chỉ tiêu vi sinh.")
    snap(province, "return-form")
    province.get_by_role("button", name="Trả về địa phương").click()
    province.wait_for_load_state()
    assert "Đã trả hồ sơ về địa phương để bổ sung." in main_text(province)
    returned = state()
    assert returned["status"] == "returned" and returned["product_state"] == "in_development"

    # 8. Back at the commune: the remarks are on top and next to the kind; fix and resubmit.
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    card(page, dossier_title).get_by_role("link").click()
    page.get_by_role("link", name=PRODUCT).click()
    page.wait_for_load_state()
    snap(page, "returned")
    remarks = page.locator("#return-remarks").inner_text()
    assert re.search(rf"Bị trả lại để bổ sung lúc {today:%d/%m/%Y} \d\d:\d\d — Lê Thị Thu", remarks)
    assert "Đề nghị bổ sung trước hạn đợt 1." in remarks
    assert f"{test_kind[1]}: Phiếu kiểm nghiệm chưa có chỉ tiêu vi sinh." in remarks
    kind_item = page.locator(f"#kind-{test_kind[0]}")
    assert "Phiếu kiểm nghiệm chưa có chỉ tiêu vi sinh." in kind_item.inner_text()
    kind_item.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "phieu-kiem-nghiem-vi-sinh.pdf",
                "mimeType": "application/pdf",
                "buffer": evidence_pdf("Phiếu kết quả kiểm nghiệm — chỉ tiêu vi sinh"),
            }
        ]
    )
    kind_item.get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Nộp lại hồ sơ").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Xác nhận nộp hồ sơ").click()
    page.wait_for_load_state()
    text = main_text(page)
    assert "Hồ sơ hiện ở trạng thái “Đã nộp lại”" in text
    assert f"Đợt {open_number} (trước {open_deadline})" in text  # the batch of the first submission is kept
    final = state()
    assert final["status"] == "resubmitted" and final["batch"] == open_number
    assert final["product_state"] == "dossier_submitted"
    assert final["transitions"][-3:] == ["submit", "return", "resubmit"]

    # 9. Xã Đại Lộc's product and dossier are out of reach: the Vietnamese 404 page, no data.
    for url in (f"/products/{facts['other_product']}/", f"/dossiers/{facts['other_dossier']}/"):
        response = page.goto(f"{demo_site.url}{url}")
        snap(page, "refused")
        assert response.status == 404
        text = main_text(page)
        assert "Trang bạn yêu cầu không tồn tại hoặc không còn khả dụng." in text
        assert "ngoài địa bàn của bạn (huyện hoặc xã khác)" in text
        assert facts["other_product_name"] not in text
    # Nor can she act on it: attesting Xã Đại Lộc's dossier (a valid, CSRF-protected POST) is refused.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    before = shell_json(demo_site, STATE % {"pk": facts["other_dossier"]})
    response = page.request.post(
        f"{demo_site.url}/dossiers/{facts['other_dossier']}/onsite-check/",
        form={"checked_on": today.isoformat(), "confirm": "on", "note": "x"},
        headers={"X-CSRFToken": token, "Referer": f"{demo_site.url}/dossiers/"},
    )
    assert response.status == 404
    assert shell_json(demo_site, STATE % {"pk": facts["other_dossier"]}) == before
