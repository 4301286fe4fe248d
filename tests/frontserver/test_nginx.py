"""Through Debian's nginx, for real: downloads handed over with X-Accel-Redirect (and still refused to
the wrong district), uploads over the limit refused by nginx with the portal's Vietnamese page, static
files served by nginx alone, and the client's address as nginx passes it on."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import make_user
from tests.dossiers.helpers import make_call, make_dossier, upload

from .conftest import fetch, needs_nginx, restore_reference_data_after

pytestmark = needs_nginx
# Only the download test needs rows the live server can read (a transactional test, slower); the others
# need no data.
with_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF_BODY = b"%PDF-1.4\n" + b"% OCOP front-server test\n" * 2000 + b"%%EOF\n"


def session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


@pytest.fixture(scope="module", autouse=True)
def restore_reference_data(django_db_blocker):
    yield
    restore_reference_data_after(django_db_blocker)


@pytest.fixture
def district_document(reference_data, front):
    """A PDF in a Duy Xuyên dossier, uploaded through the service (stored under MEDIA_ROOT)."""
    from dossiers import checks, services

    officer = make_user("district")
    dossier = make_dossier(make_call(), officer)
    rule = next(
        r
        for r in checks.applicable_rules(dossier.call.regulation, dossier.product.group)
        if r.kind.is_uploaded
    )
    [document] = services.add_documents(
        dossier, kind=rule.kind, files=[upload("Biên bản kiểm tra.pdf", PDF_BODY)], by=officer
    )
    return document


@with_data
def test_dossier_download_is_sent_by_nginx(front, district_document, live_server, settings):
    officer = session_cookie(make_user("district"))
    path = f"/dossiers/documents/{district_document.pk}/"

    # The portal itself answers with an empty body and the internal address of the file ...
    direct = fetch(
        live_server.url.replace("localhost", "127.0.0.1"), path, headers=officer, source="127.0.0.1"
    )
    assert direct.status == 200
    assert direct.body == b""
    accel = direct.header("X-Accel-Redirect")
    assert accel and accel.startswith("/_protected/")
    assert (Path(settings.MEDIA_ROOT) / district_document.file.name).exists()

    # ... and through nginx the officer receives the file, as the view named and typed it.
    answer = front.get(path, headers=officer)
    assert answer.status == 200, front.log()
    assert answer.body == PDF_BODY
    assert answer.header("Content-Type") == "application/pdf"
    assert "attachment" in answer.header("Content-Disposition")
    assert "Bi%C3%AAn%20b%E1%BA%A3n%20ki%E1%BB%83m%20tra.pdf" in answer.header("Content-Disposition")
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("X-Accel-Redirect") is None
    assert int(answer.header("Content-Length")) == len(PDF_BODY)

    # Another district's officer is refused by the portal: nginx never reaches the file.
    other = front.get(path, headers=session_cookie(make_user("district2")))
    assert other.status == 404
    assert PDF_BODY not in other.body
    # Nobody reaches the file by address: the internal location and /media/ are closed.
    assert front.get(accel, headers=officer).status == 404
    assert front.get(f"/media/{district_document.file.name}", headers=officer).status == 404
    # An anonymous visitor is sent to the login page.
    assert front.get(path).status == 302

    # Without OCOP_FRONT_SERVER (make run) the portal streams the file itself, nginx only relays it.
    settings.OCOP_FRONT_SERVER = ""
    answer = front.get(path, headers=officer)
    assert answer.status == 200
    assert answer.body == PDF_BODY
    assert answer.header("X-Content-Type-Options") == "nosniff"


@pytest.mark.django_db
def test_oversized_upload_is_refused_by_nginx_with_the_vietnamese_page(front):
    limit_mb = int(front.values["OCOP_NGINX_BODY_MAX_MB"])
    assert limit_mb == settings.OCOP_UPLOAD_MAX_DOSSIER_MB + 1  # the portal's own limit, +1 MB of form
    boundary = "ocopboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="lon.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%PDF-"
        + b"x" * ((limit_mb + 1) * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    before = len(front.seen)
    answer = front.get(
        "/dossiers/1/upload/",
        method="POST",
        body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status == 413
    page = answer.body.decode()
    assert "Tệp tải lên quá lớn" in page
    assert f"Mỗi tệp tối đa <strong>{settings.OCOP_UPLOAD_MAX_FILE_MB} MB</strong>" in page
    assert "text/html" in answer.header("Content-Type")
    assert front.seen[before:] == []  # the portal never saw the request


@pytest.mark.django_db
def test_static_files_are_served_by_nginx(front):
    static_root = Path(settings.STATICFILES_DIRS[0])
    css = next(p for p in sorted(static_root.rglob("*.css")))
    before = len(front.seen)
    answer = front.get("/static/" + css.relative_to(static_root).as_posix())
    assert answer.status == 200
    assert answer.body == css.read_bytes()
    assert answer.header("Content-Type").startswith("text/css")
    assert "max-age=" in answer.header("Cache-Control")
    assert front.seen[before:] == []


@pytest.mark.django_db
def test_the_portal_sees_the_client_address_nginx_passes(front, settings):
    settings.OCOP_VERIFY_RATE_LIMIT = 3
    spoofed = {"X-Forwarded-For": "203.0.113.9"}
    before = len(front.seen)
    assert front.get("/verify/?q=khong-co", headers=spoofed, source="127.0.0.2").status == 404
    [seen] = front.seen[before:]
    assert seen["remote_addr"] == "127.0.0.1"  # nginx itself
    assert seen["x_real_ip"] == "127.0.0.2"  # the client
    assert seen["x_forwarded_for"] == "203.0.113.9, 127.0.0.2"  # what the client wrote, then nginx

    # One trusted hop: the rate limit counts 127.0.0.2 whatever it writes in X-Forwarded-For ...
    for n in range(2):
        assert front.get("/verify/?q=khong-co", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status == 404
    assert front.get("/verify/?q=khong-co", headers={"X-Forwarded-For": "198.51.100.7"}).status == 429
    # ... and another visitor behind the same nginx is not limited with it.
    assert front.get("/verify/?q=khong-co", source="127.0.0.3").status == 404


@pytest.mark.django_db
def test_upstream_down_gives_the_vietnamese_maintenance_page(front):
    from ocop_portal.frontserver import render_config

    front.stop()
    front.values["OCOP_NGINX_UPSTREAM"] = "127.0.0.1:9"  # discard port: nothing listens
    render_config(front.prefix / "conf.d", front.values)
    front.start()
    answer = front.get("/")
    assert answer.status == 502
    assert "Cổng thông tin OCOP tạm thời gián đoạn" in answer.body.decode()
