"""``sitemap.xml``: the public pages (django.contrib.sitemaps).

Apps above products add their own sections with :func:`register` (tradefairs: fairs, sales points).
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from .models import Product


class StaticPagesSitemap(Sitemap):
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


class ProductSitemap(Sitemap):
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


def register(section: str, sitemap: type[Sitemap]) -> None:
    SITEMAPS[section] = sitemap
