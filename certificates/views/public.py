"""Public certificate verification: ``/verify/<code>/`` (from the QR code) and ``/verify/?q=`` (by code
or certificate number). Lookups are rate-limited per client IP (``ocop_portal/clientaddr.py``) through
the cache."""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from ocop_portal import ratelimit
from ocop_portal.clientaddr import client_ip

from ..models import Certificate

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RATE_LIMIT = 30  # lookups ...
RATE_WINDOW = 60  # ... per this many seconds, per client IP


def rate_limited(request) -> int:
    """Count this lookup; seconds to wait when over the limit, else 0. The counter is shared through the
    cache and kept per process while Redis is down (``ocop_portal/ratelimit.py``): it always limits."""
    return ratelimit.hit(
        "verify",
        client_ip(request),
        limit=int(getattr(settings, "OCOP_VERIFY_RATE_LIMIT", RATE_LIMIT)),
        window=int(getattr(settings, "OCOP_VERIFY_RATE_WINDOW", RATE_WINDOW)),
    )


def _too_many(request, wait: int):
    response = render(request, "certificates/verify_rate_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response


def _certificate(**lookup):
    return (
        Certificate.objects.select_related(
            "product", "product__producer", "product__commune__parent", "decision__issuing_unit"
        )
        .filter(**lookup)
        .first()
    )


def _result(request, cert: Certificate | None, code: str):
    if cert is None:
        response = render(request, "certificates/verify_not_found.html", {"code": code[:64]}, status=404)
    else:
        response = render(
            request,
            "certificates/verify.html",
            {"cert": cert, "state": cert.public_state, "product": cert.product, "stars": "★" * cert.stars},
        )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def verify(request, code: str):
    """Is this certificate genuine, and is it valid today (or expired, revoked, superseded)?"""
    wait = rate_limited(request)
    if wait:
        return _too_many(request, wait)
    cert = _certificate(verification_code=code) if len(code) <= 32 and not _CONTROL.search(code) else None
    return _result(request, cert, code)


def verify_lookup(request):
    """The verification form: a verification code or a certificate number."""
    query = " ".join(_CONTROL.sub(" ", request.GET.get("q") or "").split())[:64]
    if not query:
        response = render(request, "certificates/verify_form.html", {})
        add_never_cache_headers(response)
        return response
    wait = rate_limited(request)
    if wait:
        return _too_many(request, wait)
    cert = _certificate(verification_code=query) or _certificate(number__iexact=query)
    if cert is not None:
        return redirect("verify", code=cert.verification_code)
    return _result(request, None, query)
