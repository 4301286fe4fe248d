"""Authorization-matrix rows for producer logins: the public sign-up, the local officer's handling of
sign-ups (a request in Thị trấn Nam Phước, Duy Xuyên: district2 gets 404) and logins created for a
producer; the password reset pages (public)."""

from __future__ import annotations

LOGIN = 302
REGISTRARS = {"anonymous": LOGIN, "department": 403, "commune": 403, "council": 403, "producer": 403}
ONE = {**REGISTRARS, "district2": 404}


def build(world):
    from producers.models import AccountRequest

    req = AccountRequest.objects.create(
        producer_name="HTX Ma trận đăng ký",
        kind="cooperative",
        tax_code="4999000001",
        commune=world["units"]["nam_phuoc"],
        full_name="Người Đăng Ký",
        phone="0900000000",
        email="matrix-signup@example.vn",
    )
    world["producer_logins"] = {"request": req}


def _req(world):
    return world["producer_logins"]["request"]


ROWS = {
    "producer_signup": {"url": "/signup/", "default": 302, "expect": {"anonymous": 200}},
    "producer_signup_done": {"url": "/signup/sent/", "default": 200},
    "producers:request_list": {"url": "/producers/requests/", "default": 200, "expect": REGISTRARS},
    "producers:request_detail": {
        "url": lambda w: f"/producers/requests/{_req(w).pk}/",
        "default": 200,
        "expect": ONE,
    },
    "producers:request_decide": {
        # a refusal without a reason is refused (message, redirect): nothing changes between roles
        "url": lambda w: f"/producers/requests/{_req(w).pk}/refuse/",
        "method": "post",
        "data": {"reason": ""},
        "default": 302,
        "expect": ONE,
    },
    "producers:login_create": {
        "url": lambda w: f"/producers/{w['producers']['producer'].pk}/logins/new/",
        "default": 200,
        "expect": ONE,
    },
    "password_reset": {"url": "/accounts/password/reset/", "default": 200},
    "password_reset_done": {"url": "/accounts/password/reset/sent/", "default": 200},
    "password_reset_confirm": {"url": "/accounts/password/reset/MQ/bad-token/", "default": 200},
    "password_reset_complete": {"url": "/accounts/password/reset/done/", "default": 200},
}
