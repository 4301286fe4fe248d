"""Certificates issued on paper before the portal (issue 13, defect 2): DARD records them, a district's
import proposes them, DARD confirms or rejects on the review screen; the upgrade of old imported ratings."""

from __future__ import annotations

import datetime
import importlib

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certificates import paper
from certificates import services as certificate_services
from certificates.models import Certificate, CertificateProposal
from ocop_portal.workflow import TransitionRefused
from products import workflows
from products.certification import ImportSource, writing_ratings
from products.models import Product, ProductTransition
from tests.conftest import make_user
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
# A 3★ decision under 148 before the two-tier reform: the district recognised it (still valid today).
BEFORE_REFORM = datetime.date(2024, 9, 16)


@pytest.fixture(autouse=True)
def english_pages(settings):
    """The pages are read in English here (the Vietnamese wording is the journeys' business)."""
    settings.LANGUAGE_CODE = "en"


def product(name="Nước mắm Duy Hải", **kwargs):
    return ProductFactory(name=name, **kwargs)


def test_dard_records_a_paper_certificate_that_the_public_sees_and_verify_confirms(client):
    dard = make_user("province")
    item = product()
    day = TODAY() - relativedelta(months=14)
    cert = paper.record_paper_certificate(
        item,
        stars=4,
        decision_number="1234/QĐ-UBND",
        decision_date=day,
        issuing_authority="UBND tỉnh Quảng Nam",
        by=dard,
    )
    item.refresh_from_db()
    assert cert.recorded_from_paper and cert.status == Certificate.Status.VALID
    assert (cert.issued_on, cert.valid_until) == (day, day + relativedelta(months=36))
    assert cert.number == f"OCOP-QNA-{day.year}-G0001" and cert.level == "province"
    assert cert.recorded_by == dard and cert.source == "entered by DARD"
    assert (item.state, item.stars, item.certificate_number) == (workflows.RECOGNISED, 4, cert.number)
    assert Product.objects.public().filter(pk=item.pk).exists() and item.is_certified
    response = client.get("/verify/", {"q": cert.number}, follow=True)
    body = response.content.decode()
    assert "Genuine and valid" in body and "Recorded from paper" in body
    assert f"1234/QĐ-UBND of {day:%d/%m/%Y}, UBND tỉnh Quảng Nam" in body
    assert cert.revoking_authority == "Ủy ban nhân dân tỉnh Quảng Nam"  # the authority on the paper decision
    move = item.transitions.get(name="recognise")
    assert move.by == dard and "1234/QĐ-UBND" in move.reason


def test_only_dard_records_and_the_decision_is_required():
    item = product()
    with pytest.raises(PermissionDenied):
        paper.record_paper_certificate(
            item, stars=3, decision_number="1/QĐ", decision_date=TODAY(), by=make_user("district")
        )
    dard = make_user("province")
    for kwargs, message in [
        ({"decision_number": " "}, "decision's number"),
        ({"decision_date": TODAY() + datetime.timedelta(days=1)}, "future"),
        ({"stars": 2}, "3★ to 5★"),
        ({"valid_until": TODAY() - relativedelta(years=1)}, "validity must end after"),
    ]:
        args = {"stars": 3, "decision_number": "1/QĐ", "decision_date": TODAY(), **kwargs}
        with pytest.raises(TransitionRefused, match=message):
            paper.record_paper_certificate(item, by=dard, **args)
    paper.record_paper_certificate(
        item, number="GCN-12", by=dard, stars=3, decision_number="1/QĐ", decision_date=TODAY()
    )
    with pytest.raises(TransitionRefused, match="already recorded"):
        paper.record_paper_certificate(
            product("Khác"), number="gcn-12", by=dard, stars=3, decision_number="1/QĐ", decision_date=TODAY()
        )
    assert not Product.objects.filter(name="Khác", stars__isnull=False).exists()


def test_an_older_paper_certificate_is_kept_as_history_behind_a_newer_one():
    dard = make_user("province")
    item = ProductFactory(state=workflows.EVALUATED)
    newer = certificate_services.issue_certificate(
        item, stars=4, issued_on=TODAY() - relativedelta(months=2), level="province"
    )
    old = paper.record_paper_certificate(
        item, stars=3, decision_number="9/QĐ-UBND", decision_date=TODAY() - relativedelta(months=30), by=dard
    )
    item.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert item.certificate_number == newer.number and item.stars == 4


def test_an_expired_paper_certificate_leaves_the_product_expired():
    item = product()
    cert = paper.record_paper_certificate(
        item,
        stars=3,
        decision_number="5/QĐ-UBND",
        decision_date=datetime.date(2020, 3, 1),
        by=make_user("province"),
    )
    item.refresh_from_db()
    assert cert.status == Certificate.Status.EXPIRED and cert.level == "province"  # 1048: province
    assert item.state == workflows.EXPIRED and not item.is_certified


def propose(item, **kwargs):
    args = dict(
        stars=3,
        decision_number="77/QĐ-UBND",
        decision_date=BEFORE_REFORM,
        by=make_user("district"),
        source=ImportSource("ds-duy-xuyen.xlsx", "a" * 64, 5),
    )
    args.update(kwargs)
    return paper.propose_imported(item, **args)


def test_a_proposal_shows_nothing_until_dard_confirms_it(client):
    item = product()
    proposal = propose(item)
    item.refresh_from_db()
    assert proposal.status == "pending" and proposal.level == "district"
    assert proposal.issuing_authority == "UBND huyện Duy Xuyên"
    assert item.stars is None and not Product.objects.public().filter(pk=item.pk).exists()
    assert not Certificate.objects.filter(product=item).exists()
    with pytest.raises(PermissionDenied):
        paper.confirm_proposal(proposal, by=make_user("district"))

    dard = make_user("province")
    cert = paper.confirm_proposal(proposal, by=dard, issuing_authority="UBND huyện Duy Xuyên (bản gốc)")
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.certificate == cert and proposal.decided_by == dard
    assert cert.recorded_from_paper and cert.decision_number == "77/QĐ-UBND"
    assert cert.issuing_authority == "UBND huyện Duy Xuyên (bản gốc)"
    assert "ds-duy-xuyen.xlsx, row 5" in cert.source and "t_district" in cert.source
    assert item.is_certified and item.stars == 3
    assert "Genuine and valid" in client.get("/verify/", {"q": cert.number}, follow=True).content.decode()
    with pytest.raises(TransitionRefused, match="already been handled"):
        paper.confirm_proposal(proposal, by=dard)


@pytest.fixture
def merged_city():
    """The 2025 tree of Thành phố Đà Nẵng and the successions (Quảng Nam → the city)."""
    from django.core.management import call_command

    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    call_command("load_units", "--province", "48", stdout=open("/dev/null", "w"))
    call_command("load_successions", stdout=open("/dev/null", "w"))


def test_a_paper_record_after_the_reform_defaults_to_the_province_level_of_148_1489(merged_city):
    """A 3★ decision dated after 06/07/2025 was the province's (148 as amended by 1489: no district
    level), issued by the unit that held the province then: UBND thành phố Đà Nẵng for a product
    registered in a Quảng Nam commune — the rule set in force on the decision date decides."""
    item = product()
    proposal = propose(item, decision_date=datetime.date(2025, 9, 15))
    assert proposal.level == "province"
    assert proposal.issuing_authority == "UBND thành phố Đà Nẵng"
    assert paper.default_level(3, datetime.date(2025, 7, 5)) == "district"  # 148, the day before
    assert paper.default_level(3, datetime.date(2025, 7, 6)) == "province"
    cert = paper.record_paper_certificate(
        product("Chả cá Duy Hải"),
        stars=3,
        decision_number="2468/QĐ-UBND",
        decision_date=datetime.date(2025, 10, 1),
        by=make_user("province"),
    )
    assert (cert.level, cert.issuing_authority) == ("province", "UBND thành phố Đà Nẵng")


def test_a_rejected_proposal_needs_a_reason_and_certifies_nothing():
    item = product()
    proposal = propose(item)
    dard = make_user("province")
    with pytest.raises(TransitionRefused, match="reason"):
        paper.reject_proposal(proposal, by=dard, reason=" ")
    paper.reject_proposal(proposal, by=dard, reason="Không có quyết định gốc")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.rejection_reason == "Không có quyết định gốc"
    assert not Certificate.objects.filter(product=item).exists()
    assert not Product.objects.certified().filter(pk=item.pk).exists()


# --- The staff pages -----------------------------------------------------------------------------


def test_the_review_screen_lists_proposals_with_their_source_and_dard_confirms(client_for):
    item = product()
    proposal = propose(item)
    district_page = client_for("district").get("/evaluation/certificates/proposals/").content.decode()
    assert "Nước mắm Duy Hải" in district_page and "ds-duy-xuyen.xlsx, row 5" in district_page
    assert "/confirm/" not in district_page  # districts see their proposals; DARD decides
    assert (
        "Nước mắm Duy Hải"
        not in client_for("district2").get("/evaluation/certificates/proposals/").content.decode()
    )

    dard = client_for("province")
    page = dard.get("/evaluation/certificates/proposals/").content.decode()
    assert "ds-duy-xuyen.xlsx, row 5" in page and "77/QĐ-UBND" in page
    assert f"/evaluation/certificates/proposals/{proposal.pk}/confirm/" in page
    assert (
        client_for("district")
        .post(f"/evaluation/certificates/proposals/{proposal.pk}/confirm/", {})
        .status_code
        == 403
    )
    response = dard.post(
        f"/evaluation/certificates/proposals/{proposal.pk}/confirm/",
        {"issuing_authority": "UBND huyện Duy Xuyên", "level": "district"},
        follow=True,
    )
    assert "Confirmed: certificate OCOP-QNA-" in response.content.decode()
    item.refresh_from_db()
    assert item.is_certified


def test_dard_rejects_on_the_review_screen(client_for):
    proposal = propose(product())
    dard = client_for("province")
    url = f"/evaluation/certificates/proposals/{proposal.pk}/reject/"
    assert "reason" in dard.post(url, {"reason": ""}, follow=True).content.decode()
    dard.post(url, {"reason": "Sai số quyết định"})
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    page = dard.get("/evaluation/certificates/proposals/?status=rejected").content.decode()
    assert "Sai số quyết định" in page


def test_dard_enters_a_paper_certificate_with_the_form(client_for):
    item = product()
    dard = client_for("province")
    assert dard.get("/evaluation/certificates/paper/new/").status_code == 200
    assert client_for("district").get("/evaluation/certificates/paper/new/").status_code == 403
    response = dard.post(
        "/evaluation/certificates/paper/new/",
        {
            "product": item.pk,
            "stars": "4",
            "level": "",
            "issuing_authority": "UBND tỉnh Quảng Nam",
            "decision_number": "567/QĐ-UBND",
            "decision_date": (TODAY() - relativedelta(months=5)).isoformat(),
            "number": "",
            "issued_on": "",
            "valid_until": "",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "recorded from paper" in body and "567/QĐ-UBND" in body
    cert = Certificate.objects.get(product=item)
    assert cert.recorded_from_paper and cert.recorded_by.username == "t_province"
    # the portal never prints a copy of a paper certificate
    assert dard.get(f"/evaluation/certificates/{cert.pk}/pdf/").status_code == 404


# --- The upgrade of ratings imported before this release -----------------------------------------


def legacy_rating(name, by, *, stars=3, number="QĐ 88/QĐ-UBND", months_ago=8):
    """A product as the old importer left it: a rating on the product, no certificate row."""
    day = TODAY() - relativedelta(months=months_ago)
    with writing_ratings():
        item = ProductFactory(
            name=name,
            state=workflows.RECOGNISED,
            stars=stars,
            certificate_number=number,
            certified_on=day,
            valid_until=day + relativedelta(months=36),
        )
    ProductTransition.record(
        item, "import", workflows.IDEA_REGISTERED, workflows.RECOGNISED, by=by, reason="imported"
    )
    return item


def test_the_upgrade_turns_old_imported_ratings_into_certificates_or_proposals():
    from django.apps import apps

    migration = importlib.import_module("certificates.migrations.0002_paper_certificates")
    by_dard = legacy_rating("Nhập bởi Sở", make_user("province"), stars=4)
    by_district = legacy_rating("Nhập bởi huyện", make_user("district"), number="QĐ 99/QĐ-UBND")
    by_nobody = legacy_rating("Nhập bằng lệnh", None, number="QĐ (không rõ số)")
    unbacked = legacy_rating("Không có giấy", make_user("district"), number="SỐ-LẠ-1")
    genuine = ProductFactory(name="Có giấy thật", state=workflows.EVALUATED)
    real = certificate_services.issue_certificate(genuine, stars=3, issued_on=TODAY(), level="province")
    assert not Product.objects.public().filter(pk__in=[by_dard.pk, by_district.pk]).exists()

    with writing_ratings():  # the migration runs on historical models, which have no guard
        migration.backfill(apps, None)

    by_dard.refresh_from_db()
    cert = Certificate.objects.get(product=by_dard)
    assert (
        cert.recorded_from_paper
        and cert.decision_number == "88/QĐ-UBND"
        and cert.recorded_by.username == "t_province"
    )
    assert (cert.stars, cert.issued_on, cert.valid_until) == (4, by_dard.certified_on, by_dard.valid_until)
    assert by_dard.certificate_number == cert.number and by_dard.is_certified

    for item, decision in [
        (by_district, "99/QĐ-UBND"),
        (by_nobody, "(không rõ số)"),
        (unbacked, "(không rõ số)"),
    ]:
        item.refresh_from_db()
        assert (
            item.stars is None and item.certificate_number == "" and item.state == workflows.IDEA_REGISTERED
        )
        proposal = CertificateProposal.objects.get(product=item)
        assert proposal.status == "pending" and proposal.decision_number == decision
        assert item.transitions.filter(name="withdraw_rating").exists()
        assert not Certificate.objects.filter(product=item).exists()

    genuine.refresh_from_db()
    assert genuine.certificate_number == real.number and genuine.is_certified
    assert not CertificateProposal.objects.filter(product=genuine).exists()
    # idempotent: a second run finds nothing left to convert
    with writing_ratings():
        migration.backfill(apps, None)
    assert CertificateProposal.objects.count() == 3 and Certificate.objects.count() == 2


def test_a_5_star_paper_record_names_the_ministry_in_office_on_its_date():
    """The ministries merged on 01/03/2025: a 2022 5★ record keeps the Bộ NN&PTNT, a 2026 one does not."""
    from certificates.paper import ministry_name

    assert ministry_name(datetime.date(2022, 11, 3)) == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert ministry_name(datetime.date(2025, 2, 28)) == "Bộ Nông nghiệp và Phát triển nông thôn"
    assert ministry_name(datetime.date(2025, 3, 1)) == "Bộ Nông nghiệp và Môi trường"
    assert ministry_name() == "Bộ Nông nghiệp và Môi trường"  # today (December 2026)
