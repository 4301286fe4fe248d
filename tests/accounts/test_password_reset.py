"""Password reset by e-mail (Django's views, the portal's templates, throttled per address)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import make_user


def _logs_in(client, username, password) -> bool:
    """Log in through the form (django-axes needs the request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.mark.django_db
def test_reset_by_email_then_log_in(units):
    user = make_user("district")
    client = Client()
    assert client.get("/accounts/password/reset/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(path, follow=True)
    assert form.context["validlink"]
    new = "Mat-khau-moi-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/password/reset/done/"
    assert _logs_in(Client(), user.username, new)
    # the link works once
    assert not client.get(path, follow=True).context["validlink"]


@pytest.mark.django_db
def test_unknown_address_sends_nothing_and_reveals_nothing(units):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.vn"})
    assert response.status_code == 302 and not mail.outbox


@pytest.mark.django_db
def test_reset_requests_are_throttled(units, monkeypatch):
    from accounts import views

    monkeypatch.setattr(views, "RESET_LIMITS", {"limit": 2, "window": 3600})
    client = Client()
    codes = [
        client.post("/accounts/password/reset/", {"email": "x@example.vn"}).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]
