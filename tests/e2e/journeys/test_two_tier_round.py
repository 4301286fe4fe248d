"""A two-tier round of the merged Thành phố Đà Nẵng (issue 14), in the browser, on the seeded demo.

ONE product end to end (``dossiers.demo_city.WARD_DAY_PRODUCT``, registered this year in Xã Duy Xuyên,
a commune of the 2025 tree, its complete dossier assembled by the commune's economic office):
demo_ward (UBND xã Duy Xuyên) files the commune's report on the local criteria → demo_commune_economic
submits the dossier to the city → demo_city (Sở Nông nghiệp và Môi trường) accepts it → a city round
under 148 as amended by 1489 (set up through the services: members and assignment) → demo_council
scores it in the browser, the other members through the services → the city's decision, approved by
demo_city in the browser → a 3★ certificate issued by UBND thành phố Đà Nẵng → confirmed on /verify/
with the new commune. Beside it: a Quảng Nam certificate from before the reform keeps its old units and
UBND tỉnh Quảng Nam; a 2026 batch reminder names the new commune; and the seeded demo holds no record
issued by Quảng Nam after 01/07/2025.

Data: the ward product is reserved for this journey (no other journey or demo round uses it); its
round is a round of its own (đợt 3), so the demo's rounds (test_council_day) are not disturbed.
"""

from __future__ import annotations

import datetime
import json

from tests.e2e.journeys.conftest import JOURNEY_MARKS
from tests.e2e.journeys.test_commune_day import minutes_pdf

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from django.utils import timezone
from certificates.models import Certificate
from dossiers.demo_city import WARD_DAY_PRODUCT, city_call
from dossiers.models import LocalCriterion
from products.models import Product
today = timezone.localdate()
call = city_call(today.year)
product = Product.objects.select_related("commune").get(name=WARD_DAY_PRODUCT)
dossier = product.dossiers.get(year=today.year)
old = (
    Certificate.objects.filter(issued_on__year=2023, decision__issuing_unit__code="49")
    .select_related("product__commune").order_by("number").first()
)
criteria = LocalCriterion.objects.filter(regulation=call.regulation).prefetch_related("options")
print(json.dumps({
    "today": today.isoformat(), "call": call.title, "call_unit": call.issuing_unit.name,
    "product": product.name, "product_pk": product.pk, "registered_year": product.registered_year,
    "commune": product.commune.full_name, "dossier": dossier.pk,
    "criteria": [[c.name, [o.label for o in c.options.all()]] for c in criteria],
    "old": {"verify": old.get_verify_url(), "number": old.number, "product": old.product.name,
            "commune": old.product.commune.full_name, "pk": old.product.pk},
}))
"""

ROUND = """
import json
from django.utils import timezone
from accounts.models import User
from dossiers.demo_city import WARD_DAY_PRODUCT, city
from evaluation import services as rs
from products.models import Product
today = timezone.localdate()
by = User.objects.get(username="demo_city")
product = Product.objects.get(name=WARD_DAY_PRODUCT)
round_ = rs.create_round(
    name=f"Đánh giá, phân hạng sản phẩm OCOP cấp thành phố Đà Nẵng năm {today.year} (đợt 3)",
    year=today.year, level="province", unit=city(), by=by,
    meeting_date=today + timezone.timedelta(days=3), scoring_closes_on=today + timezone.timedelta(days=2),
)
rs.add_member(round_, User.objects.get(username="demo_council"), role="chair", by=by)
for username in ("demo_council2", "demo_council3"):
    rs.add_member(round_, User.objects.get(username=username), by=by)
entry = rs.assign_product(round_, product, by=by)
rs.open_scoring(round_, by=by)
print(json.dumps({"round": round_.pk, "round_name": round_.name, "profile": str(round_.profile),
                  "entry": entry.pk}))
"""

# The two other members score so that the average lands on 60 points: a 3★ the city recognises.
CLOSE = """
import json
from django.utils import timezone
from accounts.models import User
from evaluation import services as rs
from evaluation.demo import _answers_near
from evaluation.models import RoundProduct
today = timezone.localdate()
by = User.objects.get(username="demo_city")
entry = RoundProduct.objects.select_related("round").get(pk=ENTRY)
first = entry.sheets.get(member__user__username="demo_council")
target = max(5, min(95, (180 - float(first.total)) / 2))
for member in entry.round.members.exclude(user__username="demo_council"):
    rs.save_scores(entry, member, _answers_near(entry, target), submit=True, by=member.user)
rs.close_scoring(entry.round, by=by)
entry.refresh_from_db()
decision = rs.create_decision(entry.round, number="2468/QĐ-UBND", date=today, signer_name="Trần Nam Hưng",
                              signer_title="Phó Chủ tịch", by=by)
print(json.dumps({"average": str(entry.average), "stars": entry.recognisable_stars, "decision": decision.pk,
                  "issuer": decision.issuing_unit.name, "profile": str(decision.profile)}))
"""

CERTIFICATE = """
import json
from certificates.models import Certificate
cert = Certificate.objects.select_related("product__commune", "decision__issuing_unit").get(decision_id=DECISION)
print(json.dumps({"verify": cert.get_verify_url(), "number": cert.number, "stars": cert.stars,
                  "issuer": cert.decision.issuing_unit.name, "commune": cert.product.commune.full_name}))
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

# Issue 14: nothing issued by Quảng Nam after 1 July 2025 (its territory is the city's since then).
AFTER_THE_MERGER = """
import datetime, json
from accounts.models import AdministrativeUnit
from certificates.models import Certificate
from dossiers.models import DossierCall
from evaluation.models import RecognitionDecision, Round
from plans.models import AnnualPlan
reform = datetime.date(2025, 7, 1)
qn = AdministrativeUnit.objects.get(code="49").path
out = {
    "decisions": list(RecognitionDecision.objects.filter(issuing_unit__path__startswith=qn, date__gte=reform)
                      .values_list("number", flat=True)),
    "certificates": list(Certificate.objects.filter(decision__issuing_unit__path__startswith=qn, issued_on__gte=reform)
                         .values_list("number", flat=True)),
    "paper": list(Certificate.objects.filter(recorded_from_paper=True, issued_on__gte=reform,
                                             issuing_authority__icontains="Quảng Nam").values_list("number", flat=True)),
    "calls": list(DossierCall.objects.filter(issuing_unit__path__startswith=qn, year__gte=2026)
                  .values_list("title", flat=True)),
    "rounds": list(Round.objects.filter(unit__path__startswith=qn, year__gte=2026).values_list("name", flat=True)),
    "plans": [str(p) for p in AnnualPlan.objects.filter(year__gte=2026).select_related("province")
              if p.issuing_unit.path.startswith(qn)],
    "revoked": [c.number for c in Certificate.objects.filter(revocation_decision_date__gte=reform)
                if "Quảng Nam" in c.revoking_authority],
}
print(json.dumps(out, ensure_ascii=False))
"""

# Issue 14: this year's products are registered in units that exist this year.
THIS_YEAR_IN_OLD_UNITS = """
import json
from django.db.models import Q
from django.utils import timezone
from accounts.models import AdministrativeUnit, UnitSuccession
from products.models import Product
today = timezone.localdate()
gone = Q(commune__in=AdministrativeUnit.objects.exclude(pk__in=AdministrativeUnit.objects.valid_on(today)))
for path in UnitSuccession.objects.filter(date__lte=today).values_list("predecessor__path", flat=True).distinct():
    gone |= Q(commune__path__startswith=path)
stale = Product.objects.filter(gone, registered_year=today.year)
print(json.dumps({"count": stale.count(), "sample": sorted(stale.values_list("name", flat=True))[:5]},
                 ensure_ascii=False))
"""

# This year's quotas, rounds, commune reports and dossier steps: none in a unit closed by the reform, none
# by a person bound to one (the administrator stands in for communes without a demo login).
THIS_YEAR_BY_OLD_UNITS = """
import json
from django.utils import timezone
from accounts.models import AdministrativeUnit
from dossiers.models import CallDistrictQuota, CommuneReport, Dossier, DossierTransition
from evaluation.models import Round
today = timezone.localdate()
closed = AdministrativeUnit.objects.exclude(pk__in=AdministrativeUnit.objects.valid_on(today))
print(json.dumps({
    "quotas": sorted(CallDistrictQuota.objects.filter(call__year=today.year, district__in=closed)
        .values_list("district__name", flat=True)),
    "rounds": sorted(Round.objects.filter(year=today.year).exclude(level="province").values_list("name", flat=True)),
    "reports": sorted(CommuneReport.objects.filter(call__year=today.year, commune__in=closed)
        .values_list("commune__name", flat=True)),
    "by_old_units": sorted({t.by.username for t in DossierTransition.objects.filter(dossier__year=today.year)
        .select_related("by", "by__unit") if t.by and not t.by.is_superuser and t.by.unit_id and t.by.unit in closed}),
}, ensure_ascii=False))
"""


def shell_json(demo_site, code: str):
    return json.loads(demo_site.shell(code).splitlines()[-1])


def main_text(page) -> str:
    return page.locator("main").inner_text()


def test_a_2026_reminder_names_the_new_commune(demo_site):
    reminders = shell_json(demo_site, REMINDER)
    assert reminders, "the commune's economic office gets the city's batch reminder"
    (reminder,) = reminders
    assert reminder["district"] == "Xã Duy Xuyên" and "Xã Duy Xuyên" in reminder["label"]
    assert "Tiến độ của Xã Duy Xuyên:" in reminder["text"]
    assert "cấp thành phố năm" in reminder["text"]  # the city's call, not the old province's
    assert "Tinh dầu sả Duy Xuyên (Xã Duy Xuyên)" in reminder["text"]


def test_one_product_from_a_new_commune_to_the_city_certificate(login, visitor, demo_site):
    facts = shell_json(demo_site, FACTS)
    today = datetime.date.fromisoformat(facts["today"])
    assert facts["registered_year"] == today.year and facts["commune"].startswith("Xã Duy Xuyên")
    assert facts["commune"].endswith("Thành phố Đà Nẵng") and facts["call_unit"] == "Thành phố Đà Nẵng"

    # 1. Registered this year in a commune of today's tree: its page says so.
    officer = login("demo_commune_economic")
    officer.goto(f"{demo_site.url}/products/{facts['product_pk']}/")
    text = main_text(officer)
    assert facts["product"] in text and "Xã Duy Xuyên" in text

    # 2. The commune (UBND xã Duy Xuyên) reports on the local criteria.
    ward = login("demo_ward")
    assert "Xã Duy Xuyên" in main_text(ward)
    ward.goto(f"{demo_site.url}/dossiers/commune-reports/")
    waiting = ward.locator(".card", has_text="Sản phẩm chờ xã đánh giá")
    assert f"{facts['product']} · {facts['call']}" in waiting.inner_text()
    ward.get_by_role("link", name="Báo cáo mới").click()
    ward.wait_for_load_state()
    ward.get_by_label("Kỳ tiếp nhận hồ sơ").select_option(label=facts["call"])
    ward.get_by_role("button", name="Lập báo cáo").click()
    ward.wait_for_load_state()
    assert "/edit/" in ward.url
    ward.get_by_label("Ngày họp").fill((today - datetime.timedelta(days=1)).isoformat())
    ward.get_by_label("Chủ trì (Chủ tịch UBND xã)").fill("Lê Văn Phúc")
    ward.get_by_label("Chức vụ người chủ trì").fill("Chủ tịch UBND xã Duy Xuyên")
    ward.get_by_label("Thành phần tham dự (mỗi người một dòng)").fill(
        "Lê Văn Phúc — Chủ tịch UBND (chủ trì)\nTrương Văn Sơn — Phòng Kinh tế"
    )
    ward.get_by_label("Kết luận").fill(
        "Sản phẩm đáp ứng các tiêu chí địa phương, đề nghị thành phố đánh giá."
    )
    # Every product of the commune still waiting is on the report (the journey's, and any other draft of
    # the commune's producers): the commune assesses each.
    assert ward.locator("fieldset", has_text=facts["product"]).count() == 1
    for product_set in ward.locator("fieldset").all():
        for n, (_name, options) in enumerate(facts["criteria"]):
            product_set.locator("select").nth(n).select_option(label=options[0])
    ward.locator("input[name=minutes]").set_input_files(
        files=[{"name": "bien-ban-xa-duy-xuyen.pdf", "mimeType": "application/pdf", "buffer": minutes_pdf()}]
    )
    ward.get_by_role("button", name="Lưu và gửi").click()
    ward.wait_for_load_state()
    ward.get_by_role("button", name="Xác nhận gửi biên bản").click()  # irreversible: asked first
    ward.wait_for_load_state()
    assert "Đã gửi báo cáo; báo cáo được đưa vào hồ sơ sản phẩm." in main_text(ward)

    # 3. The commune's economic office submits the dossier: it goes to the city.
    officer.goto(f"{demo_site.url}/dossiers/{facts['dossier']}/")
    officer.get_by_role("button", name="Nộp hồ sơ").click()
    officer.wait_for_load_state()
    officer.get_by_role("button", name="Xác nhận nộp hồ sơ").click()
    officer.wait_for_load_state()
    assert "Thành phố Đà Nẵng" in main_text(officer)

    # 4. The city's Sở Nông nghiệp và Môi trường accepts it for evaluation.
    staff = login("demo_city")
    staff.goto(f"{demo_site.url}/dossiers/{facts['dossier']}/")
    staff.get_by_role("button", name="Tiếp nhận để đánh giá").click()
    staff.wait_for_load_state()

    # 5. A city round under 148 as amended by 1489; the round page says which rule set it follows.
    round_ = shell_json(demo_site, ROUND)
    assert "1489" in round_["profile"]
    staff.goto(f"{demo_site.url}/evaluation/rounds/{round_['round']}/")
    text = main_text(staff)
    assert round_["round_name"] in text and "1489" in text and facts["product"] in text

    # 6. demo_council (chair) scores it in the browser; the other members through the services.
    council = login("demo_council")
    council.goto(f"{demo_site.url}/evaluation/entries/{round_['entry']}/score/")
    assert facts["product"] in council.inner_text("h1")
    groups = council.locator("#score-form [role=radiogroup]")
    for i in range(groups.count()):
        options = groups.nth(i).locator("input.score-option")
        options.nth(options.count() // 2).check()
    council.get_by_role("button", name="Nộp phiếu đánh giá").click()
    council.wait_for_load_state()
    assert "Đã nộp — đã khóa" in council.inner_text("#sheet-locked")
    result = shell_json(demo_site, CLOSE.replace("ENTRY", str(round_["entry"])))
    assert result["stars"] == 3, result
    assert result["issuer"] == "Thành phố Đà Nẵng" and "1489" in result["profile"]

    # 7. The city approves its decision: the certificate is issued by UBND thành phố Đà Nẵng.
    staff.goto(f"{demo_site.url}/evaluation/decisions/{result['decision']}/")
    staff.get_by_role("button", name="Phê duyệt và cấp giấy chứng nhận").click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Xác nhận phê duyệt và cấp giấy chứng nhận").click()
    staff.wait_for_load_state()
    cert = shell_json(demo_site, CERTIFICATE.replace("DECISION", str(result["decision"])))
    assert cert["stars"] == 3 and cert["issuer"] == "Thành phố Đà Nẵng"
    assert cert["commune"] == facts["commune"]

    # 8. Anyone confirms it on /verify/, with the new commune and the city as issuer.
    visitor.goto(f"{demo_site.url}{cert['verify']}")
    text = main_text(visitor)
    assert "hiệu lực" in text and facts["product"] in text and cert["number"] in text
    assert visitor.inner_text("#issuer") == "UBND thành phố Đà Nẵng"
    assert visitor.inner_text("#certified-in") == facts["commune"]


def test_an_old_quang_nam_certificate_keeps_its_units_and_issuer(visitor, login, demo_site):
    old = shell_json(demo_site, FACTS)["old"]
    visitor.goto(f"{demo_site.url}{old['verify']}")
    assert visitor.inner_text("#issuer") == "UBND tỉnh Quảng Nam"
    assert visitor.inner_text("#certified-in") == old["commune"]
    assert old["commune"].endswith("Tỉnh Quảng Nam") and old["commune"].count(",") == 2  # three-tier
    staff = login("demo_province")
    staff.goto(f"{demo_site.url}/products/{old['pk']}/")
    text = main_text(staff)
    assert old["commune"].split(",")[0] in text
    assert "Đơn vị hiện nay" in text and "Thành phố Đà Nẵng" in text


def test_nothing_is_issued_by_quang_nam_after_the_merger(demo_site):
    found = shell_json(demo_site, AFTER_THE_MERGER)
    assert found == {key: [] for key in found}, found


def test_this_years_products_are_registered_in_units_that_exist(demo_site):
    found = shell_json(demo_site, THIS_YEAR_IN_OLD_UNITS)
    assert found["count"] == 0, found


def test_this_years_work_is_done_by_todays_units_and_roles(demo_site):
    found = shell_json(demo_site, THIS_YEAR_BY_OLD_UNITS)
    assert found == {key: [] for key in found}, found
