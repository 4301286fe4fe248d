"""Public certificate verification: ``/verify/<code>/`` (from the QR code) and ``/verify/?q=`` (by code
or certificate number). Lookups are rate-limited per client IP through the cache."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from ..models import Certificate

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RATE_LIMIT = 30  # lookups ...
RATE_WINDOW = 60  # ... per this many seconds, per client IP


def client_ip(request) -> str:
    """The client's IP: REMOTE_ADDR, or the address ``OCOP_PROXY_HOPS`` proxies in front of us saw."""
    hops = int(getattr(settings, "OCOP_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request) -> int:
    """Count this lookup; seconds to wait when over the limit, else 0. Fails open if the cache is down."""
    limit = int(getattr(settings, "OCOP_VERIFY_RATE_LIMIT", RATE_LIMIT))
    window = int(getattr(settings, "OCOP_VERIFY_RATE_WINDOW", RATE_WINDOW))
    now = int(time.time())
    bucket = now // window
    key = f"verify-rate:{connection.settings_dict.get('NAME')}:{client_ip(request)}:{bucket}"
    try:
        if cache.add(key, 1, window + 5):
            count = 1
        else:
            count = cache.incr(key)
    except Exception:  # noqa: BLE001 - verification keeps working without the cache
        return 0
    if count > limit:
        return max(1, (bucket + 1) * window - now)
    return 0


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
