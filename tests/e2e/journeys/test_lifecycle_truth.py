"""One truth between a product's lifecycle and its dossier, on the seeded demo and in the browser.

The demo once created this year's products directly at "Đã nộp hồ sơ", "Đã đánh giá" or "Không đạt"
with no dossier or round behind them, and a dossier could be sent while its product said "Bước 3".
Now every such state is reached through its record (``taken_by`` in the product lifecycle), and this
journey checks it where the users see it: no disagreement anywhere in the demo (read with
:func:`dossiers.agreement.disagreements`), every evaluated product has its round, and the commune
economic officer (demo_district, Xã Nam Phước) sees a submitted dossier's product at step 5 and a
draft's at step 4, with no button on the product page that would move it past its dossier.
"""

from __future__ import annotations

import json

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from django.utils import timezone
from accounts import access
from accounts.models import User
from dossiers.agreement import disagreements
from dossiers.models import Dossier
from products import workflows as pw
from products.models import Product
year = timezone.localdate().year
evaluated = Product.objects.filter(state__in=[pw.EVALUATED, pw.NOT_REACHED], registered_year=year)
officer = User.objects.get(username="demo_district")
mine = access.visible(officer, Dossier).filter(year=year)
idea = access.visible(officer, Product).filter(
    registered_year=year, state__in=[pw.IDEA_REGISTERED, pw.IDEA_ACCEPTED, pw.PLAN_SUBMITTED, pw.PLAN_APPROVED]
).order_by("pk").first()
sent = mine.filter(status__in=["submitted", "accepted"]).order_by("pk").first()
draft = mine.filter(status="draft").order_by("pk").first()
print(json.dumps({
    "disagreements": disagreements(year),
    "evaluated": evaluated.count(),
    "evaluated_without_round": evaluated.exclude(round_entries__round__year=year).count(),
    "submitted_products": Product.objects.filter(state=pw.DOSSIER_SUBMITTED, registered_year=year).count(),
    "sent": [sent.pk, sent.product_id, sent.product.name],
    "draft": [draft.pk, draft.product_id, draft.product.name],
    "idea": idea.name,
}))
"""


def test_the_demo_product_states_agree_with_their_dossiers_and_rounds(demo_site, login):
    facts = json.loads(demo_site.shell(FACTS).splitlines()[-1])
    assert facts["disagreements"] == []
    assert facts["evaluated"] > 0 and facts["evaluated_without_round"] == 0
    assert facts["submitted_products"] > 0

    page = login("demo_district")
    _dossier, product_pk, name = facts["sent"]
    page.goto(f"{demo_site.url}/products/{product_pk}/")
    assert page.locator("#product-state").inner_text() == "Đã nộp hồ sơ"
    assert "Bước 5" in page.locator("main").inner_text()
    for move in ("submit_dossier", "return_dossier", "mark_evaluated", "not_reached", "recognise"):
        assert page.locator(f"button[value={move}], input[value={move}]").count() == 0, move

    _dossier, product_pk, name = facts["draft"]
    page.goto(f"{demo_site.url}/products/{product_pk}/")
    assert page.locator("#product-state").inner_text() == "Đang triển khai"
    assert "Bước 4" in page.locator("main").inner_text()
    assert page.locator("button[value=submit_dossier], input[value=submit_dossier]").count() == 0

    # the "new dossier" form offers no product whose state would refuse a dossier
    page.goto(f"{demo_site.url}/dossiers/new/")
    offered = page.locator("select[name=product] option").all_inner_texts()
    assert offered and not any(text.startswith(facts["idea"]) for text in offered)  # before step 4
