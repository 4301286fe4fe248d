"""What every public page shares (the catalogue, the home page, open data, tradefairs' public pages):
the public querysets, product cards, query-parameter cleaning and the cached page render.

Only ``Product.objects.public()`` (recognised, 3★+, certificate unexpired and unrevoked) is shown.
Pages are cached whole (the rendered main block, see :mod:`products.cache`): a cache hit costs no
database query; a miss costs a constant number of queries whatever the number of products.

This app sits below ``tradefairs`` and ``certificates``: certificates are reached through reverse
relations; sections about sales points and fairs are added by tradefairs through :func:`extend`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import territory
from accounts.branding import portal_province_name
from accounts.levels import former_district
from ocop_portal.site import absolute_url

from .. import cache
from ..models import Product, ProductImage

MAX_QUERY_LENGTH = 100
DIGITS_RE = re.compile(r"^\d{1,9}$")
CODE_RE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")


# Sections that apps above products add to the public pages, without products importing them:
# ``extend("detail", fn)``, ``fn(product, today) -> dict`` for a product page, and
# ``extend("home", fn)``, ``fn(today) -> dict`` for the home page (tradefairs: sales points, fairs).
EXTENSIONS: dict[str, list[Callable]] = {"detail": [], "home": []}


def extend(page: str, provider: Callable) -> None:
    if provider not in EXTENSIONS[page]:
        EXTENSIONS[page].append(provider)


def extended(page: str, *args) -> dict:
    """The context the registered providers add to ``page``."""
    out: dict = {}
    for provider in EXTENSIONS[page]:
        out.update(provider(*args))
    return out


# --- public rows and cards --------------------------------------------------------------------


def public_products():
    """The public queryset with what cards and open data need, in one query."""
    return Product.objects.public().select_related(
        "producer", "commune", "commune__parent", "commune__parent__level", "group", "group__parent"
    )


def province_districts():
    """The districts of the territory served, including ones closed since (their products and points
    keep them): Quảng Nam's eighteen, history since the 2025 reform."""
    return territory.served_units().districts().order_by("name", "pk")


def catalogue_units() -> list[tuple[str, list]]:
    """The units the public catalogue filters by, grouped (one query): today's communes and wards of the
    unit that holds the province (Thành phố Đà Nẵng since 01/07/2025: a two-tier city has no districts),
    then the districts records made before the reform keep."""
    return territory.local_choices()


def unit_options(groups) -> list[tuple[str, list[tuple[str, str]]]]:
    """``catalogue_units()`` for a select: (group label, [(code, name marked "(trước 7/2025)")])."""
    return [(label, [(u.code, territory.labelled(u)) for u in units]) for label, units in groups]


def photo_prefetch():
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("order", "pk"),
        to_attr="image_list",
    )


def district_of(product: Product):
    """The district the product was registered in (three-tier, before 01/07/2025), or None."""
    return former_district(product.commune)


def main_photo(product: Product):
    images = getattr(product, "image_list", None)
    if images is None:
        images = list(product.images.all())
    photos = [i for i in images if i.kind == ProductImage.Kind.PHOTO]
    return (photos or images or [None])[0]


def image_url(image: ProductImage | None) -> str:
    return reverse("catalog:image", args=[image.pk]) if image else ""


def card(product: Product) -> dict:
    """What a product card shows (plain data, safe to cache): the place it was certified in ("Xã Duy
    Sơn, Huyện Duy Xuyên (trước 7/2025)") and today's commune or ward when it changed since."""
    district = district_of(product)
    photo = main_photo(product)
    return {
        "name": product.name,
        "url": product.get_public_url(),
        "producer": product.producer.name,
        "stars": product.stars,
        "stars_display": product.stars_display,
        "district": territory.labelled(district) if district else "",
        "commune": product.commune.name,
        "commune_today": territory.territory().now_name(product.commune_id),
        "group": product.group.top.name,
        "photo_url": image_url(photo),
        "photo_alt": (photo.caption if photo and photo.caption else product.name),
    }


def fair_card(fair, today) -> dict:
    """What a fair's line on the home page and a product page shows."""
    return {
        "name": fair.name,
        "url": fair.get_absolute_url(),
        "city": fair.city,
        "start": fair.start_date,
        "end": fair.end_date,
        "status": fair.status_on(today),
        "status_label": fair.status_label,
    }


# --- query parameters -------------------------------------------------------------------------


def int_param(value, *, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if not DIGITS_RE.match(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(value, max_length: int = MAX_QUERY_LENGTH) -> str:
    """A search string: control characters (NUL …) removed, spaces collapsed, length capped."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:max_length]


# --- page rendering with the cache ------------------------------------------------------------


def absolute(request, path: str) -> str:
    """``path`` on the canonical address (ocop_portal/site.py), not on the request's host."""
    return absolute_url(path)


def cached_page(request, parts: tuple, build: Callable[[], dict]) -> dict:
    """The cached result of ``build()`` (a dict of strings) for this page, host and language."""
    return cache.get_or_set(cache.key(request.get_host(), *parts), build)


def meta_tags(**ctx) -> str:
    """OpenGraph / Twitter tags and the canonical link of a public page."""
    return render_to_string("products/catalog/_meta.html", {"province_name": portal_province_name(), **ctx})


def render_cached(request, data: dict, *, status: int = 200) -> HttpResponse:
    """Render a cached page: the base layout around the cached title, meta tags and body."""
    return render(request, "products/catalog/page.html", data, status=status)
