"""The same page on 100 000 products and on 1 000 (both databases built by the bench's generator).

* ``catalogue_100k_vs_1k``: the public catalogue ``/catalog/`` (anonymous, first page, the
  rendered-page cache bypassed, the public summary warm): time at 100 000 ÷ time at 1 000. Goal ≤ 2.
  Also printed: the same with everything invalidated before each request (a version bump, as after
  any change: the summary's GROUP BY over every public row runs too).
* ``plan_dashboard_100k_vs_1k``: the current year's plan dashboard ``/plans/<pk>/dashboard/``
  (provincial user; the plan has the same 300 generated products on both databases). Goal ≤ 2.

Interleaved 1k, 100k, 1k, 100k …; switching databases (reconnecting) happens untimed before each
request.
"""

from __future__ import annotations

from . import interleave, ms
from ._client import client, database_name, getter, page_cache_bypassed, uncached, use_database

RATIOS = ("catalogue_100k_vs_1k", "plan_dashboard_100k_vs_1k")


def measure(ctx) -> dict:
    from plans.models import AnnualPlan

    small_size, big_size = min(ctx.sizes), max(ctx.sizes)
    small, big = database_name(ctx.sizes[small_size]), database_name(ctx.sizes[big_size])
    use_database(big)
    plan = AnnualPlan.objects.order_by("-year").first()
    pages = (
        ("catalogue_100k_vs_1k", "/catalog/", None),
        ("plan_dashboard_100k_vs_1k", f"/plans/{plan.pk}/dashboard/", "demo_province"),
    )
    ratios, figures = {}, {}
    for name, url, username in pages:
        use_database(big)
        c = client(username)  # the session lives in the cache-less DB session table: log in on both
        use_database(small)
        c_small = client(username)
        with page_cache_bypassed():
            found = interleave(
                getter(c_small, url),
                getter(c, url),
                repeats=ctx.repeats,
                before_anchor=lambda: use_database(small),
                before_ours=lambda: use_database(big),
            )
        ratios[name] = found["ours"] / found["anchor"]
        figures[f"{name}: {url} at {big_size}"] = ms(found["ours"])
        figures[f"{name}: {url} at {small_size}"] = ms(found["anchor"])
        if url == "/catalog/":
            cold = interleave(
                getter(c_small, url),
                getter(c, url),
                repeats=ctx.repeats,
                before=uncached,
                before_anchor=lambda: use_database(small),
                before_ours=lambda: use_database(big),
            )
            figures[f"{name}: {url} everything invalidated, {big_size} / {small_size}"] = (
                f"{ms(cold['ours'])} / {ms(cold['anchor'])} (×{cold['ours'] / cold['anchor']:.2f})"
            )
    use_database(big)
    return {"ratios": ratios, "figures": figures}
