"""The portal's one canonical address (``settings.SITE_URL``) and every absolute URL built from it.

Whatever prints an absolute address — the QR code on a certificate PDF, the links in e-mails, open
data, the sitemap, ``og:url`` and ``<link rel="canonical">`` — calls :func:`absolute_url`, never
``request.build_absolute_uri``: a printed certificate must lead to the same portal whoever downloaded
it, through whatever host name. The request's host only decides whether Django answers at all
(``DJANGO_ALLOWED_HOSTS``).

Where the address comes from (``ocop_portal/settings.py``):

* ``SITE_URL`` when it is set (production must set it: :func:`check_site_url` refuses to start with
  DEBUG off while it is unset or points at this machine);
* otherwise, in the embedded mode and with DEBUG on, ``http://HOST:PORT``: the address given to
  ``manage.py runserver``, else the ``HOST``/``PORT`` environment that ``make run`` passes
  (:func:`configured_site_url`, :func:`dev_site_url`).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "0.0.0.0", "::", ""}
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]", ""}


def dev_site_url(host: str | None, port: str | None) -> str:
    """``http://host:port`` for the development server (``runserver HOST:PORT``).

    A wildcard bind address (0.0.0.0) names no machine; the local loopback is printed then (set
    ``SITE_URL`` to the machine's LAN address so that a phone can follow the QR code).
    """
    host = (host or "").strip() or "127.0.0.1"
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    port = (port or "").strip() or "8000"
    return f"http://{host}:{port}"


def runserver_address(argv: list[str]) -> tuple[str, str]:
    """(host, port) of ``manage.py runserver [addr:]port`` in ``argv``; ("", "") for anything else."""
    if len(argv) < 2 or argv[1] != "runserver":
        return "", ""
    positional, args = [], iter(argv[2:])
    for arg in args:
        if arg in ("-v", "--verbosity", "--settings", "--pythonpath"):
            next(args, None)  # the option's value
        elif not arg.startswith("-"):
            positional.append(arg)
    if not positional:
        return "", ""
    addrport = positional[0]
    host, sep, port = addrport.rpartition(":")
    if not sep:
        return "", addrport
    return host, port


def configured_site_url(explicit: str, *, development: bool, host: str = "", port: str = "", argv=()) -> str:
    """``settings.SITE_URL``: the explicit ``SITE_URL``; else, in development (embedded mode or DEBUG),
    ``http://HOST:PORT`` — the address ``runserver ADDR:PORT`` in ``argv`` serves on, else the
    ``HOST``/``PORT`` environment (what ``make run`` passes; other processes such as ``shell`` or a
    worker read it too); else "" (production without SITE_URL: :func:`check_site_url` refuses to
    start)."""
    explicit = (explicit or "").strip().rstrip("/")
    if explicit or not development:
        return explicit
    argv_host, argv_port = runserver_address(list(argv))
    if argv_host in WILDCARD_HOSTS:  # "0.0.0.0" names no machine: HOST may say which one
        argv_host = ""
    return dev_site_url(argv_host or host, argv_port or port)


def site_url() -> str:
    """The canonical origin, ``scheme://host[:port]`` without a trailing slash."""
    return (settings.SITE_URL or "").rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` ("/verify/abc/") on the canonical address; an absolute URL is returned unchanged."""
    if not path:
        return site_url() + "/"
    if urlsplit(path).scheme:
        return path
    if not path.startswith("/"):
        path = "/" + path
    return site_url() + path


def is_local_host(hostname: str) -> bool:
    """True for names and addresses that only reach this machine (localhost, 127.x, ::1, 0.0.0.0)."""
    name = (hostname or "").strip("[]").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: with DEBUG off, ``SITE_URL`` must be set to the public address of the portal."""
    value = (getattr(settings, "SITE_URL", "") or "").strip()
    if settings.DEBUG or getattr(settings, "EMBEDDED", False):  # development: http://HOST:PORT
        return []
    hint = (
        "Set SITE_URL to the public address of the portal, e.g. SITE_URL=https://ocop.example.gov.vn "
        "(see README, Production). Certificates print it in their QR code."
    )
    if not value:
        return [checks.Error("SITE_URL is not set while DEBUG is off.", hint=hint, id="ocop.E001")]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [checks.Error(f"SITE_URL {value!r} is not an http(s) address.", hint=hint, id="ocop.E002")]
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return [
            checks.Error(
                f"SITE_URL {value!r} must be an origin only (scheme://host[:port]), without a path.",
                hint=hint,
                id="ocop.E003",
            )
        ]
    if is_local_host(parts.hostname):
        return [
            checks.Error(
                f"SITE_URL {value!r} points at this machine while DEBUG is off: printed QR codes and "
                "e-mailed links would lead nowhere.",
                hint=hint,
                id="ocop.E004",
            )
        ]
    messages: list[checks.CheckMessage] = []
    allowed = [h.lower() for h in settings.ALLOWED_HOSTS]
    if "*" not in allowed and not any(
        parts.hostname == h or (h.startswith(".") and parts.hostname.endswith(h)) for h in allowed
    ):
        messages.append(
            checks.Warning(
                f"The host of SITE_URL ({parts.hostname}) is not in DJANGO_ALLOWED_HOSTS: the portal "
                "would refuse the addresses it prints.",
                id="ocop.W001",
            )
        )
    if parts.scheme != "https":
        messages.append(
            checks.Warning(
                "SITE_URL does not use https while DEBUG is off.",
                hint="Serve the portal over HTTPS and set SITE_URL=https://….",
                id="ocop.W002",
            )
        )
    return messages


def refuse_bad_site_url() -> None:
    """Raise ImproperlyConfigured when :func:`check_site_url` finds an error: the WSGI/ASGI application
    and the Celery worker call it at start-up (they do not run system checks themselves)."""
    from django.core.exceptions import ImproperlyConfigured

    errors = [m for m in check_site_url() if m.is_serious()]
    if errors:
        raise ImproperlyConfigured(" ".join(f"{m.msg} {m.hint or ''}".strip() for m in errors))
