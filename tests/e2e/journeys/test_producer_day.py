"""A producer's day (demo_producer, HTX Trà thảo mộc Thu Bồn), in the browser (issue 18).

She signs in and lands on "Sản phẩm của tôi": her three products at their step of the six-step cycle
(an idea, a product implementing its plan with a draft dossier in this year's open call, a recognised
product). The recognised one shows the result after the decision — the total score and the stars, never a
council member's sheet — and its certificate, which she downloads (a PDF), expiring soon. The expiry
reminder e-mailed to producers is also in her notifications. She asks for re-rating; the request is
recorded once. Another producer's product and certificate answer 404.
"""

from __future__ import annotations

import json
import os

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from django.utils import translation
translation.activate("vi")
from accounts.models import User
from certificates.models import Certificate
from evaluation.models import DecisionEntry
from notifications.models import Notification
from dossiers.models import Dossier
from products.models import Product
user = User.objects.get(username="demo_producer")
producer = user.producer_account.producer
products = Product.objects.filter(producer=producer).order_by("name")
cert = Certificate.objects.filter(product__producer=producer, status="valid").select_related("decision_entry").get()
other = Certificate.objects.exclude(product__producer=producer).filter(recorded_from_paper=False).order_by("pk").first()
print(json.dumps({
    "producer": producer.name,
    "products": [[p.pk, p.name, p.cycle_step, str(p.state_label)] for p in products],
    "cert": cert.pk, "number": cert.number, "valid_until": cert.valid_until.strftime("%d/%m/%Y"),
    "certified": cert.product.name, "score": str(cert.decision_entry.score), "stars": cert.stars,
    "decision": cert.decision.number,
    "dossier_status": str(Dossier.objects.get(product__producer=producer).status_label),
    "reminders": list(Notification.objects.filter(recipient=user, kind="certificate_expiry").values_list("title", flat=True)),
    "other_product": other.product_id, "other_cert": other.pk,
}))
"""

REQUESTS = """
import json
from certificates.models import ReratingRequest
print(json.dumps([[r.certificate_id, r.note, r.requested_by.username] for r in ReratingRequest.objects.filter(certificate_id=%d)]))
"""


def shell_json(demo_site, code: str):
    return json.loads(demo_site.shell(code).splitlines()[-1])


def snap(page, name: str) -> None:
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/producer-{name}.png", full_page=True)


def test_producer_day(login, demo_site):
    facts = shell_json(demo_site, FACTS)
    assert len(facts["products"]) == 3
    assert sorted(step for _pk, _n, step, _s in facts["products"]) == [2, 4, 6]
    assert facts["reminders"], "the demo logs the expiry reminder for demo_producer"

    # 1. Signing in lands on "Sản phẩm của tôi": her producer and her three products at their steps.
    page = login("demo_producer")
    assert page.url.endswith("/my/")
    snap(page, "home")
    assert page.locator("h1").first.inner_text() == "Sản phẩm của tôi"
    assert facts["producer"] in page.locator("#my-producer").inner_text()
    cards = page.locator(".producer-product")
    assert cards.count() == 3
    for pk, name, step, state in facts["products"]:
        card = page.locator(f".producer-product[data-product='{pk}']")
        assert name in card.locator(".card-header").inner_text()
        assert card.locator(".product-state").inner_text() == state
        assert card.locator(".product-step").inner_text().startswith(f"Bước {step}/6: ")
        assert card.locator("[aria-current=step]").inner_text().startswith(f"{step}. ")

    # 2. The result after the decision: total and stars (decimal comma), the decision; no member sheet.
    certified = page.locator(".producer-product", has_text=facts["certified"])
    result = certified.locator(".product-result")
    assert result.locator(".result-total").inner_text() == facts["score"].replace(".", ",")
    assert result.locator(".result-stars [aria-hidden=true]").inner_text() == "★" * facts["stars"]
    assert result.locator(".result-stars .visually-hidden").text_content() == f"{facts['stars']} sao"
    assert f"Quyết định số {facts['decision']}" in result.inner_text()
    assert "Phiếu" not in page.locator("main").inner_text()  # no score sheet, no member's name
    assert certified.locator(".cert-valid-until").inner_text() == facts["valid_until"]
    assert "hết hạn" in certified.locator(".cert-expiring").inner_text()
    # the dossier in progress and the idea show their own state
    assert page.locator(".product-dossier").count() == 1
    assert page.locator(".product-dossier .dossier-status").inner_text() == facts["dossier_status"]

    # 3. The certificate downloads as a PDF.
    href = certified.locator("a.cert-pdf").get_attribute("href")
    pdf = page.context.request.get(f"{demo_site.url}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"

    # 4. The expiry reminder is in her notifications too.
    page.goto(f"{demo_site.url}/notifications/")
    snap(page, "notifications")
    text = page.locator("main").inner_text()
    assert facts["reminders"][0] in text
    assert facts["valid_until"] in facts["reminders"][0] or facts["valid_until"] in text

    # 5. She asks for re-rating; the request is recorded once and the form gives way to the date.
    page.goto(f"{demo_site.url}/my/")
    certified = page.locator(".producer-product", has_text=facts["certified"])
    certified.locator("input[name=note]").fill("Đề nghị đánh giá lại trước khi hết hạn")
    certified.get_by_role("button", name="Đề nghị đánh giá lại").click()
    page.wait_for_load_state()
    snap(page, "rerating")
    assert "Đã gửi đề nghị đánh giá lại" in page.locator("main").inner_text()
    assert page.locator(".rerating-sent").count() == 1 and page.locator(".rerating-form").count() == 0
    assert shell_json(demo_site, REQUESTS % facts["cert"]) == [
        [facts["cert"], "Đề nghị đánh giá lại trước khi hết hạn", "demo_producer"]
    ]

    # 6. Another producer's product and certificate are out of reach.
    for url in (
        f"/my/products/{facts['other_product']}/",
        f"/evaluation/certificates/{facts['other_cert']}/pdf/",
        f"/evaluation/certificates/{facts['other_cert']}/",
    ):
        response = page.goto(f"{demo_site.url}{url}")
        assert response.status == 404, url
    assert (
        page.context.request.post(
            f"{demo_site.url}/my/certificates/{facts['other_cert']}/rerating/",
            headers={
                "X-CSRFToken": next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken"),
                "Referer": demo_site.url + "/my/",
            },
        ).status
        == 404
    )
