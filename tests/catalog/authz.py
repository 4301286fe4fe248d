"""Authorization-matrix rows for the public catalogue, open data, sitemap and certificate verification.

Everything here is public: every role gets the same page as an anonymous visitor.
"""

from __future__ import annotations


def build(world):
    from tests.catalog import helpers as h

    product = h.certified("Sản phẩm công khai ma trận", stars=4, commune="20599")
    world["catalog"] = {
        "product": product,
        "image": h.photo(product),
        "certificate": h.certificate_of(product),
    }


PUBLIC = {"default": 200}

ROWS = {
    "catalog:list": {"url": "/catalog/", **PUBLIC},
    "catalog:detail": {"url": lambda w: w["catalog"]["product"].get_public_url(), **PUBLIC},
    "catalog:image": {"url": lambda w: f"/catalog/images/{w['catalog']['image'].pk}/", **PUBLIC},
    "catalog:api_products_json": {"url": "/api/products.json", **PUBLIC},
    "catalog:api_products_csv": {"url": "/api/products.csv", **PUBLIC},
    "catalog:api_sales_points_json": {"url": "/api/sales-points.json", **PUBLIC},
    "catalog:api_sales_points_csv": {"url": "/api/sales-points.csv", **PUBLIC},
    "catalog:api_fairs_json": {"url": "/api/fairs.json", **PUBLIC},
    "catalog:api_fairs_csv": {"url": "/api/fairs.csv", **PUBLIC},
    "catalog:sitemap": {"url": "/sitemap.xml", **PUBLIC},
    "verify": {"url": lambda w: w["catalog"]["certificate"].get_verify_url(), **PUBLIC},
    "verify_lookup": {"url": "/verify/", **PUBLIC},
}
