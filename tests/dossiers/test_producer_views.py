"""The producer's pages (issue 18): own producer only (404 for another's), each step shows on the
officer's screens, refusals are messages (in Vietnamese for a Vietnamese user), no submission."""

import pytest
from django.test import Client

from dossiers import services
from dossiers import workflows as wf
from dossiers.models import DocumentKind
from products import services as product_services
from products import workflows as pw
from products.models import Product
from tests.factories import group

from .helpers import PDF, attest, file_commune_report, fill_required, make_dossier, upload
from .test_producer_work import producer_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(call, users):
    dossier = make_dossier(call, users["district"])
    me = producer_login(dossier.product.producer)
    client = Client()
    client.force_login(me)
    return dossier, me, client


def texts(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_idea_form_feeds_the_officers_product_list(own, client_for):
    _, _, client = own
    assert client.get("/producer/ideas/new/").status_code == 200
    response = client.post(
        "/producer/ideas/new/",
        {"origin": "new", "name": "Tương ớt Nam Phước", "group": group("1.3").pk, "idea": "Ớt sừng trâu"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/producer/work/"
    assert "Tương ớt Nam Phước" in response.content.decode()
    product = Product.objects.get(name="Tương ớt Nam Phước")
    officer = client_for("district").get("/products/", {"state": pw.IDEA_REGISTERED})
    assert "Tương ớt Nam Phước" in officer.content.decode()
    page = client_for("district").get(f"/products/{product.pk}/").content.decode()
    assert 'id="producer-sent"' in page


def test_other_producers_pages_are_404(own, call, users):
    _, _, client = own
    other = make_dossier(call, users["district"])
    assert client.get(f"/producer/dossiers/{other.pk}/").status_code == 404
    assert client.get(f"/producer/products/{other.product.pk}/plan/").status_code == 404
    assert client.post(f"/producer/dossiers/{other.pk}/ready/").status_code == 404
    assert client.get("/producer/work/").content.decode().count(other.product.name) == 0


def test_plan_form_sends_the_plan_and_the_officer_reads_it(own, users, client_for):
    dossier, me, client = own
    product = product_services.register_product(
        by=me,
        name="Rượu cần",
        producer=dossier.product.producer,
        commune=dossier.product.commune,
        group=group("1.3"),
    )
    product_services.transition(product, "accept_idea", by=users["district"])
    data = {
        "summary": "Nâng công suất",
        "production": "Lò nấu",
        "market": "Du khách",
        "capital_vnd": "90000000",
    }
    response = client.post(f"/producer/products/{product.pk}/plan/", {**data, "file": upload("pa.pdf", PDF)})
    assert response.status_code == 302
    plan_url = response["Location"]
    product.refresh_from_db()
    assert product.state == pw.PLAN_SUBMITTED
    officer = client_for("district")
    assert "Nâng công suất" in officer.get(plan_url).content.decode()
    assert officer.get(plan_url + "file/").status_code == 200
    assert client_for("district2").get(plan_url).status_code == 404
    # sent twice: refused, said on the form
    again = client.get(f"/producer/products/{product.pk}/plan/")
    assert "See the plan sent" in again.content.decode()


def test_upload_mark_ready_and_the_officer_sees_it(own, users, client_for):
    dossier, me, client = own
    page = client.get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    assert 'id="ready-card"' in page and f"/dossiers/{dossier.pk}/do/submit/" not in page
    kind = DocumentKind.objects.get(code="test-reports")
    response = client.post(
        f"/producer/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("kn.pdf", PDF)]},
        follow=True,
    )
    assert "1 file(s) added" in texts(response)
    assert dossier.documents.get().uploaded_by == me
    fill_required(dossier, me)
    response = client.post(f"/producer/dossiers/{dossier.pk}/ready/", {"note": "Đủ giấy tờ"}, follow=True)
    assert "complete" in texts(response)
    response = client.post(f"/producer/dossiers/{dossier.pk}/ready/", follow=True)
    assert "already reported" in texts(response)
    officer_page = client_for("district").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert 'id="producer-messages"' in officer_page and "Đủ giấy tờ" in officer_page


def test_wrong_file_type_refused_in_vietnamese(own, settings):
    dossier, _, client = own
    settings.LANGUAGE_CODE = "vi"
    kind = DocumentKind.objects.get(code="test-reports")
    response = client.post(
        f"/producer/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("kn.pdf", b"GIF89a not a pdf")]},
        HTTP_ACCEPT_LANGUAGE="vi",
        follow=True,
    )
    assert "kn.pdf" in texts(response) and "chỉ nhận tệp" in texts(response)
    assert not dossier.documents.exists()


def test_producer_cannot_submit_nor_change_a_submitted_dossier(own, users):
    dossier, _, client = own
    fill_required(dossier, users["district"])
    attest(dossier, users["district"])
    file_commune_report(users["commune"], dossier.call)
    assert client.post(f"/dossiers/{dossier.pk}/do/submit/").status_code == 403
    assert client.post(f"/dossiers/{dossier.pk}/upload/").status_code == 403
    services.submit_dossier(dossier, by=users["district"])
    page = client.get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    assert 'id="ready-card"' not in page and f"/producer/dossiers/{dossier.pk}/upload/" not in page
    kind = DocumentKind.objects.get(code="photos")
    response = client.post(
        f"/producer/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("x.pdf", PDF + b"x")]},
        follow=True,
    )
    assert "draft or returned" in texts(response)
    dossier.refresh_from_db()
    assert dossier.status == wf.SUBMITTED


def test_reply_to_remarks_shows_on_the_officers_page(own, users, client_for):
    dossier, _, client = own
    fill_required(dossier, users["district"])
    attest(dossier, users["district"])
    file_commune_report(users["commune"], dossier.call)
    services.submit_dossier(dossier, by=users["district"])
    services.return_dossier(dossier, by=users["province"], general="Thiếu ảnh nhãn mới")
    page = client.get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    assert "Thiếu ảnh nhãn mới" in page and 'id="reply-card"' in page
    kind = DocumentKind.objects.get(code="label-packaging")
    response = client.post(
        f"/producer/dossiers/{dossier.pk}/reply/",
        {"text": "Đã chụp nhãn mới", "kind": kind.pk, "files": [upload("nhan.pdf", PDF + b"nhan")]},
        follow=True,
    )
    assert "reply was sent" in texts(response)
    officer_page = client_for("district").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Đã chụp nhãn mới" in officer_page and "nhan.pdf" in officer_page


def test_a_producer_never_reaches_score_sheets(own, users):
    """Even the sheets scoring their own product: the producer sees the result, never members' sheets."""
    from accounts import access
    from evaluation.models import CouncilMember, CriteriaSet, Round, RoundProduct, ScoreSheet
    from products.models import RegulationVersion

    dossier, me, client = own
    round_ = Round.objects.create(
        name="Đợt chấm thử",
        year=dossier.year,
        level="province",
        unit=users["province"].unit,
        regulation=RegulationVersion.objects.get(code="148-2023"),
    )
    member = CouncilMember.objects.create(round=round_, user=users["council"])
    entry = RoundProduct.objects.create(
        round=round_, product=dossier.product, criteria_set=CriteriaSet.objects.first()
    )
    ScoreSheet.objects.create(entry=entry, member=member, status="submitted")
    assert not access.visible(me, ScoreSheet).exists()
    assert client.get(f"/evaluation/entries/{entry.pk}/score/").status_code in (403, 404)
    assert "Đợt chấm thử" not in client.get("/evaluation/my-sheets/").content.decode()
