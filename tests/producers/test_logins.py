"""Producer logins (issue 18): sign-up → the local officer confirms (or refuses) → the producer logs in;
logins created by the officer; throttling and duplicates."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from producers import services
from producers.models import AccountRequest, ProducerAccount
from tests.factories import ProducerFactory

User = get_user_model()
PASSWORD = "Ocop-2026-mat-khau"


def _signup(client, units, **over):
    data = {
        "producer_name": "HTX Mật ong Duy Sơn",
        "kind": "cooperative",
        "tax_code": "4000123456",
        "commune": units["duy_son"].pk,
        "address": "Thôn 1",
        "full_name": "Lê Thị Hoa",
        "phone": "0905123456",
        "email": "Hoa@Example.vn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **over,
    }
    return client.post("/signup/", data)


def _logs_in(client, username, password) -> bool:
    """Log in through the form (django-axes needs the request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.mark.django_db
def test_signup_confirm_then_log_in(units, client_for, django_capture_on_commit_callbacks):
    anonymous = Client()
    response = _signup(anonymous, units)
    assert response.status_code == 302 and response["Location"] == "/signup/sent/"
    req = AccountRequest.objects.get()
    assert req.status == "pending" and req.email == "hoa@example.vn"
    assert req.user.username == "hoa@example.vn" and not req.user.is_active
    assert not _logs_in(anonymous, "hoa@example.vn", PASSWORD)  # not confirmed yet

    registry = ProducerFactory(name="HTX Mật ong Duy Sơn", tax_code="4000123456", commune=units["duy_son"])
    # the other district's officer does not see it; the commune's district officer does, with a suggestion
    assert client_for("district2").get(f"/producers/requests/{req.pk}/").status_code == 404
    officer = client_for("district")
    page = officer.get(f"/producers/requests/{req.pk}/")
    assert page.status_code == 200 and list(page.context["suggestions"]) == [registry]
    assert officer.get("/producers/requests/").context["table"].rows[0].record == req

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/producers/requests/{req.pk}/confirm/", {"producer": registry.pk})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "confirmed" and req.producer == registry and req.decided_by.username == "t_district"
    assert ProducerAccount.objects.get(user=req.user).producer == registry
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert "HTX Mật ong Duy Sơn" in mail.outbox[0].body

    producer = Client()
    assert _logs_in(producer, "hoa@example.vn", PASSWORD)
    landing = producer.get("/dashboard/")
    assert landing.status_code == 302 and landing["Location"] == "/my/"
    home = producer.get("/my/")
    assert home.status_code == 200 and home.context["producer"] == registry


@pytest.mark.django_db
def test_confirm_creates_the_producer_when_the_registry_has_none(units, users):
    req = services.submit_account_request(
        password=PASSWORD,
        producer_name="Hộ kinh doanh Bánh tráng Nam Phước",
        kind="household",
        tax_code="4000999999",
        commune=units["nam_phuoc"],
        full_name="Trần Văn Nam",
        phone="0905000111",
        email="nam@example.vn",
    )
    services.confirm_account_request(req, producer=None, by=users["district"])
    req.refresh_from_db()
    assert req.producer.name == "Hộ kinh doanh Bánh tráng Nam Phước"
    assert req.producer.commune == units["nam_phuoc"] and req.producer.tax_code == "4000999999"
    assert req.user.is_active and req.user.producer_account.producer == req.producer
    # deciding twice is refused
    with pytest.raises(Exception, match="already decided"):
        services.refuse_account_request(req, reason="x", by=users["district"])


@pytest.mark.django_db
def test_refusal_needs_a_reason_and_tells_the_user(units, client_for, django_capture_on_commit_callbacks):
    _signup(Client(), units)
    req = AccountRequest.objects.get()
    officer = client_for("district")
    officer.post(f"/producers/requests/{req.pk}/refuse/", {"reason": "  "})
    req.refresh_from_db()
    assert req.status == "pending" and not mail.outbox  # nothing half-done
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/producers/requests/{req.pk}/refuse/", {"reason": "Mã số thuế không khớp"})
    req.refresh_from_db()
    assert req.status == "refused" and req.reason == "Mã số thuế không khớp" and req.user is None
    assert not User.objects.filter(username="hoa@example.vn").exists()  # the address may sign up again
    assert "Mã số thuế không khớp" in mail.outbox[0].body
    assert _signup(Client(), units).status_code == 302


@pytest.mark.django_db
def test_duplicates_and_bad_input_save_nothing(units, users):
    client = Client()
    assert _signup(client, units).status_code == 302
    again = _signup(client, units, producer_name="Khác")
    assert again.status_code == 200 and "email" in again.context["form"].errors
    mismatch = _signup(client, units, email="other@example.vn", password2="khac-hoan-toan-2026")
    assert mismatch.status_code == 200 and "password2" in mismatch.context["form"].errors
    existing = _signup(client, units, email=users["district"].email)
    assert existing.status_code == 200 and "email" in existing.context["form"].errors
    assert AccountRequest.objects.count() == 1 and User.objects.filter(is_active=False).count() == 1


@pytest.mark.django_db
def test_signup_is_throttled_per_address(units, settings):
    settings.OCOP_SIGNUP_ADDRESS_LIMIT = 2
    client = Client()
    assert _signup(client, units, email="a1@example.vn").status_code == 302
    assert _signup(client, units, email="a2@example.vn").status_code == 302
    blocked = _signup(client, units, email="a3@example.vn")
    assert blocked.status_code == 429 and blocked["Retry-After"]
    assert AccountRequest.objects.count() == 2


@pytest.mark.django_db
def test_officer_creates_a_login_the_producer_sets_the_password(
    units, client_for, django_capture_on_commit_callbacks
):
    producer = ProducerFactory(commune=units["nam_phuoc"])
    officer = client_for("district")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/producers/{producer.pk}/logins/new/",
            {"username": "htx_nam_phuoc_2", "full_name": "Phạm Thị Lan", "email": "lan@example.vn"},
        )
    assert response.status_code == 302
    user = User.objects.get(username="htx_nam_phuoc_2")
    assert user.producer_account.producer == producer and not user.has_usable_password()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert _logs_in(Client(), "htx_nam_phuoc_2", PASSWORD)
    # a second login for the same producer is allowed; the same username is not
    assert (
        officer.post(
            f"/producers/{producer.pk}/logins/new/",
            {"username": "htx_nam_phuoc_3", "full_name": "B", "email": "b@example.vn"},
        ).status_code
        == 302
    )
    taken = officer.post(
        f"/producers/{producer.pk}/logins/new/",
        {"username": "htx_nam_phuoc_3", "full_name": "C", "email": "c@example.vn"},
    )
    assert taken.status_code == 200 and "username" in taken.context["form"].errors
    assert producer.accounts.count() == 2
    # another district's officer cannot
    assert client_for("district2").get(f"/producers/{producer.pk}/logins/new/").status_code == 404
