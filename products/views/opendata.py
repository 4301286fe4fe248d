"""Open data (``/api/<dataset>.json`` and ``.csv``: products here, sales points and fairs registered by
tradefairs) and ``sitemap.xml`` — the machine-readable side of the public pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.territory import territory
from ocop_portal import spreadsheet
from ocop_portal.site import site_url

from .. import cache
from ..models import Product
from ..sitemaps import SITEMAPS
from .public import district_of, int_param, public_products

JSON_PAGE_SIZE = 100
JSON_MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Dataset:
    """One open-data set: its columns, rows and file name. Apps above register theirs, with what the
    open-data page (``/open-data/``) tells about it: title, description, each field, update frequency."""

    name: str
    columns: tuple[str, ...]
    queryset: Callable[[], object]
    row: Callable[[object, str], dict]  # (object, site root without trailing slash) -> dict
    title: str = ""
    description: str = ""
    fields: dict = field(default_factory=dict)  # column -> what it holds
    frequency: str = ""


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    DATASETS[dataset.name] = dataset


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def product_row(product: Product, root: str) -> dict:
    district = district_of(product)
    return {
        "name": product.name,
        "producer": product.producer.name,
        "district": district.name if district else "",
        "commune": product.commune.name,
        "commune_today": territory().now_name(product.commune_id) or product.commune.name,
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
            "commune_today",
            "group",
            "stars",
            "certificate_number",
            "issued_on",
            "valid_until",
            "url",
        ),
        queryset=lambda: public_products().order_by("name", "pk"),
        row=product_row,
        title=_("OCOP certified products"),
        description=_(
            "Every product with a valid OCOP certificate of the province (not expired, not revoked), "
            "with its producer, place, product group, star rating and certificate."
        ),
        fields={
            "name": _("product name"),
            "producer": _("name of the producer (enterprise, cooperative, cooperative group or household)"),
            "district": _(
                "district of the place of production when the product was registered before the 2025 "
                "reform (empty for a commune or ward of a two-tier province)"
            ),
            "commune": _("commune or ward of the place of production, as registered"),
            "commune_today": _(
                "commune or ward holding the place of production today (after the 2025 merger of communes)"
            ),
            "group": _("product group (food, beverages, herbs, handicrafts, tourism services…)"),
            "stars": _("OCOP star rating, 3 to 5"),
            "certificate_number": _("number of the OCOP certificate"),
            "issued_on": _("date the certificate was issued (YYYY-MM-DD)"),
            "valid_until": _("last day the certificate is valid (YYYY-MM-DD)"),
            "url": _("address of the product's page on the portal"),
        },
        frequency=_("Updated as soon as a certificate is issued, expires or is revoked"),
    )
)


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404 from None


def _site_root(request) -> str:
    """The canonical address (SITE_URL), whatever host the request came through."""
    return site_url()


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


class OpenDataCSV(View):
    """``/api/<dataset>.csv``: every row, streamed (UTF-8 with a BOM so that spreadsheets read accents),
    through the formula-injection guard: a product named ``=HYPERLINK(…)`` arrives as text."""

    dataset = ""

    def get(self, request):
        ds = _dataset(self.dataset)
        root = _site_root(request)
        writer = spreadsheet.csv_writer(spreadsheet.Echo())

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


# --- the open-data page -----------------------------------------------------------------------


def open_data_page(request):
    """``/open-data/``: what each dataset holds, its fields, formats, licence and update frequency."""
    datasets = [
        {
            "dataset": ds,
            "fields": [(column, ds.fields.get(column, "")) for column in ds.columns],
            "json_url": reverse(f"catalog:api_{ds.name.replace('-', '_')}_json"),
            "csv_url": reverse(f"catalog:api_{ds.name.replace('-', '_')}_csv"),
        }
        for ds in DATASETS.values()
    ]
    return render(
        request,
        "products/catalog/open_data.html",
        {
            "datasets": datasets,
            "licence": settings.OCOP_OPEN_DATA_LICENCE,
            "licence_url": settings.OCOP_OPEN_DATA_LICENCE_URL,
            "page_size": JSON_PAGE_SIZE,
            "max_page_size": JSON_MAX_PAGE_SIZE,
        },
    )


# --- sitemap ----------------------------------------------------------------------------------


def sitemap(request):
    """``sitemap.xml`` (django.contrib.sitemaps), cached like the pages."""

    def build():
        response = sitemap_view(request, sitemaps=SITEMAPS)
        response.render()
        return response.content.decode()

    body = cache.get_or_set(cache.key("sitemap", site_url()), build)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
