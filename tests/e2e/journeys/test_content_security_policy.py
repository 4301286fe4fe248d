"""Issue 16.8 in a real browser: with the strict Content-Security-Policy, the key pages raise no CSP
violation and their scripts still work — the catalogue, the score sheet's live totals, the plan dashboard's
charts, a dossier's review page with its inline document preview."""

from __future__ import annotations

import json

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from dossiers.models import Dossier
from evaluation.models import RoundProduct
from plans.models import AnnualPlan
# an entry of a round open for scoring that demo_council sits on and has not scored yet
entry = (
    RoundProduct.objects.filter(round__status="scoring", round__members__user__username="demo_council")
    .exclude(sheets__member__user__username="demo_council")
    .order_by("product_id").first()
)
# a dossier with the evaluating level (the city's Sở, this year) that demo_province may review
dossier = Dossier.objects.filter(status__in=["submitted", "resubmitted"]).order_by("pk").first()
plan = AnnualPlan.objects.order_by("-year").first()
print(json.dumps({"entry": entry.pk, "dossier": dossier.pk if dossier else None, "plan": plan.pk}))
"""


def watch_csp(page) -> list[str]:
    """Collect CSP violations: the console errors Chromium logs and the DOM's securitypolicyviolation."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def test_key_pages_raise_no_csp_violation_and_their_scripts_work(visitor, login, demo_site):
    facts = json.loads(demo_site.shell(FACTS).splitlines()[-1])
    url = demo_site.url

    violations = watch_csp(visitor)
    visitor.goto(f"{url}/catalog/")
    visitor.wait_for_load_state("networkidle")
    assert visitor.evaluate("() => typeof htmx") == "object"  # the vendored scripts ran
    assert violations == []

    province = login("demo_province")
    violations = watch_csp(province)
    province.goto(f"{url}/plans/{facts['plan']}/dashboard/")
    province.wait_for_load_state("networkidle")
    assert province.evaluate("() => !!Chart.getChart('targets-chart') && !!Chart.getChart('steps-chart')")
    if facts["dossier"]:
        province.goto(f"{url}/dossiers/{facts['dossier']}/review/")
        province.wait_for_load_state("networkidle")
        load = province.locator("[data-preview-load]")
        if load.count():  # the PDF viewer is created on demand by static/js/preview_load.js
            load.first.click()
            province.wait_for_selector("iframe")
            province.wait_for_load_state("networkidle")
    assert violations == []

    council = login("demo_council")
    violations = watch_csp(council)
    council.goto(f"{url}/evaluation/entries/{facts['entry']}/score/")
    council.wait_for_load_state("networkidle")
    options = council.locator("input.score-option")
    if options.count():
        before = council.inner_text("#grand-total")
        target = options.last
        target.check()
        expected = float(target.get_attribute("data-points").replace(",", "."))
        assert council.inner_text("#grand-total") != before or expected == 0  # live totals recompute
    assert violations == []
