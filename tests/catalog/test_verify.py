"""Public certificate verification: states, not found, lookup by number, rate limit."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from certificates import services as evaluation_services
from certificates.models import Certificate

from . import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def ip():
    """A client address of its own per test (and per run: the counters live in Redis), so that the rate
    limit of one test never hits another."""
    groups = uuid.uuid4().hex
    return f"2001:db8:{groups[:4]}:{groups[4:8]}:{groups[8:12]}::1"


def test_verify_url_name_has_no_namespace():
    assert reverse("verify", args=["abc"]) == "/verify/abc/"


def test_valid_certificate(client, ip):
    product = h.certified("Sâm Ngọc Linh", stars=4)
    cert = h.certificate_of(product)
    response = client.get(cert.get_verify_url(), REMOTE_ADDR=ip)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Genuine and valid" in body
    assert cert.number in body and "Sâm Ngọc Linh" in body and product.producer.name in body
    assert "★★★★" in body
    assert cert.valid_until.strftime("%d/%m/%Y") in body
    assert product.get_public_url() in body
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_expired_certificate(client, ip):
    product = h.expired("Bánh tổ Hội An")
    cert = h.certificate_of(product)
    body = client.get(cert.get_verify_url(), REMOTE_ADDR=ip).content.decode()
    assert "EXPIRED" in body
    assert "Genuine and valid" not in body
    assert product.get_public_url() not in body


def test_lapsed_but_not_yet_marked_certificate_reads_expired(client, ip):
    cert = h.certificate_of(h.lapsed("Mứt gừng"))
    assert cert.status == Certificate.Status.VALID
    assert "EXPIRED" in client.get(cert.get_verify_url(), REMOTE_ADDR=ip).content.decode()


def test_revoked_certificate(client, ip):
    product = h.revoked("Tương ớt")
    cert = h.certificate_of(product)
    response = client.get(cert.get_verify_url(), REMOTE_ADDR=ip)
    assert response.status_code == 200
    body = response.content.decode()
    assert "REVOKED" in body
    assert cert.revoked_on.strftime("%d/%m/%Y") in body
    assert "Genuine and valid" not in body


def test_superseded_certificate(client, ip):
    import datetime

    product = h.certified("Rượu Hồng Đào", stars=3)
    old = h.certificate_of(product)
    evaluation_services.issue_certificate(product, stars=4, issued_on=datetime.date.today(), level="province")
    old.refresh_from_db()
    body = client.get(old.get_verify_url(), REMOTE_ADDR=ip).content.decode()
    assert "REPLACED" in body and "Genuine and valid" not in body


def test_unknown_code_is_404_not_genuine(client, ip):
    response = client.get("/verify/khong-ton-tai-123/", REMOTE_ADDR=ip)
    assert response.status_code == 404
    body = response.content.decode()
    assert "not a genuine certificate" in body
    assert "khong-ton-tai-123" in body


def test_lookup_by_certificate_number_redirects_to_the_verification(client, ip):
    cert = h.certificate_of(h.certified("Gạo hữu cơ"))
    response = client.get("/verify/", {"q": cert.number.lower()}, REMOTE_ADDR=ip)
    assert response.status_code == 302
    assert response["Location"] == cert.get_verify_url()
    assert client.get("/verify/", {"q": "OCOP-GIA-0001"}, REMOTE_ADDR=ip).status_code == 404
    assert client.get("/verify/", REMOTE_ADDR=ip).status_code == 200


@pytest.fixture
def frozen_clock():
    """Within one rate-limit window whatever the wall clock (no flaky crossing of a minute boundary)."""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_rate_limit_per_client_ip(client, ip, settings, frozen_clock):
    settings.OCOP_VERIFY_RATE_LIMIT = 3
    cert = h.certificate_of(h.certified("Tiêu sọ"))
    url = cert.get_verify_url()
    assert [client.get(url, REMOTE_ADDR=ip).status_code for _ in range(3)] == [200, 200, 200]
    blocked = client.get(url, REMOTE_ADDR=ip)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    assert int(blocked["Retry-After"]) == 50  # until the end of the current minute
    assert "Too many checks" in blocked.content.decode()
    assert client.get("/verify/unknown/", REMOTE_ADDR=ip).status_code == 429  # unknown codes count too
    other = ip.replace("::1", "::2")
    assert client.get(url, REMOTE_ADDR=other).status_code == 200  # another client is not affected


def test_default_rate_limit_is_30_a_minute(client, ip, frozen_clock):
    cert = h.certificate_of(h.certified("Dầu phụng"))
    statuses = [client.get(cert.get_verify_url(), REMOTE_ADDR=ip).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
