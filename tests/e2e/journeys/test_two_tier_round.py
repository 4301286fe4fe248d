"""A two-tier round of the merged Thành phố Đà Nẵng (issue 14), in the browser, on the seeded demo.

The 2026 round runs in the city under 148 as amended by 1489: demo_ward (UBND xã Duy Xuyên, a commune
of the 2025 tree) files her commune's report on the local criteria for the product reserved for this
journey (``dossiers.demo_city.WARD_DAY_PRODUCT``); demo_city (Sở Nông nghiệp và Môi trường) sees the
city's products in the city round, which says the rule set it follows; demo_council scores a product of
that round; the city's decision has recognised 3★ and 4★, and a 3★ certificate issued by UBND thành phố
Đà Nẵng is confirmed on /verify/ — while a Quảng Nam certificate from before the reform still shows its
old units and UBND tỉnh Quảng Nam on its verify page, and its product's page shows today's unit too.
A 2026 batch reminder to the commune's economic office names the new commune and the city's call.

Data: the city rounds of ``evaluation.demo`` (the scoring one: the unscored product with the lowest id,
so that test_council_day, which takes the highest, is not disturbed).
"""

from __future__ import annotations

import datetime
import json

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from django.utils import timezone
from certificates.models import Certificate
from dossiers.demo_city import WARD_DAY_PRODUCT, city_call
from dossiers.models import LocalCriterion
from evaluation.models import RecognitionDecision, Round, RoundProduct
today = timezone.localdate()
call = city_call(today.year)
scoring = Round.objects.select_related("profile").get(status="scoring", unit__code="2025-48")
entry = (
    RoundProduct.objects.filter(round=scoring, sheets__isnull=True)
    .select_related("product").order_by("product_id").first()
)
decision = RecognitionDecision.objects.filter(issuing_unit__code="2025-48").get()
city_certs = Certificate.objects.filter(decision=decision).select_related("product__commune")
three = city_certs.filter(stars=3).order_by("number").first()
old = (
    Certificate.objects.filter(issued_on__year=2023, decision__issuing_unit__code="49")
    .select_related("product__commune").order_by("number").first()
)
criteria = LocalCriterion.objects.filter(regulation=call.regulation).prefetch_related("options")
print(json.dumps({
    "today": today.isoformat(), "call": call.title, "ward_product": WARD_DAY_PRODUCT,
    "criteria": [[c.name, [o.label for o in c.options.all()]] for c in criteria],
    "round": scoring.pk, "round_name": scoring.name, "profile": str(scoring.profile),
    "round_products": sorted(scoring.entries.values_list("product__name", flat=True)),
    "entry": entry.pk, "entry_product": entry.product.name,
    "decision_stars": sorted(city_certs.values_list("stars", flat=True)),
    "decision_profile": str(decision.profile),
    "three": {"verify": three.get_verify_url(), "number": three.number, "product": three.product.name,
              "commune": three.product.commune.full_name},
    "old": {"verify": old.get_verify_url(), "number": old.number, "product": old.product.name,
            "commune": old.product.commune.full_name, "pk": old.product.pk},
}))
"""

REMINDER = """
import json
from django.utils import timezone
from notifications.rules.dossier_batch import batch_reminders
today = timezone.localdate()
from django.template.loader import render_to_string
out = []
for r in batch_reminders(today, dry_run=True):
    if any(x.user is not None and x.user.username == "demo_commune_economic" for x in r.recipients):
        text = render_to_string(f"notifications/email/{r.template}.txt", r.context())
        out.append({"label": r.label, "district": r.context()["district"], "text": text})
print(json.dumps(out))
"""


def shell_json(demo_site, code: str):
    return json.loads(demo_site.shell(code).splitlines()[-1])


def main_text(page) -> str:
    return page.locator("main").inner_text()


def test_commune_report_of_a_new_commune(login, demo_site):
    facts = shell_json(demo_site, FACTS)
    today = datetime.date.fromisoformat(facts["today"])
    page = login("demo_ward")
    assert "Xã Duy Xuyên" in main_text(page)
    page.goto(f"{demo_site.url}/dossiers/commune-reports/")
    waiting = page.locator(".card", has_text="Sản phẩm chờ xã đánh giá")
    assert f"{facts['ward_product']} · {facts['call']}" in waiting.inner_text()
    page.get_by_role("link", name="Báo cáo mới").click()
    page.wait_for_load_state()
    page.get_by_label("Kỳ tiếp nhận hồ sơ").select_option(label=facts["call"])
    page.get_by_role("button", name="Lập báo cáo").click()
    page.wait_for_load_state()
    assert "/edit/" in page.url
    page.get_by_label("Ngày họp").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Chủ trì (Chủ tịch UBND xã)").fill("Lê Văn Phúc")
    page.get_by_label("Chức vụ người chủ trì").fill("Chủ tịch UBND xã Duy Xuyên")
    page.get_by_label("Thành phần tham dự (mỗi người một dòng)").fill(
        "Lê Văn Phúc — Chủ tịch UBND (chủ trì)\nTrương Văn Sơn — Phòng Kinh tế"
    )
    page.get_by_label("Kết luận").fill(
        "Sản phẩm đáp ứng các tiêu chí địa phương, đề nghị thành phố đánh giá."
    )
    product_set = page.locator("fieldset", has_text=facts["ward_product"])
    for n, (_name, options) in enumerate(facts["criteria"]):
        product_set.locator("select").nth(n).select_option(label=options[0])
    page.get_by_role("button", name="Lưu và gửi").click()
    page.wait_for_load_state()
    assert "Đã gửi báo cáo; báo cáo được đưa vào hồ sơ sản phẩm." in main_text(page)


def test_city_staff_see_the_city_round_and_the_council_scores(login, demo_site):
    facts = shell_json(demo_site, FACTS)
    assert "1489" in facts["profile"] and "1489" in facts["decision_profile"]
    staff = login("demo_city")
    staff.goto(f"{demo_site.url}/evaluation/rounds/{facts['round']}/")
    text = main_text(staff)
    assert facts["round_name"] in text and "1489" in text
    for name in facts["round_products"]:
        assert name in text

    page = login("demo_council")
    page.goto(f"{demo_site.url}/evaluation/entries/{facts['entry']}/score/")
    assert facts["entry_product"] in page.inner_text("h1")
    groups = page.locator("#score-form [role=radiogroup]")
    for i in range(groups.count()):
        options = groups.nth(i).locator("input.score-option")
        options.nth(options.count() - 1 - (i % 2)).check()
    page.get_by_role("button", name="Nộp phiếu đánh giá").click()
    page.wait_for_load_state()
    assert "Đã nộp — đã khóa" in page.inner_text("#sheet-locked")


def test_city_certificate_and_old_quang_nam_certificate_on_verify(visitor, login, demo_site):
    facts = shell_json(demo_site, FACTS)
    assert 3 in facts["decision_stars"] and 4 in facts["decision_stars"]
    three = facts["three"]
    visitor.goto(f"{demo_site.url}{three['verify']}")
    text = main_text(visitor)
    assert "Còn hiệu lực" in text or "hiệu lực" in text
    assert three["product"] in text
    assert visitor.inner_text("#issuer") == "UBND thành phố Đà Nẵng"
    assert visitor.inner_text("#certified-in") == three["commune"]
    assert three["commune"].endswith("Thành phố Đà Nẵng")

    old = facts["old"]
    visitor.goto(f"{demo_site.url}{old['verify']}")
    assert visitor.inner_text("#issuer") == "UBND tỉnh Quảng Nam"
    assert visitor.inner_text("#certified-in") == old["commune"]
    assert old["commune"].endswith("Tỉnh Quảng Nam") and old["commune"].count(",") == 2  # three-tier
    staff = login("demo_province")
    staff.goto(f"{demo_site.url}/products/{old['pk']}/")
    text = main_text(staff)
    assert old["commune"].split(",")[0] in text
    assert "Đơn vị hiện nay" in text and "Thành phố Đà Nẵng" in text


def test_a_2026_reminder_names_the_new_commune(demo_site):
    reminders = shell_json(demo_site, REMINDER)
    assert reminders, "the commune's economic office gets the city's batch reminder"
    (reminder,) = reminders
    assert reminder["district"] == "Xã Duy Xuyên" and "Xã Duy Xuyên" in reminder["label"]
    assert "Tiến độ của Xã Duy Xuyên:" in reminder["text"]
    assert "cấp thành phố năm" in reminder["text"]  # the city's call, not the old province's
    assert "Tinh dầu sả Duy Xuyên (Xã Duy Xuyên)" in reminder["text"]
