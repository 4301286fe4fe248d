"""Sitemap sections for the public fair and sales-point pages."""

from products.sitemaps import CanonicalSitemap

from .models import Fair, SalesPoint


class FairSitemap(CanonicalSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Fair.objects.only("pk", "updated_at").order_by("-start_date", "pk")

    def lastmod(self, item):
        return item.updated_at


class SalesPointSitemap(CanonicalSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return SalesPoint.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


def register():
    from products import sitemaps

    sitemaps.register("fairs", FairSitemap)
    sitemaps.register("sales-points", SalesPointSitemap)
