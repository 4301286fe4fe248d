"""Dossier pages: the district's working page, uploads through the view, reviewer actions."""

import pytest
from django.test import override_settings
from django.utils import timezone

from dossiers import checks, services
from dossiers import workflows as wf
from dossiers.dashboard import dashboard_cards
from dossiers.models import DocumentKind, Dossier, DossierDocument

from .helpers import PDF, PNG, make_dossier, make_product, ready_dossier, upload

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_district_opens_a_dossier_through_the_form(call, users, client_for):
    product = make_product()
    client = client_for("district")
    assert client.get("/dossiers/new/").status_code == 200
    response = client.post("/dossiers/new/", {"call": call.pk, "product": product.pk})
    dossier = Dossier.objects.get(product=product)
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
    again = client.post("/dossiers/new/", {"call": call.pk, "product": product.pk})
    assert again.status_code == 200 and "already has a dossier" in again.content.decode()
    other = client_for("district2").post("/dossiers/new/", {"call": call.pk, "product": product.pk})
    assert other.status_code == 200 and Dossier.objects.count() == 1  # product not in the choices


def test_detail_lists_required_kinds_present_and_missing(call, users, client_for):
    district = users["district"]
    dossier = make_dossier(call, district)
    services.add_documents(
        dossier, kind=DocumentKind.objects.get(code="photos"), files=[upload("anh.png", PNG)], by=district
    )
    page = client_for("district").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Missing before submission" in page
    assert DocumentKind.objects.get(code="test-reports").name in page
    assert "anh.png" in page
    uploadable = [line for line in checks.checklist(dossier) if line.kind.is_uploaded]
    assert page.count('type="file"') == len(uploadable) == 13  # one upload form per kind
    assert "site-inspection" not in page and DocumentKind.objects.get(code="site-inspection").name not in page
    assert "On-site check attestation" in page
    assert 'type="submit" disabled aria-describedby="missing-list"' in page  # nothing to submit yet
    ready = ready_dossier(call, district, users["commune"])
    ready_page = client_for("district").get(f"/dossiers/{ready.pk}/").content.decode()
    assert "Missing before submission" not in ready_page and "disabled" not in ready_page


def test_detail_query_count_does_not_grow_with_documents(
    call, users, client_for, django_assert_max_num_queries
):
    district = users["district"]
    dossier = make_dossier(call, district)
    client = client_for("district")
    client.get(f"/dossiers/{dossier.pk}/")
    kinds = DocumentKind.objects.filter(source="upload", applies_to_tourism_only=False)[:6]
    for n, kind in enumerate(kinds):
        services.add_documents(dossier, kind=kind, files=[upload(f"{n}.pdf", PDF + bytes([n]))], by=district)
    with django_assert_max_num_queries(24) as ctx:
        client.get(f"/dossiers/{dossier.pk}/")
    few = len(ctx.captured_queries)
    for n, kind in enumerate(kinds):
        services.add_documents(
            dossier, kind=kind, files=[upload(f"x{n}.pdf", PDF + b"x" + bytes([n]))], by=district
        )
    with django_assert_max_num_queries(few):
        client.get(f"/dossiers/{dossier.pk}/")
    with django_assert_max_num_queries(few):
        client.get(f"/dossiers/{dossier.pk}/review/")


def test_review_page_previews_pdf_and_images(call, users, client_for):
    district = users["district"]
    dossier = ready_dossier(call, district, users["commune"])
    services.add_documents(
        dossier, kind=DocumentKind.objects.get(code="photos"), files=[upload("anh.png", PNG)], by=district
    )
    services.submit_dossier(dossier, by=district)
    from tests.dossiers.test_access import assign_to_council

    assign_to_council(dossier.product, client_for)
    page = client_for("council").get(f"/dossiers/{dossier.pk}/review/").content.decode()
    pdf = dossier.documents.filter(content_type="application/pdf").first()
    png = dossier.documents.get(content_type="image/png", original_name="anh.png")
    # PDF viewers load on demand (five of them made the page take 2.5 s): none is on the page itself
    assert "<iframe" not in page
    assert f'data-preview-src="/dossiers/documents/{pdf.pk}/?inline=1"' in page
    assert "Show the preview" in page
    assert f'<img src="/dossiers/documents/{png.pk}/?inline=1"' in page and 'loading="lazy"' in page
    assert f"/dossiers/{dossier.pk}/download.zip" in page
    assert "Accept for evaluation" not in page  # council reads, does not accept


def test_upload_view_refuses_a_disguised_file_with_a_message(call, users, client_for, stored_files):
    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="test-reports")
    response = client_for("district").post(
        f"/dossiers/{dossier.pk}/upload/", {"kind": kind.pk, "files": [upload("scan.pdf", PNG)]}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "“scan.pdf” looks like a PNG file but is named .pdf: rename it or upload the right file."
    ]
    assert stored_files() == [] and not DossierDocument.objects.exists()


def test_upload_view_accepts_several_files(call, users, client_for, stored_files):
    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="photos")
    response = client_for("district").post(
        f"/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("a.png", PNG), upload("b.pdf", PDF)]},
    )
    assert messages_of(response) == [f"2 file(s) added to “{kind.name}”."]
    assert len(stored_files()) == 2


@override_settings(OCOP_UPLOAD_MAX_FILE_MB=0.05)  # ≈ 50 KB
def test_oversized_file_is_stopped_while_it_streams_in(call, users, client_for, stored_files):
    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="test-reports")
    response = client_for("district").post(
        f"/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("nho.pdf", PDF), upload("to.pdf", PDF + b"0" * 200_000)]},
    )
    assert response.status_code == 302
    assert (
        "“to.pdf” is over the" in messages_of(response)[0]
        and "nothing was uploaded" in messages_of(response)[0]
    )
    assert stored_files() == [] and not DossierDocument.objects.exists()


@override_settings(OCOP_UPLOAD_MAX_DOSSIER_MB=0.05)
def test_request_larger_than_the_dossier_budget_is_refused_unread(call, users, client_for, stored_files):
    dossier = make_dossier(call, users["district"])
    kind = DocumentKind.objects.get(code="test-reports")
    response = client_for("district").post(
        f"/dossiers/{dossier.pk}/upload/",
        {"kind": kind.pk, "files": [upload("to.pdf", PDF + b"0" * 2_000_000)]},
    )
    assert "does not fit in the dossier" in messages_of(response)[0]
    assert stored_files() == []


def test_upload_without_files_or_kind(call, users, client_for):
    dossier = make_dossier(call, users["district"])
    response = client_for("district").post(f"/dossiers/{dossier.pk}/upload/", {})
    assert response.status_code == 302 and "at least one file" in messages_of(response)[0]


def test_onsite_attestation_through_the_view(call, users, client_for):
    dossier = make_dossier(call, users["district"])
    client = client_for("district")
    refused = client.post(f"/dossiers/{dossier.pk}/onsite-check/", {"checked_on": "01/01/2026"})
    assert "Tick the attestation" in messages_of(refused)[0]
    ok = client.post(
        f"/dossiers/{dossier.pk}/onsite-check/",
        {"checked_on": timezone.localdate().strftime("%d/%m/%Y"), "note": "Đã đến cơ sở", "confirm": "on"},
    )
    assert messages_of(ok)[-1] == "The on-site check is attested."
    dossier.refresh_from_db()
    assert dossier.onsite_attested and dossier.onsite_checked_by == users["district"]


def test_submit_refused_lists_missing_kinds(call, users, client_for):
    dossier = make_dossier(call, users["district"])
    response = client_for("district").post(f"/dossiers/{dossier.pk}/do/submit/", {"confirmed": "1"})
    message = messages_of(response)[0]
    assert message.startswith("Required documents are missing:")
    assert DocumentKind.objects.get(code="commune-report").name in message
    assert "on-site check has not been attested" in message


def test_return_form_with_reasons_per_kind(call, users, client_for):
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    client = client_for("province")
    form = client.get(f"/dossiers/{dossier.pk}/return/")
    assert form.status_code == 200
    empty = client.post(f"/dossiers/{dossier.pk}/return/", {})
    assert "Give at least one reason" in empty.content.decode()
    kind = DocumentKind.objects.get(code="label-packaging")
    response = client.post(f"/dossiers/{dossier.pk}/return/", {f"kind_{kind.pk}": "Nhãn thiếu hạn dùng"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == wf.RETURNED
    page = client_for("district").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Nhãn thiếu hạn dùng" in page
    assert client_for("district").get(f"/dossiers/{dossier.pk}/return/").status_code == 403


def test_call_page_shows_quota_progress(call, users, client_for):
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    make_dossier(call, users["district"])
    page = client_for("district").get(f"/dossiers/calls/{call.pk}/").content.decode()
    assert "1 of 1 submitted" in page  # batch 1: 50 % of 2 registered
    assert "1 of 2 submitted" in page  # batch 2: all
    assert "Đại Lộc" not in page  # a district sees its own row
    assert "Đại Lộc" in client_for("province").get(f"/dossiers/calls/{call.pk}/").content.decode()


def test_dashboard_cards(call, users):
    make_dossier(call, users["district"])
    titles = {c["title"] for c in dashboard_cards(users["district"])}
    assert f"Dossiers {timezone.localdate().year} to complete" in titles and any(
        t.startswith("Next batch") for t in titles
    )
    assert {c["title"] for c in dashboard_cards(users["commune"])} == {"Products awaiting the commune report"}
    assert dashboard_cards(users["department"]) == []
    assert dashboard_cards(users["council"])[0]["value"] == 0


def test_list_query_count_is_constant(call, users, client_for, django_assert_max_num_queries):
    client = client_for("province")
    make_dossier(call, users["district"])
    client.get("/dossiers/")
    with django_assert_max_num_queries(30) as ctx:
        client.get("/dossiers/")
    baseline = len(ctx.captured_queries)
    for _ in range(5):
        make_dossier(call, users["district"])
    make_dossier(call, users["district2"], commune=users["district2"].unit.children.first().code)
    with django_assert_max_num_queries(baseline):
        response = client.get("/dossiers/")
    assert response.content.decode().count("/dossiers/") >= 7
