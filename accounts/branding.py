"""The portal's name from the data: "OCOP Đà Nẵng", the unit in force today, not a hard-coded province.

``OCOP_PROVINCE_CODE`` names the province the portal was set up for (Quảng Nam, ``49``); after the 2025
merger its territory is held by Thành phố Đà Nẵng, and the header, the page titles and the e-mails say
so, read from the unit successions (:func:`accounts.successions.today_unit`). ``OCOP_PROVINCE_NAME``
stays the fallback when the tree is not loaded. The answer is kept per process and day, and forgotten
everywhere when a unit or a succession is saved (so a page costs no query once it is known).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import AdministrativeUnit, UnitSuccession

PREFIXES = ("Thành phố", "Tỉnh")
GENERATION_KEY = "branding:generation"
_memo: dict = {}


def short_name(name: str) -> str:
    """ "Thành phố Đà Nẵng" → "Đà Nẵng", "Tỉnh Quảng Nam" → "Quảng Nam"."""
    for prefix in PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def _lookup(day: datetime.date) -> tuple:
    """(pk, short name, "thành phố Đà Nẵng", its standing agency of the programme) of the unit holding the configured province on ``day``. Kept in the process,
    keyed by a generation number held in the shared cache (bumped when a unit or a succession is
    saved): a page costs no database query once known, in every process, and a change is seen by all."""
    try:
        generation = cache.get(GENERATION_KEY)
    except Exception:  # the cache is down: this process's answer, as pages are then served uncached too
        generation = None
    key = (settings.OCOP_PROVINCE_CODE, day)
    known = _memo.get(key)
    if known is not None and known[0] == generation:
        return known[1]
    from ocop_portal.pdf import standing_agency

    from .successions import today_unit

    unit = AdministrativeUnit.objects.filter(code=settings.OCOP_PROVINCE_CODE).first()
    unit = today_unit(unit, day) if unit is not None else None
    found = (
        (unit.pk, short_name(unit.name), unit.name[:1].lower() + unit.name[1:], standing_agency(unit, day))
        if unit is not None
        else (None, "", "", "")
    )
    _memo.clear()
    _memo[key] = (generation, found)
    return found


def portal_province_name(day: datetime.date | None = None) -> str:
    """The short name of the province (or city) the portal serves on ``day``: "Đà Nẵng" today."""
    return _lookup(day or timezone.localdate())[1] or settings.OCOP_PROVINCE_NAME


def portal_authority(day: datetime.date | None = None) -> tuple[str, str]:
    """("thành phố Đà Nẵng", "Sở Nông nghiệp và Môi trường thành phố Đà Nẵng"): the unit the portal serves
    today as written after "Chương trình OCOP", and its standing agency of the programme (may be empty)."""
    found = _lookup(day or timezone.localdate())
    return (found[2] or f"tỉnh {settings.OCOP_PROVINCE_NAME}", found[3])


def portal_province_pk(day: datetime.date | None = None) -> int | None:
    """The primary key of :func:`portal_province` without a query once known."""
    return _lookup(day or timezone.localdate())[0]


def portal_province(day: datetime.date | None = None) -> AdministrativeUnit | None:
    """The province-level unit the portal serves on ``day`` (Thành phố Đà Nẵng after 01/07/2025)."""
    pk = _lookup(day or timezone.localdate())[0]
    return AdministrativeUnit.objects.filter(pk=pk).first() if pk else None


def forget(**_kwargs) -> None:
    _memo.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    except Exception:  # the cache is down: a save must not fail for it; other processes catch up by day
        pass


for _model in (AdministrativeUnit, UnitSuccession):
    post_save.connect(forget, sender=_model, dispatch_uid=f"branding-forget-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"branding-forget-delete-{_model.__name__}")
