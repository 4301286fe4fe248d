"""X-Accel-Redirect in the portal (no nginx): only with OCOP_FRONT_SERVER=nginx, only for files under
MEDIA_ROOT, with the view's own headers kept."""

from __future__ import annotations

import pytest

from tests.dossiers.helpers import PDF, make_call, make_dossier, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(users, settings, tmp_path):
    from dossiers import checks, services

    settings.MEDIA_ROOT = str(tmp_path / "media")
    dossier = make_dossier(make_call(), users["district"])
    rule = next(
        r
        for r in checks.applicable_rules(dossier.call.regulation, dossier.product.group)
        if r.kind.is_uploaded
    )
    [doc] = services.add_documents(
        dossier, kind=rule.kind, files=[upload("hồ sơ.pdf", PDF)], by=users["district"]
    )
    return doc


def test_the_embedded_portal_streams_downloads_itself(client_for, document, settings):
    settings.OCOP_FRONT_SERVER = ""
    response = client_for("district").get(f"/dossiers/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_the_download_is_handed_over(client_for, document, settings):
    settings.OCOP_FRONT_SERVER = "nginx"
    response = client_for("district").get(f"/dossiers/documents/{document.pk}/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Length" not in response
    # the access check still runs first
    assert client_for("district2").get(f"/dossiers/documents/{document.pk}/").status_code == 404


def test_generated_files_outside_media_still_stream(client_for, settings, users):
    settings.OCOP_FRONT_SERVER = "nginx"
    response = client_for("province").get("/products/?format=xlsx")
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content)[:2] == b"PK"
