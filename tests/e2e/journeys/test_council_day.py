"""A council member's day (issue 13, defects 3 and 4), in the browser, on the seeded demo.

demo_council signs in and finds on the dashboard the products to score — as many as the list shows —
opens a score sheet, reads the product's whole dossier from it (documents, the on-site attestation,
the commune's assessment; a document downloads), submits the sheet and finds it locked with the time
of submission and the total; a second tab opened before the submission cannot replace it; the member
revises the sheet explicitly, with a reason, and the organiser (demo_city, of the city's Sở NN&MT)
sees the revision, its time and the earlier total on the round page.

Data: the city round of Đà Nẵng open for scoring (148 as amended by 1489; demo_council chairs it), on
the product of that round that nobody has scored yet with the highest id — no other journey touches
score sheets but test_two_tier_round, which scores the lowest.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from django.utils import timezone
from dossiers import workflows as dw
from dossiers.models import Dossier
from evaluation.models import Round, RoundProduct
round_ = Round.objects.get(status="scoring", unit__code="2025-48")
entry = (
    RoundProduct.objects.filter(round=round_, sheets__isnull=True)
    .select_related("product").order_by("-product_id").first()
)
dossier = Dossier.objects.get(product=entry.product, year=round_.year)
item = dossier.commune_items.filter(report__status="submitted").select_related("report").first()
problems = [
    f"{e.product} @ {e.round}"
    for e in RoundProduct.objects.select_related("round", "product")
    if not Dossier.objects.filter(
        product=e.product, year=e.round.year, status__in=dw.WITH_EVALUATORS, documents__isnull=False
    ).exists()
]
print(json.dumps({
    "round": round_.pk, "round_name": round_.name, "entry": entry.pk, "product": entry.product.name,
    "dossier": dossier.pk, "documents": dossier.documents.count(),
    "attested_on": dossier.onsite_checked_on.strftime("%d/%m/%Y") if dossier.onsite_checked_on else None,
    "commune_chair": item.report.chair_name if item else None,
    "without_dossier": problems,
}))
"""


def facts(demo_site) -> dict:
    return json.loads(demo_site.shell(FACTS).splitlines()[-1])


def sheet_state(demo_site, entry_pk: int) -> dict:
    code = f"""
import json
from django.utils import timezone
from evaluation.models import ScoreSheet
s = ScoreSheet.objects.filter(entry_id={entry_pk}, member__user__username="demo_council").first()
print(json.dumps(None if s is None else {{
    "status": s.status, "total": str(s.total).replace(".", ","), "version": s.version,
    "submitted_at": timezone.localtime(s.submitted_at).strftime("%H:%M %d/%m/%Y") if s.submitted_at else None,
    "revisions": [
        {{"total": str(r.total).replace(".", ","), "reason": r.reason,
          "at": timezone.localtime(r.revised_at).strftime("%H:%M %d/%m/%Y")}}
        for r in s.revisions.order_by("number")
    ],
    "member": str(s.member.user),
}}))
"""
    return json.loads(demo_site.shell(code).splitlines()[-1])


def card_value(page, title: str) -> int:
    card = page.locator(".card", has=page.locator("h3", has_text=title))
    return int(card.locator(".display-6").inner_text().strip())


def pick(page, which):
    """Choose, in every criterion of the form, the option ``which(count, index)``."""
    groups = page.locator("#score-form [role=radiogroup]")
    for i in range(groups.count()):
        options = groups.nth(i).locator("input.score-option")
        options.nth(which(options.count(), i)).check()


@pytest.fixture(scope="module")
def day(demo_site):
    return facts(demo_site)


def test_every_product_in_a_demo_round_has_its_dossier_with_documents(day):
    assert day["without_dossier"] == []
    assert day["documents"] > 0 and day["attested_on"]


def test_council_member_scores_locks_and_revises_and_the_organiser_sees_it(login, demo_site, day):
    url = demo_site.url
    page = login("demo_council")

    # 1. the dashboard: products to score and dossiers to read, each as many as its list shows
    page.goto(f"{url}/dashboard/")
    to_score = card_value(page, "Sản phẩm cần chấm điểm")
    to_read = card_value(page, "Hồ sơ cần nghiên cứu")
    assert to_score >= 1 and to_read >= 1
    page.locator(".card", has=page.locator("h3", has_text="Sản phẩm cần chấm điểm")).get_by_role(
        "link"
    ).click()
    page.wait_for_load_state()
    assert "/evaluation/my-sheets/" in page.url
    rows = page.locator("#to-score-table tbody tr")
    assert rows.count() == to_score and page.inner_text("#to-score-count") == str(to_score)
    row = rows.filter(has_text=day["product"])
    assert row.count() == 1 and "Chưa chấm" in row.inner_text()
    page.goto(f"{url}/dossiers/")
    assert page.locator("table tbody tr").count() == to_read
    assert page.locator("table tbody tr", has_text=day["product"]).count() == 1

    # 2. the sheet, and the product's whole dossier opened from it
    page.goto(f"{url}/evaluation/my-sheets/")
    page.locator("#to-score-table tbody tr", has_text=day["product"]).get_by_role(
        "link", name="Chấm điểm"
    ).click()
    page.wait_for_load_state()
    sheet_url = f"{url}/evaluation/entries/{day['entry']}/score/"
    assert page.url == sheet_url
    assert day["product"] in page.inner_text("h1")
    page.locator("#dossier-panel").get_by_role("link", name="Xem hồ sơ minh chứng").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/dossiers/{day['dossier']}/review/")
    assert day["product"] in page.inner_text("h1")
    assert page.locator("figure figcaption strong").count() == day["documents"]
    onsite = page.inner_text("#onsite-check")
    assert "Kiểm tra thực tế" in onsite and day["attested_on"] in onsite
    assert day["commune_chair"] and day["commune_chair"] in page.inner_text("body")  # the commune's report
    with page.expect_download() as download:
        page.locator("figure figcaption").first.get_by_role("link", name="Tải xuống").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        head = fh.read(8)
    assert head.startswith(b"%PDF") or head.startswith(b"\x89PNG")
    page.screenshot(path="/tmp/council-dossier.png")

    # 3. a second tab opens the sheet before anything is submitted
    page.goto(sheet_url)
    second = page.context.new_page()
    second.goto(sheet_url)

    # 4. submitting an untouched sheet: every criterion is an error, nothing is saved
    page.get_by_role("button", name="Nộp phiếu đánh giá").click()
    page.wait_for_load_state()
    assert "Phiếu chưa được nộp" in page.inner_text("#form-errors")
    first_code = page.locator("#score-form [role=radiogroup] .fw-semibold").first.inner_text().split(".")[0]
    assert f"Tiêu chí {first_code} chưa được chấm" in page.inner_text("#score-form")
    assert sheet_state(demo_site, day["entry"]) is None

    # 5. fill in and submit: the sheet is locked, with the time of submission and the total
    pick(page, lambda n, i: n - 1 if i % 2 else n - 2)
    live_total = page.inner_text("#grand-total")
    assert re.fullmatch(r"\d{1,3},\d\d", live_total)
    page.get_by_role("button", name="Nộp phiếu đánh giá").click()
    page.wait_for_load_state()
    state = sheet_state(demo_site, day["entry"])
    assert state["status"] == "submitted" and state["total"] == live_total
    body = page.inner_text("body")
    assert f"Đã nộp phiếu đánh giá lúc {state['submitted_at']}: tổng {live_total} điểm." in body
    locked = page.inner_text("#sheet-locked")
    assert "Đã nộp — đã khóa" in locked and f"Nộp lúc {state['submitted_at']}" in locked
    assert page.inner_text("#sheet-total") == live_total
    assert page.locator("input[type=radio]").count() == 0 and page.locator("#sheet-answers tbody tr").count()
    page.screenshot(path="/tmp/council-locked.png", full_page=True)

    page.goto(f"{url}/dashboard/")
    assert card_value(page, "Sản phẩm cần chấm điểm") == to_score - 1

    # 6. the tab opened before the submission tries to submit other answers: refused, nothing changes
    pick(second, lambda n, i: 0)
    second.get_by_role("button", name="Nộp phiếu đánh giá").click()
    second.wait_for_load_state()
    refusal = second.inner_text(".alert-danger")
    assert f"được mở trước khi được nộp lúc {state['submitted_at']}" in refusal
    assert "không được lưu" in refusal
    assert second.inner_text("#sheet-total") == live_total
    assert sheet_state(demo_site, day["entry"]) == state
    second.screenshot(path="/tmp/council-stale.png")
    second.close()

    # 7. revising is explicit: “Sửa phiếu”, a reason, and the earlier version is kept
    page.goto(sheet_url)
    page.get_by_role("link", name="Sửa phiếu").click()
    page.wait_for_load_state()
    assert page.url.endswith("/score/revise/")
    assert f"Bạn đang sửa phiếu đã nộp lúc {state['submitted_at']} (tổng {live_total})" in page.inner_text(
        "body"
    )
    page.locator("#score-form [role=radiogroup]").first.locator("input.score-option").first.check()
    revised_total = page.inner_text("#grand-total")
    assert revised_total != live_total
    page.get_by_role("button", name="Nộp phiếu đã sửa").click()
    page.wait_for_load_state()
    assert "Hãy nêu lý do sửa phiếu đã nộp." in page.inner_text("#form-errors")
    assert sheet_state(demo_site, day["entry"]) == state
    page.fill("textarea[name=reason]", "Chấm nhầm tiêu chí đầu tiên")
    page.get_by_role("button", name="Nộp phiếu đã sửa").click()
    page.wait_for_load_state()
    revised = sheet_state(demo_site, day["entry"])
    assert revised["total"] == revised_total and revised["version"] == state["version"] + 1
    (revision,) = revised["revisions"]
    assert revision["total"] == live_total and revision["reason"] == "Chấm nhầm tiêu chí đầu tiên"
    body = page.inner_text("body")
    assert f"tổng {revised_total} điểm (trước khi sửa: {live_total})" in body
    assert "đã sửa 1 lần" in page.inner_text("#sheet-locked")
    assert f"Sửa lần 1 lúc {revision['at']}" in page.inner_text("#sheet-revisions")

    # 8. the organiser sees on the round page that the sheet was revised, when, and the earlier total
    organiser = login("demo_city")
    organiser.goto(f"{url}/evaluation/rounds/{day['round']}/")
    card = organiser.locator("#sheet-revisions")
    line = card.locator("tbody tr", has_text=day["product"])
    assert line.count() == 1
    text = line.inner_text()
    assert revision["at"] in text and revised["member"] in text
    assert live_total in text and revised_total in text and "Chấm nhầm tiêu chí đầu tiên" in text
    progress = organiser.locator("table tbody tr", has_text=day["product"]).first
    assert "✎1" in progress.inner_text() and revised_total in progress.inner_text()
    organiser.screenshot(path="/tmp/council-organiser.png", full_page=True)
