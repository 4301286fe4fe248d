"""Only the chain reads a dossier and its files: the product's district and commune, provincial
staff, council members once submitted, the producer itself. Everyone else gets a 404/403."""

import pytest
from django.test import Client

from accounts import access
from accounts.models import AdministrativeUnit, Role, User
from dossiers import services
from dossiers import workflows as wf
from dossiers.models import CommuneReport, DocumentKind, Dossier, DossierDocument
from producers.models import ProducerAccount

from .helpers import PDF, office_zip, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(call, users):
    from .helpers import make_dossier

    dossier = make_dossier(call, users["district"])  # Nam Phước, Duy Xuyên
    ProducerAccount.objects.create(user=users["producer"], producer=dossier.product.producer)
    (document,) = services.add_documents(
        dossier,
        kind=DocumentKind.objects.get(code="test-reports"),
        files=[upload("Phiếu kiểm nghiệm số 1.pdf", PDF)],
        by=users["district"],
    )
    return document


def get(client_or_role, url, client_for):
    client = client_for(client_or_role) if isinstance(client_or_role, str) else client_or_role
    return client.get(url)


def set_status(document, status):
    Dossier.objects.filter(pk=document.dossier_id).update(status=status)


EXPECT_DRAFT = {
    "anonymous": 302,
    "province": 200,
    "admin": 200,
    "district": 200,
    "district2": 404,
    "commune": 200,
    "council": 404,
    "department": 404,  # reads only the dossiers of the rounds whose council they sit on
    "producer": 200,
}


@pytest.mark.parametrize("role", sorted(EXPECT_DRAFT))
def test_file_of_a_draft_by_role(doc, client_for, role):
    response = get(role, f"/dossiers/documents/{doc.pk}/", client_for)
    assert response.status_code == EXPECT_DRAFT[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF


def assign_to_council(product, client_for, *, year=None, role="council"):
    """Seat the test user of ``role`` on a round of ``year`` (default: this year) that evaluates
    ``product``."""
    from django.utils import timezone

    from evaluation.models import CouncilMember, CriteriaSet, Round, RoundProduct
    from products.models import RegulationVersion
    from tests.conftest import make_user

    district = product.commune.parent
    round_ = Round.objects.create(
        name=f"Đợt thử {role}",
        year=year or timezone.localdate().year,
        level="district",
        unit=district,
        regulation=RegulationVersion.objects.get(code="148-2023"),
    )
    CouncilMember.objects.create(round=round_, user=make_user(role))
    RoundProduct.objects.create(round=round_, product=product, criteria_set=CriteriaSet.objects.first())


@pytest.mark.parametrize(
    "status, council", [("submitted", 200), ("resubmitted", 200), ("accepted", 200), ("returned", 404)]
)
def test_council_reads_dossiers_with_the_evaluating_level(doc, client_for, status, council):
    set_status(doc, status)
    # not on a council that evaluates this product: nothing
    assert get("council", f"/dossiers/documents/{doc.pk}/", client_for).status_code == 404
    assign_to_council(doc.dossier.product, client_for)
    assert get("council", f"/dossiers/documents/{doc.pk}/", client_for).status_code == council
    assert get("council", f"/dossiers/{doc.dossier_id}/review/", client_for).status_code == council
    assert get("department", f"/dossiers/documents/{doc.pk}/", client_for).status_code == 404
    # department staff seated on the council read it like any member
    assign_to_council(doc.dossier.product, client_for, role="department")
    assert get("department", f"/dossiers/documents/{doc.pk}/", client_for).status_code == council
    assert get("department", f"/dossiers/{doc.dossier_id}/review/", client_for).status_code == council


def test_a_council_reads_the_dossier_of_its_rounds_year_only(doc, client_for):
    set_status(doc, wf.SUBMITTED)
    assign_to_council(doc.dossier.product, client_for, year=doc.dossier.year - 1)
    assert get("council", f"/dossiers/{doc.dossier_id}/review/", client_for).status_code == 404
    assign_to_council(doc.dossier.product, client_for, year=doc.dossier.year)
    page = get("council", f"/dossiers/{doc.dossier_id}/review/", client_for)
    assert page.status_code == 200 and "Phiếu kiểm nghiệm số 1.pdf" in page.content.decode()
    assert 'id="onsite-check"' in page.content.decode()  # the on-site attestation is part of it
    assert get("council", f"/dossiers/{doc.dossier_id}/download.zip", client_for).status_code == 200


def test_council_reads_only_the_commune_reports_of_its_dossiers(doc, users, client_for):
    from django.utils import timezone

    from dossiers.models import CommuneReportItem

    set_status(doc, wf.SUBMITTED)
    report = CommuneReport.objects.create(
        commune=doc.dossier.product.commune,
        call=doc.dossier.call,
        status=wf.REPORT_SUBMITTED,
        submitted_at=timezone.now(),
    )
    CommuneReportItem.objects.create(report=report, dossier=doc.dossier)
    assert not access.visible(users["council"], CommuneReport).exists()
    assign_to_council(doc.dossier.product, client_for)
    assert list(access.visible(users["council"], CommuneReport)) == [report]


def test_other_commune_and_other_producer_get_404(doc, client_for):
    other_commune = User.objects.create(
        username="t_commune_duyson", role=Role.COMMUNE, unit=AdministrativeUnit.objects.get(code="20620")
    )
    client = Client()
    client.force_login(other_commune)
    assert client.get(f"/dossiers/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/dossiers/{doc.dossier_id}/download.zip").status_code == 404
    ProducerAccount.objects.filter(user__username="t_producer").delete()
    assert get("producer", f"/dossiers/documents/{doc.pk}/", client_for).status_code == 404


def test_department_staff_see_no_dossier_rows(doc, users):
    set_status(doc, wf.ACCEPTED)
    for model in (Dossier, DossierDocument, CommuneReport):
        assert not access.visible(users["department"], model).exists()


def test_nobody_outside_the_chain_changes_a_dossier(doc, users):
    dossier = doc.dossier
    assert access.can_change(users["district"], dossier)
    assert access.can_change(users["province"], dossier)
    for role in ("district2", "commune", "council", "department", "producer"):
        assert not access.can_change(users[role], dossier), role


def test_download_headers(doc, client_for):
    response = client_for("district").get(f"/dossiers/documents/{doc.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''Phi%E1%BA%BFu%20ki%E1%BB%83m%20nghi%E1%BB%87m%20s%E1%BB%91%201.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    inline = client_for("district").get(f"/dossiers/documents/{doc.pk}/?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"  # embeddable by the review page only


def test_office_files_are_never_inline(doc, users, client_for):
    (docx,) = services.add_documents(
        doc.dossier,
        kind=DocumentKind.objects.get(code="form-03"),
        files=[upload("phuong-an.docx", office_zip("docx"))],
        by=users["district"],
    )
    response = client_for("district").get(f"/dossiers/documents/{docx.pk}/?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_media_url_does_not_serve_files(doc, client_for):
    assert client_for("admin").get(f"/media/{doc.file.name}").status_code == 404


def test_list_shows_only_the_chain(doc, client_for):
    name = doc.dossier.product.name
    assert name in client_for("district").get("/dossiers/").content.decode()
    assert name not in client_for("district2").get("/dossiers/").content.decode()
    assert name in client_for("producer").get("/dossiers/").content.decode()
    assert name not in client_for("council").get("/dossiers/").content.decode()
