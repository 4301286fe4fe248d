"""Benchmark: latency (median / p95 over 30 requests) and SQL queries per request of the main pages,
on the demo data (``seed_demo``), through django.test.Client (no network, no static files).

Public catalogue pages are cached whole in Redis (products.cache): "cold" bumps the cache version
before every request (each one renders from the database), "warm" reuses the cached page. Staff
pages are requested as the demo provincial user (demo_province, role "province").

Every page gets one unmeasured warm-up request first (template compilation, first imports).
Last, a probe: the provincial round being set up gets 40 more products and its page's query
count is compared (the house rule: a constant number of queries whatever the number of rows).

Run: make bench  (or DATABASE_URL=... python bench/bench_pages.py [--n 30]).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time

import _common as c

N = 30


def pages():
    """(label, username or None, url, cold) for every measured page."""
    from django.db.models import Count

    from evaluation.models import Round
    from products.models import Product

    product = (
        Product.objects.public()
        .annotate(n=Count("images", distinct=True) + Count("listings", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    province = c.logged_in_client("demo_province")
    plan_url = province.get("/plans/current/")["Location"]
    plan_dashboard = plan_url if plan_url.rstrip("/").endswith("dashboard") else None
    rnd = Round.objects.annotate(n=Count("entries")).order_by("-year", "-n").first()
    out = [
        ("public catalogue /catalog/ (cold cache)", None, "/catalog/", True),
        ("public catalogue /catalog/ (warm cache)", None, "/catalog/", False),
        ("catalogue search ?q=ca+phe (cold cache)", None, "/catalog/?q=ca+phe", True),
        ("catalogue search ?q=ca+phe (warm cache)", None, "/catalog/?q=ca+phe", False),
        ("catalogue product page (cold cache)", None, product.get_public_url(), True),
        ("catalogue product page (warm cache)", None, product.get_public_url(), False),
        ("staff product list /products/", "demo_province", "/products/", False),
        ("dashboard /dashboard/", "demo_province", "/dashboard/", False),
    ]
    if plan_dashboard:
        out.append(("plan dashboard /plans/<pk>/dashboard/", "demo_province", plan_dashboard, False))
    else:
        print(f"(no current plan: /plans/current/ → {plan_url}; plan dashboard skipped)")
    if rnd is not None:
        out.append(
            (
                f"evaluation round page ({rnd.entries.count()} products)",
                "demo_province",
                f"/evaluation/rounds/{rnd.pk}/",
                False,
            )
        )
    return out


def measure(label: str, username: str | None, url: str, cold: bool, n: int) -> None:
    from products import cache

    client = c.logged_in_client(username)
    response = client.get(url)  # warm-up
    times, queries = [], []
    for _ in range(n):
        if cold:
            cache.bump()
        with c.QueryCounter() as counter:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
        queries.append(counter.total)
    median, p95 = c.median_p95(times)
    q_lo, q_hi = min(queries), max(queries)
    q = str(q_lo) if q_lo == q_hi else f"{q_lo}–{q_hi}"
    status = "" if response.status_code == 200 else f" HTTP {response.status_code}!"
    print(
        f"{label:46} median {median * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
        f"{q:>5} queries  {c.fmt_bytes(len(response.content)):>8}  {url}{status}",
        flush=True,
    )


def one_request(client, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up
    with c.QueryCounter() as counter:
        t0 = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t0
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, counter.total


def round_scaling(extra: int = 40) -> None:
    """Does the round page's query count stay constant when the round holds more products?

    Adds ``extra`` eligible products of the province to the provincial round being set up
    (through evaluation.services.assign_product, each given a submitted dossier of the round's year
    first, as the service requires) and requests the page again.
    """
    from evaluation import services as rs
    from evaluation.models import Round
    from ocop_portal.workflow import TransitionRefused
    from products.models import Product

    rnd = Round.objects.filter(status=Round.Status.SETUP).order_by("-year", "pk").first()
    if rnd is None:
        print("(no round in set-up: round scaling probe skipped)")
        return
    client = c.logged_in_client("demo_province")
    url = f"/evaluation/rounds/{rnd.pk}/"
    before = rnd.entries.count()
    t_before, q_before = one_request(client, url)
    organiser = c.user("demo_province")
    candidates = (
        Product.objects.filter(state__in=rs.ELIGIBLE_STATES, commune__path__startswith=rnd.unit.path)
        .exclude(round_entries__round=rnd)
        .order_by("pk")
    )
    from django.utils import timezone

    from dossiers.models import Dossier, DossierCall

    call = DossierCall.objects.filter(year=rnd.year).order_by("pk").first()
    for product in candidates[: extra * 2]:
        if rnd.entries.count() >= before + extra:
            break
        if call is not None:  # a product enters a round with its submitted dossier of the year
            Dossier.objects.update_or_create(
                product=product,
                year=rnd.year,
                defaults={"call": call, "status": "submitted", "submitted_at": timezone.now()},
            )
        try:
            rs.assign_product(rnd, product, by=organiser)
        except TransitionRefused:
            continue
    after = rnd.entries.count()
    t_after, q_after = one_request(client, url)
    print(
        f"round page scaling ({rnd.name}): {before} products → {q_before} queries, {t_before * 1000:.0f} ms; "
        f"{after} products → {q_after} queries, {t_after * 1000:.0f} ms",
        flush=True,
    )


def main(n: int) -> None:
    with c.throwaway_database():
        seconds = c.seed_demo()
        from products.models import Product

        print(
            f"demo data seeded in {seconds:.1f} s ({Product.objects.count()} products, "
            f"{Product.objects.public().count()} public); {n} requests per page",
            flush=True,
        )
        for label, username, url, cold in pages():
            measure(label, username, url, cold, n)
        round_scaling()  # last: it moves recognised products into re-rating


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=N)
    main(parser.parse_args().n)
