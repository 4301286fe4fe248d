"""The public side of the registry: catalogue, product pages, photos, open data, home-page sections.

Only ``Product.objects.public()`` (recognised, 3★+, certificate unexpired and unrevoked) is shown.
Pages are cached whole (the rendered main block, see :mod:`products.cache`): a cache hit costs no
database query; a miss costs a constant number of queries whatever the number of products.

This app sits below ``tradefairs`` and ``evaluation``: their rows (sales points, fairs, certificates)
are reached through reverse relations and ``apps.get_model``, never imported.
"""

from __future__ import annotations

import csv
import datetime
import json
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts import access
from accounts.models import AdministrativeUnit

from . import cache, workflows
from .models import Product, ProductGroup, ProductImage

PAGE_SIZE = 24
MAX_QUERY_LENGTH = 100
SORTS = {
    # code -> ordering ("relevance", only with a search, keeps the search's own order)
    "stars": ("-stars", "name_ascii", "pk"),
    "name": ("name_ascii", "pk"),
    "newest": ("-certified_on", "name_ascii", "pk"),
    "district": ("commune__parent__name_ascii", "name_ascii", "pk"),
}


def sort_choices(with_relevance: bool) -> list[tuple[str, str]]:
    choices = [
        ("relevance", _("Best match")),
        ("stars", _("Most stars first")),
        ("name", _("Name A–Z")),
        ("newest", _("Recently recognised")),
        ("district", _("District")),
    ]
    return choices if with_relevance else choices[1:]


DIGITS_RE = re.compile(r"^\d{1,9}$")
CODE_RE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")


def _tradefairs_model(name: str):
    """A tradefairs model when that app is installed (it lies above this one), else None."""
    try:
        return apps.get_model("tradefairs", name)
    except LookupError:
        return None


def public_products():
    """The public queryset with what cards and open data need, in one query."""
    return Product.objects.public().select_related(
        "producer", "commune", "commune__parent", "commune__parent__level", "group", "group__parent"
    )


def _photo_prefetch():
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("order", "pk"),
        to_attr="image_list",
    )


def _district_of(product: Product):
    parent = product.commune.parent
    return parent if parent is not None and parent.level.code == "district" else None


def _main_photo(product: Product):
    images = getattr(product, "image_list", None)
    if images is None:
        images = list(product.images.all())
    photos = [i for i in images if i.kind == ProductImage.Kind.PHOTO]
    return (photos or images or [None])[0]


def image_url(image: ProductImage | None) -> str:
    return reverse("catalog:image", args=[image.pk]) if image else ""


def card(product: Product) -> dict:
    """What a product card shows (plain data, safe to cache)."""
    district = _district_of(product)
    photo = _main_photo(product)
    return {
        "name": product.name,
        "url": product.get_public_url(),
        "producer": product.producer.name,
        "stars": product.stars,
        "stars_display": product.stars_display,
        "district": district.name if district else "",
        "commune": product.commune.name,
        "group": product.group.top.name,
        "photo_url": image_url(photo),
        "photo_alt": (photo.caption if photo and photo.caption else product.name),
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


def parse_catalog_params(params) -> dict:
    """Normalise the catalogue's query string without touching the database.

    Anything malformed is dropped (never an error): ``stars=abc`` or ``page=-1`` are ignored.
    """
    q = clean_text(params.get("q"))
    district = (params.get("district") or "").strip()
    sort = (params.get("sort") or "").strip()
    out = {
        "q": q,
        "stars": int_param(params.get("stars"), low=3, high=5),
        "group": int_param(params.get("group"), low=1, high=10**9),
        "district": district if CODE_RE.match(district) else "",
        "sort": sort if sort in SORTS or (sort == "relevance" and q) else ("relevance" if q else "stars"),
        "page": int_param(params.get("page"), low=1, high=100_000) or 1,
    }
    return out


def _querystring(params: dict, **changes) -> str:
    """The query string for ``params`` (defaults left out), e.g. for pagination links."""
    merged = {**params, **changes}
    default_sort = "relevance" if merged.get("q") else "stars"
    items = []
    for name in ("q", "stars", "group", "district", "sort", "page"):
        value = merged.get(name)
        if (
            value in (None, "")
            or (name == "sort" and value == default_sort)
            or (name == "page" and value == 1)
        ):
            continue
        items.append((name, value))
    return urlencode(items)


def province_districts():
    """The province's districts, including ones closed since (their products and points keep them)."""
    return (
        AdministrativeUnit.objects.districts()
        .filter(parent__code=settings.OCOP_PROVINCE_CODE)
        .order_by("name_ascii")
    )


def public_groups():
    """Top-level product groups (of any regulation) that have public products."""
    public = Product.objects.public()
    return (
        ProductGroup.objects.filter(parent__isnull=True)
        .filter(Q(products__in=public) | Q(subgroups__products__in=public))
        .select_related("regulation")
        .distinct()
        .order_by("regulation__effective_from", "code")
    )


def filtered_products(params: dict, *, districts: Iterable | None = None, groups: Iterable | None = None):
    qs = public_products()
    if params["stars"]:
        qs = qs.filter(stars=params["stars"])
    if params["group"]:
        group = next((g for g in groups or () if g.pk == params["group"]), None)
        if group is not None:
            qs = qs.filter(Q(group=group) | Q(group__parent=group))
    if params["district"]:
        district = next((d for d in districts or () if d.code == params["district"]), None)
        if district is not None:
            qs = qs.in_unit(district)
    if params["q"]:
        qs = qs.search(params["q"])
    if params["sort"] != "relevance" or not params["q"]:
        qs = qs.order_by(*SORTS.get(params["sort"], SORTS["stars"]))
    return qs


# --- page rendering with the cache ------------------------------------------------------------


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def cached_page(request, parts: tuple, build: Callable[[], dict]) -> dict:
    """The cached result of ``build()`` (a dict of strings) for this page, host and language."""
    return cache.get_or_set(cache.key(request.get_host(), *parts), build)


def meta_tags(**ctx) -> str:
    """OpenGraph / Twitter tags and the canonical link of a public page."""
    return render_to_string("catalog/_meta.html", {"province_name": settings.OCOP_PROVINCE_NAME, **ctx})


def render_cached(request, data: dict, *, status: int = 200) -> HttpResponse:
    """Render a cached page: the base layout around the cached title, meta tags and body."""
    return render(request, "catalog/page.html", data, status=status)


def catalog_list(request):
    params = parse_catalog_params(request.GET)

    def build():
        districts = list(province_districts())
        groups = list(public_groups())
        qs = filtered_products(params, districts=districts, groups=groups)
        # One query for the count, one for the page's rows, one for their photos.
        page = Paginator(qs.prefetch_related(_photo_prefetch()), PAGE_SIZE).get_page(params["page"])
        rows = list(page.object_list)
        ctx = {
            "params": params,
            "cards": [card(p) for p in rows],
            "page": page,
            "count": page.paginator.count,
            "districts": [(d.code, d.name) for d in districts],
            "groups": [(g.pk, g.name) for g in groups],
            "star_choices": [3, 4, 5],
            "sorts": sort_choices(bool(params["q"])),
            "page_links": _page_links(page, params, reverse("catalog:list")),
            "canonical": _absolute(request, reverse("catalog:list")),
        }
        if params["q"]:
            title = _("“%(q)s” in the OCOP catalogue") % {"q": params["q"]}
        else:
            title = _("OCOP product catalogue")
        ctx["title"] = title
        return {
            "title": title,
            "description": _("Certified OCOP products of %(province)s: %(count)s products.")
            % {"province": settings.OCOP_PROVINCE_NAME, "count": ctx["count"]},
            "meta": meta_tags(title=title, og_type="website", og_url=ctx["canonical"]),
            "body": render_to_string("catalog/_list_body.html", ctx, request=None),
        }

    return render_cached(request, cached_page(request, ("list", sorted(params.items())), build))


def _page_links(page, params: dict, path: str) -> dict:
    def link(n):
        query = _querystring(params, page=n)
        return f"{path}?{query}" if query else path

    numbers = []
    for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        numbers.append((n, link(n) if isinstance(n, int) else ""))
    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
        "numbers": numbers if page.paginator.num_pages > 1 else [],
        "current": page.number,
    }


def _no_longer_certified(product: Product) -> bool:
    """A product that was public once (a certificate was issued): it gets a 410 page, not a 404."""
    if product.state in (workflows.EXPIRED, workflows.REVOKED):
        return True
    return bool(product.certificate_number) or product.certificates.exists()


def catalog_detail(request, slug: str):
    def build():
        product = (
            public_products()
            .prefetch_related(_photo_prefetch(), "listings", "standards")
            .filter(slug=slug)
            .first()
        )
        if product is None:
            known = Product.objects.filter(slug=slug).first()
            if known is not None and _no_longer_certified(known):
                ctx = {"name": known.name}
                return {
                    "status": 410,
                    "title": _("No longer certified"),
                    "description": "",
                    "meta": '<meta name="robots" content="noindex">',
                    "body": render_to_string("catalog/_gone_body.html", ctx),
                }
            return {"status": 404}
        return {"status": 200, **_detail_page(request, product)}

    data = cached_page(request, ("detail", slug), build)
    if data["status"] == 404:
        raise Http404(_("No certified product with this address."))
    return render_cached(request, data, status=data["status"])


def _detail_page(request, product: Product) -> dict:
    today = timezone.localdate()
    images = product.image_list
    photo = _main_photo(product)
    certificate = (
        product.certificates.filter(number=product.certificate_number).select_related("decision").first()
        if hasattr(product, "certificates")
        else None
    )
    sales_points, fairs = [], []
    SalesPoint = _tradefairs_model("SalesPoint")  # noqa: N806
    if SalesPoint is not None:
        sales_points = list(
            SalesPoint.objects.public()
            .filter(products=product)
            .select_related("district")
            .order_by("district__name_ascii", "name")
        )
    Fair = _tradefairs_model("Fair")  # noqa: N806
    if Fair is not None:
        fairs = list(
            Fair.objects.filter(participations__products=product)
            .filter(end_date__gte=today - datetime.timedelta(days=365))
            .distinct()
            .order_by("-start_date")[:8]
        )
        fairs.sort(key=lambda f: (f.end_date < today, abs((f.start_date - today).days)))
    more = list(
        public_products()
        .filter(producer_id=product.producer_id)
        .exclude(pk=product.pk)
        .prefetch_related(_photo_prefetch())
        .order_by("-stars", "name_ascii")[:4]
    )
    info = card(product)
    canonical = _absolute(request, product.get_public_url())
    ctx = {
        "p": info,
        "product": product,
        "story": product.story,
        "description": product.description,
        "images": [
            {"url": image_url(i), "alt": i.caption or product.name, "caption": i.caption} for i in images
        ],
        "producer": product.producer,
        "standards": [s.name for s in product.standards.all()],
        "listings": [{"platform": li.get_platform_display(), "url": li.url} for li in product.listings.all()],
        "certificate": certificate,
        "verify_url": _verify_url(certificate),
        "sales_points": sales_points,
        "fairs": [
            {
                "name": f.name,
                "url": f.get_absolute_url(),
                "city": f.city,
                "start": f.start_date,
                "end": f.end_date,
                "status": f.status_on(today),
                "status_label": f.status_label,
            }
            for f in fairs
        ],
        "more": [card(p) for p in more],
        "canonical": canonical,
        "title": product.name,
    }
    description = (product.story or product.description or "")[:200]
    meta_ctx = {
        **ctx,
        "og_type": "product",
        "og_url": canonical,
        "og_image": _absolute(request, image_url(photo)) if photo else "",
        "og_image_alt": info["photo_alt"],
        "og_description": description,
    }
    return {
        "title": f"{product.name} {product.stars_display}",
        "description": description
        or _("OCOP product of %(province)s") % {"province": settings.OCOP_PROVINCE_NAME},
        "meta": meta_tags(**meta_ctx),
        "body": render_to_string("catalog/_detail_body.html", ctx),
    }


def _verify_url(certificate) -> str:
    if certificate is None:
        return ""
    try:
        return certificate.get_verify_url()
    except NoReverseMatch:
        return ""


ALLOWED_IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def product_image(request, pk: int):
    """Serve a product photo: anyone when the product is public, else only users who may view it."""
    image = get_object_or_404(ProductImage.objects.select_related("product"), pk=pk)
    public = Product.objects.public().filter(pk=image.product_id).exists()
    if not public and not (request.user.is_authenticated and access.can_view(request.user, image.product)):
        raise Http404
    content_type, _encoding = mimetypes.guess_type(image.image.name)
    if content_type not in ALLOWED_IMAGE_TYPES:
        raise Http404
    try:
        handle = image.image.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- open data --------------------------------------------------------------------------------

JSON_PAGE_SIZE = 100
JSON_MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Dataset:
    """One open-data set: its columns, rows and file name. Apps above register theirs."""

    name: str
    columns: tuple[str, ...]
    queryset: Callable[[], object]
    row: Callable[[object, str], dict]  # (object, site root without trailing slash) -> dict


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    DATASETS[dataset.name] = dataset


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def product_row(product: Product, root: str) -> dict:
    district = _district_of(product)
    return {
        "name": product.name,
        "producer": product.producer.name,
        "district": district.name if district else "",
        "commune": product.commune.name,
        "group": product.group.top.name,
        "stars": product.stars,
        "certificate_number": product.certificate_number,
        "issued_on": _iso(product.certified_on),
        "valid_until": _iso(product.valid_until),
        "url": root + product.get_public_url(),
    }


register_dataset(
    Dataset(
        name="products",
        columns=(
            "name",
            "producer",
            "district",
            "commune",
            "group",
            "stars",
            "certificate_number",
            "issued_on",
            "valid_until",
            "url",
        ),
        queryset=lambda: public_products().order_by("name_ascii", "pk"),
        row=product_row,
    )
)


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404 from None


def _site_root(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _open_data_headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = "noindex"
    return response


class OpenDataJSON(View):
    """``/api/<dataset>.json``: a plain list; with ``?page=`` a page ``{"count", "next", "results"}``.

    ``page_size`` (default 100, at most 500) sets the page length. Malformed numbers are ignored.
    """

    dataset = ""

    def get(self, request):
        ds = _dataset(self.dataset)
        root = _site_root(request)
        paged = "page" in request.GET
        page = int_param(request.GET.get("page"), low=1, high=10**7) or 1
        size = int_param(request.GET.get("page_size"), low=1, high=10**7) or JSON_PAGE_SIZE
        size = min(size, JSON_MAX_PAGE_SIZE)

        def build():
            qs = ds.queryset()
            if not paged:
                data = [ds.row(obj, root) for obj in qs]
            else:
                count = qs.count()
                start = (page - 1) * size
                results = [ds.row(obj, root) for obj in qs[start : start + size]] if start < count else []
                next_url = None
                if start + size < count:
                    next_url = f"{root}{request.path}?{urlencode({'page': page + 1, 'page_size': size})}"
                data = {"count": count, "next": next_url, "results": results}
            return json.dumps(data, ensure_ascii=False)

        body = cache.get_or_set(cache.key("api", ds.name, root, request.path, paged, page, size), build)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        return _open_data_headers(response)


class _Echo:
    def write(self, value):
        return value


class OpenDataCSV(View):
    """``/api/<dataset>.csv``: every row, streamed (UTF-8 with a BOM so that spreadsheets read accents)."""

    dataset = ""

    def get(self, request):
        ds = _dataset(self.dataset)
        root = _site_root(request)
        writer = csv.writer(_Echo())

        def rows():
            yield "\ufeff" + writer.writerow(ds.columns)
            for obj in ds.queryset().iterator(chunk_size=500):
                row = ds.row(obj, root)
                yield writer.writerow(
                    [
                        "; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                        for v in (row[c] for c in ds.columns)
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ocop-{ds.name}.csv"'
        return _open_data_headers(response)


# --- sitemap ----------------------------------------------------------------------------------


def sitemap(request):
    """``sitemap.xml`` (django.contrib.sitemaps), cached like the pages."""
    from django.contrib.sitemaps.views import sitemap as sitemap_view

    from .sitemaps import SITEMAPS

    def build():
        response = sitemap_view(request, sitemaps=SITEMAPS)
        response.render()
        return response.content.decode()

    body = cache.get_or_set(cache.key("sitemap", request.get_host(), request.scheme), build)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


# --- home page --------------------------------------------------------------------------------

FEATURED = 8


def home_context(request) -> dict:
    """Context for the home page's sections (counts by star, featured products, upcoming fairs)."""

    def build():
        today = timezone.localdate()
        public = Product.objects.public()
        by_star = {row["stars"]: row["n"] for row in public.values("stars").annotate(n=Count("pk"))}
        featured = list(
            public_products()
            .annotate(has_photo=Exists(ProductImage.objects.filter(product=OuterRef("pk"))))
            .prefetch_related(_photo_prefetch())
            .order_by("-has_photo", "-stars", "?")[:FEATURED]
        )
        fairs, points, districts_covered = [], 0, None
        Fair = _tradefairs_model("Fair")  # noqa: N806
        if Fair is not None:
            fairs = list(Fair.objects.current_or_upcoming(today).order_by("start_date", "name")[:4])
        SalesPoint = _tradefairs_model("SalesPoint")  # noqa: N806
        if SalesPoint is not None:
            points = SalesPoint.objects.public().count()
            districts_covered = SalesPoint.objects.open_on(today).values("district_id").distinct().count()
        ctx = {
            "total": sum(by_star.values()),
            "by_star": [(n, "★" * n, by_star.get(n, 0)) for n in (3, 4, 5) if by_star.get(n)],
            "featured": [card(p) for p in featured],
            "fairs": [
                {
                    "name": f.name,
                    "url": f.get_absolute_url(),
                    "city": f.city,
                    "start": f.start_date,
                    "end": f.end_date,
                    "status": f.status_on(today),
                    "status_label": f.status_label,
                }
                for f in fairs
            ],
            "sales_points": points,
            "districts_covered": districts_covered,
            "districts_total": province_districts().count() if districts_covered is not None else None,
        }
        return render_to_string("catalog/_home_body.html", ctx)

    return {"home_sections": cache.get_or_set(cache.key("home", request.get_host()), build)}
