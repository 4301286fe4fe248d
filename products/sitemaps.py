"""``sitemap.xml``: the public pages (django.contrib.sitemaps).

Apps above products add their own sections with :func:`register` (tradefairs: fairs, sales points).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from ocop_portal.site import site_url

from .models import Product


class CanonicalSitemap(Sitemap):
    """A sitemap section whose addresses are on the canonical address (SITE_URL), not the request's
    host. Every section derives from it."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc or super().get_domain(site)


class StaticPagesSitemap(CanonicalSitemap):
    """The fixed public pages (lists); names of apps not installed are skipped."""

    changefreq = "daily"
    priority = 0.8
    names = ["home", "catalog:list", "tradefairs:salespoint_list", "tradefairs:fair_list"]

    def items(self):
        out = []
        for name in self.names:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            out.append(name)
        return out

    def location(self, item):
        return reverse(item)


class ProductSitemap(CanonicalSitemap):
    """Every public (certified, valid) product page."""

    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Product.objects.public().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return item.get_public_url()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {"pages": StaticPagesSitemap, "products": ProductSitemap}


def register(section: str, sitemap: type[CanonicalSitemap]) -> None:
    if not issubclass(sitemap, CanonicalSitemap):
        raise TypeError(f"{sitemap.__name__} must derive from products.sitemaps.CanonicalSitemap")
    SITEMAPS[section] = sitemap
