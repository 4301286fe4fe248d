"""The public catalogue: the product list (search, filters, sort), product pages, product photos and
the home page's sections. Cached whole, see :mod:`products.views.public`."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, territory
from accounts.branding import portal_province_name
from ocop_portal.search import suggest
from ocop_portal.uploads.serving import file_response
from ocop_portal.uploads.types import IMAGE_TYPES

from .. import cache, workflows
from ..models import Product, ProductGroup, ProductImage
from .public import (
    CODE_RE,
    absolute,
    cached_page,
    card,
    catalogue_units,
    clean_text,
    extended,
    image_url,
    int_param,
    main_photo,
    meta_tags,
    photo_prefetch,
    public_products,
    render_cached,
    unit_options,
)

PAGE_SIZE = 24
SORTS = {
    # code -> ordering ("relevance", only with a search, keeps the search's own order)
    "stars": ("-stars", "name", "pk"),
    "name": ("name", "pk"),
    "newest": ("-certified_on", "name", "pk"),
    "district": ("commune__parent__name", "name", "pk"),
}


def sort_choices(with_relevance: bool) -> list[tuple[str, str]]:
    choices = [
        ("relevance", _("Best match")),
        ("stars", _("Most stars first")),
        ("name", _("Name A–Z")),
        ("newest", _("Recently recognised")),
        ("district", _("Locality")),
    ]
    return choices if with_relevance else choices[1:]


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


def public_summary() -> dict[tuple[int, int], int]:
    """How many public products per (group id, stars): one GROUP BY over the public rows.

    Cached under the public pages' version (:mod:`products.cache`: invalidated on every change of a
    product, certificate, photo …, and each day), so a catalogue page whose own cache entry is
    missing does not count every public product again: the group filter's choices and the counts of
    the unfiltered, star and group views come from here.
    """

    def build():
        rows = Product.objects.public().order_by().values_list("group_id", "stars").annotate(n=Count("pk"))
        return {(group_id, stars): n for group_id, stars, n in rows}

    return cache.get_or_set(cache.key("public-summary"), build)


def public_groups(summary: dict | None = None):
    """Top-level product groups (of any regulation) that have public products (one small query)."""
    ids = {group_id for group_id, _stars in (public_summary() if summary is None else summary)}
    return (
        ProductGroup.objects.filter(parent__isnull=True)
        .filter(Q(pk__in=ids) | Q(subgroups__pk__in=ids))
        .select_related("regulation")
        .distinct()
        .order_by("regulation__effective_from", "code")
    )


def summary_count(params: dict, summary: dict, groups) -> int | None:
    """The exact number of matches from the summary, or None when a filter needs the query
    (a search or a district)."""
    if params["q"] or params["district"]:
        return None
    wanted = None
    if params["group"]:
        group = next((g for g in groups if g.pk == params["group"]), None)
        if group is None:
            return None  # an unknown group is ignored by the filter: the count is the unfiltered one
        wanted = {group.pk, *(child.pk for child in group.subgroups.all())}
    return sum(
        n
        for (group_id, stars), n in summary.items()
        if (not params["stars"] or stars == params["stars"]) and (wanted is None or group_id in wanted)
    )


def filtered_products(params: dict, *, units: Iterable | None = None, groups: Iterable | None = None):
    qs = public_products()
    if params["stars"]:
        qs = qs.filter(stars=params["stars"])
    if params["group"]:
        group = next((g for g in groups or () if g.pk == params["group"]), None)
        if group is not None:
            qs = qs.filter(Q(group=group) | Q(group__parent=group))
    if params["district"]:
        unit = next((u for u in units or () if u.code == params["district"]), None)
        if unit is not None:  # a 2025 ward finds the products certified in the communes merged into it
            qs = qs.filter(territory.unit_filter_q(unit))
    if params["q"]:
        qs = qs.search(params["q"])
    if params["sort"] != "relevance" or not params["q"]:
        qs = qs.order_by(*SORTS.get(params["sort"], SORTS["stars"]))
    return qs


def catalog_list(request):
    params = parse_catalog_params(request.GET)

    def build():
        district_groups = catalogue_units()
        units = [u for _label, members in district_groups for u in members]
        summary = public_summary()
        groups = list(
            public_groups(summary).prefetch_related("subgroups")
            if params["group"]
            else public_groups(summary)
        )
        qs = filtered_products(params, units=units, groups=groups)
        # The count from the summary when it can answer (else with the page's ids), the page's rows,
        # their photos.
        paginator = Paginator(qs.prefetch_related(photo_prefetch()), PAGE_SIZE)
        known = summary_count(params, summary, groups)
        if known is not None:
            paginator.count = known  # a cached_property: the summary's exact figure
            page = paginator.get_page(params["page"])
        else:
            page = counted_page(paginator, params["page"])
        rows = list(page.object_list)
        ctx = {
            "params": params,
            "cards": [card(p) for p in rows],
            "page": page,
            "count": page.paginator.count,
            "district_groups": unit_options(district_groups),
            "groups": [(g.pk, g.name) for g in groups],
            "star_choices": [3, 4, 5],
            "sorts": sort_choices(bool(params["q"])),
            "page_links": _page_links(page, params, reverse("catalog:list")),
            "canonical": absolute(request, reverse("catalog:list")),
        }
        if params["q"] and not rows:
            # "Có phải bạn muốn tìm …": the closest public product name, searched without the filters
            ctx["suggestion"] = suggest(public_products(), params["q"], folded_field="name_ascii")
            if ctx["suggestion"]:
                query = _querystring({**params, "q": ctx["suggestion"], "page": 1})
                ctx["suggestion_url"] = f"{reverse('catalog:list')}?{query}"
        if params["q"]:
            title = _("“%(q)s” in the OCOP catalogue") % {"q": params["q"]}
        else:
            title = _("OCOP product catalogue")
        ctx["title"] = title
        return {
            "title": title,
            "description": _("Certified OCOP products of %(province)s: %(count)s products.")
            % {"province": portal_province_name(), "count": ctx["count"]},
            "meta": meta_tags(title=title, og_type="website", og_url=ctx["canonical"]),
            "body": render_to_string("products/catalog/_list_body.html", ctx, request=None),
        }

    return render_cached(request, cached_page(request, ("list", sorted(params.items())), build))


def counted_page(paginator: Paginator, number: int) -> Page:
    """The page and the exact number of matches, the search run once (not once to count and again
    for the rows): the page's ids and the total in one query on the product table alone
    (``COUNT(*) OVER ()``, no joins for the rows not shown), then those rows with what the cards
    need. A number past the last page falls back to the paginator (a count, then the last page)."""
    qs = paginator.object_list
    start = (number - 1) * paginator.per_page
    found = list(
        qs.select_related(None)
        .prefetch_related(None)
        .annotate(_total=Window(Count("pk")))
        .values_list("pk", "_total")[start : start + paginator.per_page]
    )
    if not found:
        return paginator.get_page(number)
    paginator.count = found[0][1]
    by_pk = {p.pk: p for p in qs.order_by().filter(pk__in=[pk for pk, _total in found])}
    return Page([by_pk[pk] for pk, _total in found if pk in by_pk], number, paginator)


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
            .prefetch_related(photo_prefetch(), "listings", "standards")
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
                    "body": render_to_string("products/catalog/_gone_body.html", ctx),
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
    photo = main_photo(product)
    certificate = (
        product.certificates.filter(number=product.certificate_number).select_related("decision").first()
        if hasattr(product, "certificates")
        else None
    )
    sections = {"sales_points": [], "fairs": [], **extended("detail", product, today)}
    more = list(
        public_products()
        .filter(producer_id=product.producer_id)
        .exclude(pk=product.pk)
        .prefetch_related(photo_prefetch())
        .order_by("-stars", "name")[:4]
    )
    info = card(product)
    canonical = absolute(request, product.get_public_url())
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
        "sales_points": sections["sales_points"],
        "fairs": sections["fairs"],
        "more": [card(p) for p in more],
        "canonical": canonical,
        "title": product.name,
    }
    description = (product.story or product.description or "")[:200]
    meta_ctx = {
        **ctx,
        "og_type": "product",
        "og_url": canonical,
        "og_image": absolute(request, image_url(photo)) if photo else "",
        "og_image_alt": info["photo_alt"],
        "og_description": description,
    }
    return {
        "title": f"{product.name} {product.stars_display}",
        "description": description
        or _("OCOP product of %(province)s") % {"province": portal_province_name()},
        "meta": meta_tags(**meta_ctx),
        "body": render_to_string("products/catalog/_detail_body.html", ctx),
    }


def _verify_url(certificate) -> str:
    if certificate is None:
        return ""
    try:
        return certificate.get_verify_url()
    except NoReverseMatch:
        return ""


def product_image(request, pk: int):
    """Serve a product photo: anyone when the product is public, else only users who may view it."""
    image = get_object_or_404(ProductImage.objects.select_related("product"), pk=pk)
    public = Product.objects.public().filter(pk=image.product_id).exists()
    if not public and not (request.user.is_authenticated and access.can_view(request.user, image.product)):
        raise Http404
    # Only an image by its content is served, with the sniffed type (never the name's).
    return file_response(
        image.image,
        filename=image.image.name.rsplit("/", 1)[-1],
        inline=True,
        only=IMAGE_TYPES,
        cache="public, max-age=3600" if public else "private, max-age=300",
    )


# --- home page --------------------------------------------------------------------------------

FEATURED = 8


def home_context(request) -> dict:
    """Context for the home page's sections (counts by star, featured products, upcoming fairs)."""

    def build():
        today = timezone.localdate()
        by_star: dict[int, int] = {}
        for (_group_id, stars), n in public_summary().items():
            by_star[stars] = by_star.get(stars, 0) + n
        featured = list(
            public_products()
            .annotate(has_photo=Exists(ProductImage.objects.filter(product=OuterRef("pk"))))
            .prefetch_related(photo_prefetch())
            .order_by("-has_photo", "-stars", "?")[:FEATURED]
        )
        sections = {
            "fairs": [],
            "sales_points": 0,
            "districts_covered": None,
            "districts_total": None,
            "coverage_two_tier": False,
            **extended("home", today),
        }
        ctx = {
            "total": sum(by_star.values()),
            "by_star": [(n, "★" * n, by_star.get(n, 0)) for n in (3, 4, 5) if by_star.get(n)],
            "featured": [card(p) for p in featured],
            "fairs": sections["fairs"],
            "sales_points": sections["sales_points"],
            "districts_covered": sections["districts_covered"],
            "districts_total": sections["districts_total"],
            "coverage_two_tier": sections["coverage_two_tier"],
        }
        return render_to_string("products/catalog/_home_body.html", ctx)

    return {"home_sections": cache.get_or_set(cache.key("home", request.get_host()), build)}
