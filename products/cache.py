"""Cache of the public pages (catalogue, product pages, home, open data, sitemap, fairs, sales points).

Every key embeds a *version number* that :func:`bump` increments whenever something shown publicly
changes (a product, its photos or e-commerce links, a certificate, a producer, a sales point, a fair):
old entries are never read again and expire on their own. Keys also embed today's date, because a
certificate stops being valid at midnight without any row changing, and the database name, so that
several databases (test runs) may share one Redis.

Receivers are connected by :func:`connect_signals` (products' ``AppConfig.ready``) with lazy sender
strings, so that this app imports nothing above it; apps above (tradefairs) connect their own models
to :func:`bump`.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

log = logging.getLogger(__name__)

TIMEOUT = 10 * 60  # seconds; a safety net for changes that bypass signals (bulk updates)

# Models whose changes bump the version (lazy "app_label.Model" references).
WATCHED = (
    "products.Product",
    "products.ProductImage",
    "products.EcommerceListing",
    "producers.Producer",
)


def _namespace() -> str:
    return f"public:{connection.settings_dict.get('NAME')}"


def _version_key() -> str:
    return f"{_namespace()}:version"


def version() -> int:
    """The current version of the public data (0 when the cache is unavailable)."""
    try:
        value = cache.get(_version_key())
        if value is None:
            # Lost (evicted, flushed): restart from the clock, above any number used before, so that
            # pages cached under an old number are never read again.
            cache.add(_version_key(), _fresh_start(), None)
            value = cache.get(_version_key()) or _fresh_start()
        return int(value)
    except Exception:  # noqa: BLE001 - a cache outage must not take the public site down
        log.warning("cache unavailable: public pages are rendered uncached", exc_info=True)
        return 0


def _fresh_start() -> int:
    """Microseconds since the epoch: always above a version reached by +1 bumps since an earlier start
    (a million changes a second would be needed to catch up with the clock)."""
    return time.time_ns() // 1000


def _bump_now() -> None:
    key = _version_key()
    try:
        try:
            cache.incr(key)
        except ValueError:  # no version yet
            if not cache.add(key, _fresh_start(), None):
                cache.incr(key)
    except Exception:  # noqa: BLE001
        log.warning("could not bump the public cache version", exc_info=True)


def bump(*args, **kwargs) -> None:
    """Invalidate every cached public page (usable as a signal receiver).

    Bumps now, and again when the current transaction commits, so that a page rendered from
    not-yet-committed data in between is not kept.
    """
    _bump_now()
    if connection.in_atomic_block:
        transaction.on_commit(_bump_now)


def key(*parts) -> str | None:
    """A cache key for a public page: version, day, language and the page's own parts.

    None when the cache is unavailable (:func:`get_or_set` then computes without caching).
    """
    current = version()
    if not current:
        return None
    raw = "|".join(str(p) for p in parts)
    digest = hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    return (
        f"{_namespace()}:v{current}:{timezone.localdate().isoformat()}:"
        f"{translation.get_language() or '-'}:{digest}"
    )


def get_or_set(cache_key: str | None, compute, timeout: int = TIMEOUT):
    """``cache.get_or_set`` that survives a cache outage (computes without caching)."""
    if cache_key is None:
        return compute()
    try:
        value = cache.get(cache_key)
    except Exception:  # noqa: BLE001
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(cache_key, value, timeout)
        except Exception:  # noqa: BLE001
            log.warning("could not store a public page in the cache", exc_info=True)
    return value


def _bump_on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump()


def connect_signals() -> None:
    """Connect :func:`bump` to the changes of every model shown on the public pages."""
    for sender in WATCHED:
        post_save.connect(bump, sender=sender, dispatch_uid=f"public-cache-save-{sender}")
        post_delete.connect(bump, sender=sender, dispatch_uid=f"public-cache-delete-{sender}")
    from .models import Product

    m2m_changed.connect(
        _bump_on_m2m, sender=Product.standards.through, dispatch_uid="public-cache-product-standards"
    )


def watch(*models) -> None:
    """For apps above products: bump the version when one of ``models`` (or their m2m) changes."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"public-cache-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _bump_on_m2m,
                sender=field.remote_field.through,
                dispatch_uid=f"public-cache-m2m-{label}-{field.name}",
            )
