"""The producer's home "Sản phẩm của tôi" (issue 18): own products at their step, the result after the
decision (never a member's sheet), the certificate PDF, the expiry reminder in the portal, re-rating
requests — and 404 on another producer's rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from certificates import services
from certificates.models import ReratingRequest
from evaluation.models import DecisionEntry, RecognitionDecision
from producers.models import ProducerAccount
from products import workflows
from products.models import RegulationVersion
from tests.factories import ProducerFactory, ProductFactory


def _certified(producer, name, issued_on, *, score="78.50", stars=4):
    product = ProductFactory(producer=producer, name=name, state=workflows.EVALUATED)
    decision = RecognitionDecision.objects.create(
        number=f"{product.pk}/QĐ-UBND",
        date=issued_on,
        level="province",
        issuing_unit=producer.commune.parent.parent,
        regulation=RegulationVersion.objects.get(code="148-2023"),
        status=RecognitionDecision.Status.APPROVED,
    )
    entry = DecisionEntry.objects.create(
        decision=decision, product=product, stars=stars, score=Decimal(score)
    )
    cert = services.issue_certificate(
        product, stars=stars, issued_on=issued_on, level="province", decision=decision, decision_entry=entry
    )
    return product, cert


@pytest.fixture
def world(db, units):
    today = timezone.localdate()
    mine = ProducerFactory(name="HTX Trà Nam Phước", commune=units["nam_phuoc"])
    other = ProducerFactory(name="HTX Khác", commune=units["nam_phuoc"])
    user = User.objects.create_user("p_home", "p_home@example.vn", "x", role=Role.PRODUCER)
    ProducerAccount.objects.create(user=user, producer=mine)
    idea = ProductFactory(producer=mine, name="Trà gừng (ý tưởng)", state=workflows.IDEA_REGISTERED)
    developing = ProductFactory(producer=mine, name="Mật ong rừng", state=workflows.IN_DEVELOPMENT)
    expiring, cert = _certified(mine, "Trà xanh Nam Phước", today - relativedelta(months=34))
    far, far_cert = _certified(mine, "Trà túi lọc", today - relativedelta(months=2), score="65.00", stars=3)
    theirs, their_cert = _certified(other, "Rượu của người khác", today - relativedelta(months=34))
    client = Client()
    client.force_login(user)
    return locals()


def test_home_shows_own_products_at_their_steps_and_results(world, django_assert_max_num_queries):
    client = world["client"]
    with django_assert_max_num_queries(20):
        response = client.get("/my/")
    assert response.status_code == 200
    cards = {c["product"].name: c for c in response.context["cards"]}
    assert set(cards) == {"Trà gừng (ý tưởng)", "Mật ong rừng", "Trà xanh Nam Phước", "Trà túi lọc"}
    assert cards["Trà gừng (ý tưởng)"]["step"] == 2 and cards["Mật ong rừng"]["step"] == 4
    expiring = cards["Trà xanh Nam Phước"]
    assert expiring["step"] == 6 and expiring["result"].score == Decimal("78.50")
    assert expiring["result"].stars == 4 and expiring["expiring"] and expiring["can_request_rerating"]
    assert not cards["Trà túi lọc"]["expiring"] and not cards["Trà túi lọc"]["can_request_rerating"]
    body = response.content.decode()
    assert "78,50" in body or "78.50" in body
    assert "Rượu của người khác" not in body and "score-sheet" not in body


def test_query_count_does_not_grow_with_products(world, django_assert_max_num_queries):
    for n in range(6):
        _certified(world["mine"], f"Thêm {n}", timezone.localdate() - relativedelta(months=3 + n))
    with django_assert_max_num_queries(20):
        assert world["client"].get("/my/").status_code == 200


def test_certificate_pdf_is_own_only(world):
    client = world["client"]
    pdf = client.get(f"/evaluation/certificates/{world['cert'].pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/evaluation/certificates/{world['their_cert'].pk}/pdf/").status_code == 404
    assert client.get(f"/my/products/{world['theirs'].pk}/").status_code == 404
    assert client.get(f"/my/products/{world['expiring'].pk}/").status_code == 200
    assert client.post(f"/my/certificates/{world['their_cert'].pk}/rerating/").status_code == 404


def test_rerating_request_once_and_only_near_expiry(world, client_for):
    client = world["client"]
    response = client.post(f"/my/certificates/{world['cert'].pk}/rerating/", {"note": "Xin đánh giá lại"})
    assert response.status_code == 302
    req = ReratingRequest.objects.get()
    assert req.product == world["expiring"] and req.note == "Xin đánh giá lại"
    assert req.requested_by == world["user"]
    client.post(f"/my/certificates/{world['cert'].pk}/rerating/")
    client.post(f"/my/certificates/{world['far_cert'].pk}/rerating/")  # 34 months left: refused
    assert ReratingRequest.objects.count() == 1
    # the local officer (Duy Xuyên) and DARD see it; the other district does not
    listing = client_for("district").get("/evaluation/rerating-requests/")
    assert [r["request"] for r in listing.context["rows"]] == [req] and listing.context["rows"][0]["waiting"]
    assert client_for("district2").get("/evaluation/rerating-requests/").context["rows"] == []
    home = client.get("/my/")
    card = next(c for c in home.context["cards"] if c["product"] == world["expiring"])
    assert card["rerating_request"] == req and not card["can_request_rerating"]


def test_expiry_reminder_reaches_the_producer_in_the_portal(world):
    from notifications.models import Notification
    from notifications.services import run_reminders

    cert = world["cert"]
    # the 3-month rung of the 6/3/1 ladder, and only for this producer's certificate
    day = cert.valid_until - relativedelta(months=3)
    run_reminders(day)
    notes = Notification.objects.filter(recipient=world["user"])
    assert notes.count() == 1
    note = notes.get()
    assert cert.number in note.body and cert.valid_until.strftime("%d/%m/%Y") in note.title + note.body
    assert world["client"].get("/notifications/").status_code == 200
    assert world["client"].get(note.url).status_code == 200  # the link opens for the producer


def test_staff_do_not_get_the_producer_pages(world, client_for):
    assert client_for("district").get("/my/").status_code == 403
    assert client_for("province").get(f"/my/products/{world['expiring'].pk}/").status_code == 403


def test_unlinked_producer_login_sees_an_empty_home(db, client_for):
    response = client_for("producer").get("/my/")
    assert response.status_code == 200 and response.context["producer"] is None
