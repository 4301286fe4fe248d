"""A DARD officer's day with the plan (demo_province): the batch deadlines are one set of dates.

The officer reads the next deadline on the dashboard, opens the current plan (its milestones), the
plan's dashboard and six-step board (dossier batches), then the dossier call and its batches, and
finds the same dates everywhere — the call's batches, which the published plan's milestones are
bound to (issue 13, defect 5). A district officer's dashboard names the same next batch. Then the
officer downloads the plan PDF and reads it: one signature block in the Decree 30 form, kept on the
page of "Nơi nhận", the cited decision with its real date (defect 6).

Read-only: no other journey is disturbed.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def _source(demo_site) -> dict:
    """The one source, read from the database: the current provincial call's batches."""
    out = demo_site.shell(
        "import json\n"
        "from django.utils import timezone\n"
        "from dossiers.models import DossierCall\n"
        "from plans.models import AnnualPlan\n"
        "y = timezone.localdate().year\n"
        "call = DossierCall.objects.get(year=y, level='province', issuing_unit__code='2025-48')\n"
        "plan = AnnualPlan.objects.get(year=y, province__code='2025-48')  # the city's plan (2025 merger)\n"
        "print(json.dumps({'year': y, 'call': call.pk, 'plan': plan.pk, 'number': plan.number,\n"
        "  'today': timezone.localdate().strftime('%d/%m/%Y'),\n"
        "  'batches': [[b.number, b.deadline.strftime('%d/%m/%Y')] for b in call.batches.all()],\n"
        "  'bound': [m.batch_id for m in plan.milestones.dossier_batches()]}))"
    )
    return json.loads(out.splitlines()[-1])


def _ddmmyyyy(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def test_batch_deadlines_agree_on_every_page(login, demo_site):
    src = _source(demo_site)
    deadlines = [d for _n, d in src["batches"]]
    assert [n for n, _d in src["batches"]] == [1, 2] and len(src["bound"]) == 2 and all(src["bound"])
    # Batch 1 before batch 2; in December one has passed and one is still open.
    today = _ddmmyyyy(src["today"])
    assert _ddmmyyyy(deadlines[0]) < today <= _ddmmyyyy(deadlines[1])
    assert _ddmmyyyy(deadlines[0]).year == src["year"]
    upcoming = deadlines[1]

    page = login("demo_province")
    page.goto(f"{demo_site.url}/dashboard/")
    card = page.locator(".card", has_text="Hạn chót tiếp theo")
    assert card.locator(".display-6").inner_text().strip() == upcoming
    assert "Đợt 2" in card.inner_text()

    # The plan: its milestones card lists both batches with the call's dates.
    page.goto(f"{demo_site.url}/plans/")
    page.get_by_role("link", name=re.compile(f"sản phẩm năm {src['year']}$")).click()
    milestones = page.locator("#milestones")
    for number, deadline in src["batches"]:
        item = milestones.locator("li", has_text=f"Đợt {number}:")
        assert item.locator(".badge").inner_text().strip() == deadline
        assert f"đợt {number} của kỳ tiếp nhận hồ sơ" in item.inner_text()
    shown = DATE.findall(milestones.inner_text())
    assert shown == sorted(shown, key=_ddmmyyyy)  # in date order

    # The plan's dashboard and its six-step board: the dossier batches' progress, same dates.
    for tab in ("Bảng điều khiển", "Bảng theo dõi sáu bước"):
        page.locator(".nav-tabs").get_by_role("link", name=tab).click()
        batches = page.locator("h2, h3", has_text="Đợt nộp hồ sơ").locator("xpath=following-sibling::ul[1]")
        lines = batches.locator("li").all_inner_texts()
        assert [DATE.search(line).group() for line in lines] == deadlines, (tab, lines)

    page.locator(".nav-tabs").get_by_role("link", name="Bảng điều khiển").click()
    nxt = page.locator("h2", has_text="Hạn chót sắp tới").locator("xpath=following-sibling::ul[1]")
    assert nxt.locator("li", has_text="Đợt 2").inner_text().startswith(upcoming)

    # The dossier call: the same batches, marked as set by the plan.
    page.goto(f"{demo_site.url}/dossiers/calls/")
    row = page.locator("tr", has_text=f"cấp thành phố năm {src['year']}")  # the city's call (2025 merger)
    assert DATE.findall(row.inner_text()) == deadlines
    row.get_by_role("link").first.click()
    for number, deadline in src["batches"]:
        item = page.locator(f"li[data-batch='{number}']")
        assert f"Đợt {number}: hạn chót {deadline}" in item.inner_text()
        assert f"Theo Kế hoạch số {src['number']}" in item.inner_text()
    header = page.locator("table thead").inner_text()
    assert DATE.findall(header) == deadlines

    # A district officer's dashboard names the same next batch.
    district = login("demo_district")
    district.goto(f"{demo_site.url}/dashboard/")
    assert district.locator(".card", has_text="Đợt nộp tiếp theo").first.inner_text().count(upcoming) == 1


def _pdftotext(data: bytes) -> tuple[str, list[str]]:
    raw = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(raw.split()), [p for p in raw.split("\f") if p.strip()]


def test_plan_pdf_reads_right(login, demo_site):
    src = _source(demo_site)
    page = login("demo_province")
    page.goto(f"{demo_site.url}/plans/{src['plan']}/")
    link = page.get_by_role("link", name="Kế hoạch (PDF)")
    response = page.request.get(demo_site.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text, pages = _pdftotext(response.body())

    # Issued by the unit that holds the province on the plan's date: the city since 01/07/2025.
    assert "THÀNH PHỐ ĐÀ NẴNG" in text and "TỈNH QUẢNG NAM" not in text
    # One signature block, Decree 30/2020 form, on the page of "Nơi nhận" and its last line.
    assert text.count("TM. ỦY BAN NHÂN DÂN") == 1
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Anh Tuấn" in text
    closing = [i for i, p in enumerate(pages) if "Nơi nhận:" in p]
    assert len(closing) == 1
    closing_page = pages[closing[0]]
    assert (
        "- Lưu: VT" in closing_page
        and "TM. ỦY BAN NHÂN DÂN" in closing_page
        and "Trần Anh Tuấn" in closing_page
    )

    # The cited decision keeps its real date; no "blind" year replacement.
    assert "148/QĐ-TTg ngày 24/02/2023" in text
    if src["year"] != 2023:
        assert f"24/02/{src['year']}" not in text
    # The plan's batch milestones in the PDF: the call's dates.
    for number, deadline in src["batches"]:
        assert re.search(rf"Đợt {number}: [^.]*: trước ngày {deadline}", text), (number, deadline)
