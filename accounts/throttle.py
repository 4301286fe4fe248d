"""Log-in throttling (issue 16.3): the guessed *account* is locked, the client *address* throttled apart.

* django-axes locks an account (``AXES_LOCKOUT_PARAMETERS = ["username"]``) after ``AXES_FAILURE_LIMIT``
  wrong passwords for 15 minutes, whatever address they came from. Another user at the same address (a
  whole office behind one NAT, every visitor behind the TLS proxy) is not affected.
* An address is throttled separately and more loosely: after ``OCOP_LOGIN_ADDRESS_FAILURE_LIMIT`` failed
  log-ins (any accounts) within ``OCOP_LOGIN_ADDRESS_WINDOW`` seconds, its log-in posts answer 429 until
  the window ends — a password sprayer trying one password on many accounts is slowed down.

The address is the one notion of ``ocop_portal/clientaddr.py`` (``OCOP_PROXY_HOPS`` trusted proxies),
also given to axes (``AXES_CLIENT_IP_CALLABLE``) for its records.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse

from ocop_portal import ratelimit
from ocop_portal.clientaddr import client_ip

SCOPE = "login-address"


def _limits() -> dict:
    return {
        "limit": int(getattr(settings, "OCOP_LOGIN_ADDRESS_FAILURE_LIMIT", 50)),
        "window": int(getattr(settings, "OCOP_LOGIN_ADDRESS_WINDOW", 15 * 60)),
    }


@receiver(user_login_failed, dispatch_uid="accounts.throttle.count_failure")
def _count_failure(sender, credentials=None, request=None, **kwargs):
    if request is not None:
        ratelimit.hit(SCOPE, client_ip(request), **_limits())


class LoginAddressThrottleMiddleware:
    """Answers a log-in post (portal or admin) from an address over its failure limit with 429."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: set[str] | None = None

    def _login_paths(self) -> set[str]:
        if self._paths is None:
            self._paths = {reverse("login"), reverse("admin:login")}
        return self._paths

    def __call__(self, request):
        if request.method == "POST" and request.path in self._login_paths():
            wait = ratelimit.over(SCOPE, client_ip(request), **_limits())
            if wait:
                response = render(
                    request, "registration/address_throttled.html", {"minutes": -(-wait // 60)}, status=429
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
