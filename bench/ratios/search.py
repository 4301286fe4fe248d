"""Search at 100 000 products against Django's admin changelist for the same ``?q=``.

* ``catalogue_search_vs_admin``: the public catalogue ``/catalog/?q=ca phe`` (anonymous, the
  rendered-page cache bypassed: every request runs the search, counts and renders; the public
  summary behind the group filter is warm, as between two changes in production) — its rate ÷ the admin changelist's rate
  ``/admin/products/product/?q=ca phe`` (superuser). Goal ≥ 10.
* ``catalogue_typo_vs_admin``: the same with the typo ``nuoc mamm`` (the admin gets the same string,
  so it finds nothing: its cost is the scan). Goal ≥ 5.
* ``staff_search_vs_admin``: the staff product list ``/products/?q=ca phe`` (provincial user: the
  whole registry in scope) ÷ the admin changelist. Goal ≥ 3.

Both sides through ``django.test.Client`` in this process (whole middleware stack, no network),
interleaved admin, ours, admin, ours …; medians of ``ctx.repeats`` after one warm-up each.
"""

from __future__ import annotations

from urllib.parse import urlencode

from . import interleave, ms, rate
from ._client import client, getter, page_cache_bypassed

RATIOS = ("catalogue_search_vs_admin", "catalogue_typo_vs_admin", "staff_search_vs_admin")

PAIRS = (
    # ratio name, our page, whose, query
    ("catalogue_search_vs_admin", "/catalog/", None, "ca phe"),
    ("catalogue_typo_vs_admin", "/catalog/", None, "nuoc mamm"),
    ("staff_search_vs_admin", "/products/", "demo_province", "ca phe"),
)


def measure(ctx) -> dict:
    admin = client("admin")
    ratios, figures = {}, {}
    for name, path, username, q in PAIRS:
        query = urlencode({"q": q})
        ours = getter(client(username), f"{path}?{query}")
        anchor = getter(admin, f"/admin/products/product/?{query}")
        with page_cache_bypassed():
            found = interleave(anchor, ours, repeats=ctx.repeats)
        ratios[name] = rate(found["ours"]) / rate(found["anchor"])
        figures[f"{name}: ours {path}?{query}"] = f"{ms(found['ours'])} ({rate(found['ours']):.1f} req/s)"
        figures[f"{name}: anchor admin ?{query}"] = (
            f"{ms(found['anchor'])} ({rate(found['anchor']):.1f} req/s)"
        )
    return {"ratios": ratios, "figures": figures}
