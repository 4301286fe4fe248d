"""A commune official's working day (demo_commune: until 30/06/2025 UBND Thị trấn Nam Phước, since the
2025 reform vice-chairwoman of UBND xã Nam Phước, Thành phố Đà Nẵng), in the browser.

She signs in and sees how many of her commune's products wait for the commune's assessment of the
local criteria (148/QĐ-TTg as amended by 1489/QĐ-TTg): "Nem chua Nam Phước", registered this year in
Xã Nam Phước, whose dossier ``dossiers/demo.py`` reserves for this journey. She starts the report,
tries to send it with a criterion unanswered (refused, the draft kept and said so), completes it and
sends it. The report is then part of the product's dossier, the count on her dashboard drops, and
another commune's report or dossier (Xã Đại Lộc's) stays out of reach (Vietnamese 404).
"""

from __future__ import annotations

import datetime
import json
import os

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

PRODUCT = "Nem chua Nam Phước"


def minutes_pdf() -> bytes:
    """The scan of the signed and stamped minutes (the report's legal document): a real one-page PDF."""
    from weasyprint import HTML

    html = (
        "<html lang='vi'><body style='font-family: DejaVu Sans, sans-serif'><h1>BIÊN BẢN HỌP</h1>"
        f"<p>UBND xã Nam Phước đánh giá sản phẩm {PRODUCT}. (Đã ký, đóng dấu.)</p></body></html>"
    )
    return HTML(string=html).write_pdf()


CARD = "Sản phẩm chờ báo cáo cấp xã"

FACTS = """
import json
from django.utils import timezone
from accounts.models import User
from dossiers import checks
from dossiers.models import CommuneReport, Dossier, LocalCriterion
user = User.objects.get(username="demo_commune")
today = timezone.localdate()
d = Dossier.objects.select_related("call", "call__regulation").get(product__name=%(product)r, year=today.year)
waiting = checks.awaiting_commune_report(user.unit)
other_report = CommuneReport.objects.exclude(commune=user.unit).order_by("pk").first()
other_dossier = Dossier.objects.filter(product__commune__code="2025-20500").order_by("pk").first()
criteria = LocalCriterion.objects.filter(regulation=d.call.regulation).prefetch_related("options")
print(json.dumps({
    "today": today.isoformat(), "commune": str(user.unit), "dossier": d.pk, "call": d.call.title,
    "waiting": [w.product.name for w in waiting],
    "reports": CommuneReport.objects.filter(commune=user.unit).count(),
    "criteria": [[c.pk, c.name, [o.label for o in c.options.all()]] for c in criteria],
    "other_report": other_report.pk, "other_commune": str(other_report.commune),
    "other_dossier": other_dossier.pk,
    "local_present": [l.present for l in checks.checklist(d) if not l.kind.is_uploaded],
}))
"""

REPORT = """
import json
from dossiers import checks
from dossiers.models import CommuneReport, Dossier
d = Dossier.objects.get(pk=%(dossier)d)
r = CommuneReport.objects.filter(items__dossier=d).order_by("-pk").first()
print(json.dumps(None if r is None else {
    "pk": r.pk, "status": r.status, "meeting": r.meeting_date.isoformat() if r.meeting_date else None,
    "chair": r.chair_name, "participants": r.participant_list,
    "items": [i.dossier.product.name for i in r.items.select_related("dossier__product")],
    "answers": sorted([a.criterion.name, a.option.label, a.comment]
        for a in r.items.get(dossier=d).assessments.select_related("criterion", "option")),
    "submitted_by": r.submitted_by.username if r.submitted_by else None,
    "dossier_status": d.status,
    "local_present": [l.present for l in checks.checklist(d) if not l.kind.is_uploaded],
    "transitions": [t.name for t in d.transitions.order_by("at", "pk")],
}))
"""


def shell_json(demo_site, code: str):
    """Run ``code`` in the demo site's Django; the last printed line is JSON."""
    return json.loads(demo_site.shell(code).splitlines()[-1])


def snap(page, name: str) -> None:
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/commune-{name}.png", full_page=True)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def card(page, title: str):
    return page.locator(".card", has=page.get_by_role("heading", name=title, exact=True))


def test_commune_official_day(login, demo_site):
    facts = shell_json(demo_site, FACTS % {"product": PRODUCT})
    today = datetime.date.fromisoformat(facts["today"])
    report_state = lambda: shell_json(demo_site, REPORT % {"dossier": facts["dossier"]})  # noqa: E731
    assert PRODUCT in facts["waiting"]
    assert facts["local_present"] == [False]
    assert report_state() is None

    # 1. The dashboard: how many products wait for the commune, equal to the list behind the card.
    page = login("demo_commune")
    snap(page, "dashboard")
    assert f"Cán bộ cấp xã · {facts['commune']}" in main_text(page)
    # The dashboard opens on her to-do list: the commune report to file, with its deadline.
    first = page.locator("#todo-list .todo-item").first
    assert first.locator(".todo-text").inner_text().startswith("Lập biên bản đánh giá của xã năm")
    assert "Hạn " in first.inner_text()
    box = page.locator("#todo").bounding_box()
    assert box["y"] < page.locator(".card", has=page.get_by_role("heading", name=CARD)).bounding_box()["y"]
    assert card(page, CARD).locator(".display-6").inner_text() == str(len(facts["waiting"]))
    assert "Đánh giá bốn tiêu chí địa phương" in card(page, CARD).inner_text()
    card(page, CARD).get_by_role("link").click()
    page.wait_for_load_state()
    waiting_box = page.locator(".card", has_text="Sản phẩm chờ xã đánh giá")
    assert waiting_box.locator("li").count() == len(facts["waiting"])
    assert f"{PRODUCT} · {facts['call']}" in waiting_box.inner_text()

    # 2. Start the report: it lists exactly the products still waiting, not those already reported.
    page.get_by_role("link", name="Báo cáo mới").click()
    page.wait_for_load_state()
    page.get_by_label("Kỳ tiếp nhận hồ sơ").select_option(label=facts["call"])
    page.get_by_role("button", name="Lập báo cáo").click()
    page.wait_for_load_state()
    assert "/edit/" in page.url
    legends = [t.strip() for t in page.locator("fieldset legend").all_inner_texts()]
    assert sorted(legends) == sorted(facts["waiting"])
    started = report_state()
    assert started["status"] == "draft" and started["items"] == facts["waiting"]

    # 3. The meeting and three of the four criteria; sending now is refused, the draft is kept.
    meeting = today - datetime.timedelta(days=1)
    page.get_by_label("Ngày họp").fill(meeting.isoformat())
    page.get_by_label("Chủ trì (Chủ tịch UBND xã)").fill("Nguyễn Văn Thành")
    page.get_by_label("Chức vụ người chủ trì").fill("Chủ tịch UBND xã Nam Phước")
    page.get_by_label("Thành phần tham dự (mỗi người một dòng)").fill(
        "Nguyễn Văn Thành — Chủ tịch UBND (chủ trì)\nLê Văn Bình — Công chức Địa chính - Nông nghiệp\n"
        "Trần Thị Mai — Chủ cơ sở sản xuất nem chua"
    )
    page.get_by_label("Kết luận").fill("Sản phẩm đáp ứng các tiêu chí địa phương, đề nghị thành phố xem xét.")
    product_set = page.locator("fieldset", has_text=PRODUCT)
    selects = product_set.locator("select")
    assert selects.count() == len(facts["criteria"])
    chosen = {}
    for n, (_pk, name, options) in enumerate(facts["criteria"][:-1]):
        chosen[name] = options[0]
        selects.nth(n).select_option(label=options[0])
        product_set.locator("textarea").nth(n).fill(f"Theo biên bản họp ngày {meeting:%d/%m/%Y}.")
    snap(page, "form")
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_load_state()
    snap(page, "refused")
    text = main_text(page)
    # Sending needs every field marked *: the errors are on the fields (the unanswered criterion and
    # the signed minutes), and nothing is saved by a refused send.
    assert "Chưa gửi được báo cáo: hãy sửa các trường được đánh dấu bên dưới." in text
    answered = page.locator("fieldset", has_text=PRODUCT).locator("select")
    flags = [
        "is-invalid" in (answered.nth(n).get_attribute("class") or "") for n in range(len(facts["criteria"]))
    ]
    assert flags == [False] * (len(facts["criteria"]) - 1) + [True]  # only the unanswered criterion
    assert "is-invalid" in page.locator("input[name=minutes]").get_attribute("class")
    assert "is-invalid" not in page.get_by_label("Ngày họp").get_attribute("class")
    assert report_state()["meeting"] is None
    # The draft can be saved as it is.
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_load_state()
    assert "Đã lưu bản nháp." in main_text(page)
    draft = report_state()
    assert draft["status"] == "draft" and draft["meeting"] == meeting.isoformat()
    assert draft["chair"] == "Nguyễn Văn Thành" and len(draft["participants"]) == 3
    assert len(draft["answers"]) == len(facts["criteria"]) - 1
    assert draft["local_present"] == [False]  # not part of the dossier until sent
    # The form shows what was saved.
    assert page.get_by_label("Ngày họp").input_value() == meeting.isoformat()

    # 4. The last criterion and the scan of the signed and stamped minutes, then send it: asked first.
    last_pk, last_name, last_options = facts["criteria"][-1]
    chosen[last_name] = last_options[-1]
    product_set = page.locator("fieldset", has_text=PRODUCT)
    product_set.locator("select").nth(len(facts["criteria"]) - 1).select_option(label=last_options[-1])
    page.locator("input[name=minutes]").set_input_files(
        files=[{"name": "bien-ban-hop-xa.pdf", "mimeType": "application/pdf", "buffer": minutes_pdf()}]
    )
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_load_state()
    snap(page, "confirm")
    assert page.get_by_role("heading", level=1).inner_text() == "Gửi biên bản đánh giá của xã?"
    assert "Bước này không thể hoàn tác." in main_text(page)
    assert report_state()["status"] == "draft"  # saved, not sent yet
    page.get_by_role("button", name="Xác nhận gửi biên bản").click()
    page.wait_for_load_state()
    snap(page, "sent")
    text = main_text(page)
    assert "Đã gửi báo cáo; báo cáo được đưa vào hồ sơ sản phẩm." in text
    assert "Đã nộp" in [b.strip() for b in page.locator(".badge").all_inner_texts()]
    sent_line = page.locator("#report-sent").inner_text()
    assert sent_line.startswith(f"Đã gửi lúc {today:%d/%m/%Y}")
    assert "(Huỳnh Thị Giang)" in sent_line and "một phần hồ sơ của các sản phẩm dưới đây" in sent_line
    assert f"Ngày họp\n{meeting:%d/%m/%Y}" in text
    assert page.locator("#report-minutes a").inner_text().strip() == "bien-ban-hop-xa.pdf"
    assessed = page.locator(".card", has=page.locator(".card-header", has_text=PRODUCT))
    for name, label in chosen.items():
        assert label in assessed.locator("tr", has_text=name).inner_text()
    sent = report_state()
    assert sent["status"] == "submitted" and sent["submitted_by"] == "demo_commune"
    assert sorted(a[0] for a in sent["answers"]) == sorted(chosen)
    assert {a[0]: a[1] for a in sent["answers"]} == chosen
    assert sent["local_present"] == [True]
    assert sent["transitions"][-1] == "commune_report"
    assert sent["dossier_status"] == "draft"  # the commune's economic office still completes and submits it
    # Editing a sent report is no longer possible.
    page.goto(page.url.rstrip("/") + "/edit/")
    assert "Báo cáo này đã được gửi và không thể thay đổi." in main_text(page)
    assert page.locator("form select").count() == 0

    # 5. The product's dossier now carries the report; the waiting list and the dashboard are empty.
    page.locator(".card-header a", has_text=PRODUCT).click()
    page.wait_for_load_state()
    dossier_text = main_text(page)
    assert "Đã được xã gửi trực tuyến (xem bên dưới)." in dossier_text
    assert f"Báo cáo đánh giá của UBND cấp xã — {facts['commune']}" in dossier_text
    assert page.locator("input[type=file]").count() == 0  # UBND xã reads, the economic office uploads
    page.get_by_role("link", name="Bảng điều khiển").first.click()
    page.wait_for_load_state()
    assert card(page, CARD).locator(".display-6").inner_text() == str(len(facts["waiting"]) - 1)
    card(page, CARD).get_by_role("link").click()
    page.wait_for_load_state()
    assert PRODUCT not in page.locator(".card", has_text="Sản phẩm chờ xã đánh giá").inner_text()
    rows = page.locator("table tbody tr")
    assert rows.count() == facts["reports"] + 1

    # 6. Another commune's report and dossier stay out of reach.
    for url in (
        f"/dossiers/commune-reports/{facts['other_report']}/",
        f"/dossiers/commune-reports/{facts['other_report']}/edit/",
        f"/dossiers/{facts['other_dossier']}/",
    ):
        response = page.goto(f"{demo_site.url}{url}")
        assert response.status == 404, url
        text = main_text(page)
        assert "Trang bạn yêu cầu không tồn tại hoặc không còn khả dụng." in text
        assert facts["other_commune"] not in text
    snap(page, "refused")
