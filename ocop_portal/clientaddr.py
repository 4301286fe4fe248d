"""The client's address, the one notion the portal uses for throttling (log-in, certificate lookups).

Behind ``OCOP_PROXY_HOPS`` trusted reverse proxies (nginx in the production stack: 1), each proxy appends
the address it saw to ``X-Forwarded-For``; the client is the entry the outermost trusted proxy added,
``OCOP_PROXY_HOPS`` from the right. Entries further left were written by the client itself and are ignored,
so a forged ``X-Forwarded-For`` cannot choose the address a throttle counts. With 0 hops (the default: the
portal is reached directly) the header is ignored altogether and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def proxy_hops() -> int:
    return max(0, int(getattr(settings, "OCOP_PROXY_HOPS", 0) or 0))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address (see the module docstring); ``"unknown"`` when there is none."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    hops = proxy_hops()
    if hops:
        forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return _valid(forwarded[-hops]) or remote or "unknown"
    return remote or "unknown"


def client_ip_or_none(request) -> str | None:
    """:func:`client_ip` for django-axes (``AXES_CLIENT_IP_CALLABLE``), which records None, not "unknown"."""
    address = client_ip(request)
    return None if address == "unknown" else address
