"""Issue 16.3: log-in lockout locks the guessed account, not every account of an address; the address is
throttled apart and more loosely; the client address comes from the trusted proxies only."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from accounts.models import User
from ocop_portal.clientaddr import client_ip

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture
def two_users():
    User.objects.create_user("officer_a", password="right-password-a1", role="province")
    User.objects.create_user("officer_b", password="right-password-b2", role="province")


def test_five_wrong_passwords_for_a_do_not_lock_b_at_the_same_address(two_users, settings):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "officer_a", "password": "wrong"})
    # A is locked, even with the right password ...
    assert client.post(LOGIN, {"username": "officer_a", "password": "right-password-a1"}).status_code == 429
    # ... from another address too: the account is what is locked.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(LOGIN, {"username": "officer_a", "password": "right-password-a1"}).status_code == 429
    # B, from the same address, logs in.
    response = Client(REMOTE_ADDR="10.1.2.3").post(
        LOGIN, {"username": "officer_b", "password": "right-password-b2"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_an_address_is_throttled_apart_and_more_loosely(two_users, settings):
    settings.OCOP_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    assert settings.OCOP_LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    client = Client(REMOTE_ADDR="10.7.7.7")
    # Spraying one password over many accounts locks none of them, but the address is paused.
    for i in range(8):
        assert client.post(LOGIN, {"username": f"guess{i}", "password": "123456"}).status_code == 200
    blocked = client.post(LOGIN, {"username": "officer_b", "password": "right-password-b2"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "Quá nhiều lần đăng nhập sai từ mạng của bạn" in blocked.content.decode()
    # Another address is not affected.
    assert (
        Client(REMOTE_ADDR="10.7.7.8")
        .post(LOGIN, {"username": "officer_b", "password": "right-password-b2"})
        .status_code
        == 302
    )


def test_spoofed_forwarded_for_beyond_the_trusted_hops_is_ignored(two_users, settings):
    settings.OCOP_PROXY_HOPS = 1
    settings.OCOP_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    proxy = Client(REMOTE_ADDR="127.0.0.1")  # nginx on the same machine
    # The attacker forges a different leftmost entry every time; nginx appends the real address.
    for i in range(6):
        forged = f"203.0.113.{i}, 198.51.100.7"
        proxy.post(LOGIN, {"username": f"x{i}", "password": "nope"}, HTTP_X_FORWARDED_FOR=forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    blocked = proxy.post(
        LOGIN,
        {"username": "officer_b", "password": "right-password-b2"},
        HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7",
    )
    assert blocked.status_code == 429
    # A visitor with another real address, through the same proxy, logs in.
    ok = proxy.post(
        LOGIN, {"username": "officer_b", "password": "right-password-b2"}, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # reached directly: the header is the client's own words
        (1, "6.6.6.6, 7.7.7.7", "7.7.7.7"),
        (2, "6.6.6.6, 7.7.7.7, 8.8.8.8", "7.7.7.7"),
        (2, "8.8.8.8", "10.0.0.1"),  # fewer entries than trusted hops: not trusted
        (1, "not-an-ip", "10.0.0.1"),
    ],
)
def test_client_ip_reads_only_the_trusted_hops(settings, hops, forwarded, expected):
    settings.OCOP_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
