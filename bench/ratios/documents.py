"""Figures (no ratio) of issue 15's document and response goals, on the bench database:

* the product export at 100 000 rows as a provincial user, ``?format=xlsx`` and ``?format=csv``:
  the time to the first byte (the goal: the request answers within 2 s) and to the last one;
* the plan PDF of the year with the most products, the download request: cold (no stored PDF: the
  progress page, the layout queued) and once stored, and the layout's CPU time in the task;
* the dossier reviewer page of a dossier with 5 files: the server's time, and how many file
  previews the page makes the browser fetch on load (PDF viewers now load on demand).

Medians of ``ctx.repeats`` (2 in a quick run). The figures go to bench/README.md.
Run alone: ``python bench/ratios/documents.py`` (a throwaway test database with the demo data).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

RATIOS: tuple[str, ...] = ()
ROOT = Path(__file__).resolve().parents[2]


def province_user():
    from django.conf import settings

    from accounts.models import AdministrativeUnit, Role, User

    user, _ = User.objects.get_or_create(
        username="bench_province",
        defaults=dict(
            role=Role.PROVINCE,
            unit=AdministrativeUnit.objects.get(code=settings.OCOP_PROVINCE_CODE),
            is_staff=True,
        ),
    )
    return user


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def export_times(client, fmt: str) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds to the last, bytes) of the product export."""
    t0 = time.perf_counter()
    response = client.get("/products/", {"format": fmt}, secure=True)
    first, size = None, 0
    for piece in response.streaming_content:
        if first is None and piece:
            first = time.perf_counter() - t0
        size += len(piece)
    return first or 0.0, time.perf_counter() - t0, size


def plan_times(client) -> tuple[float, float, int, int, float, str, float, float]:
    """The plan PDF of the year with the most products, through its download URL (the request, not
    the layout): (seconds of the request on a cold plan — no stored PDF, so it answers with the progress
    page and queues the layout —, seconds of the request once the PDF is stored, bytes, products, CPU
    seconds of the layout in the background task, what the cold request answered, CPU seconds of the
    cold request, CPU seconds of the stored one).
    WeasyPrint's imports and font set-up are warm after the first run of the process, as in a worker."""
    import shutil

    from django.core.cache import cache
    from django.db.models import Count

    from ocop_portal.celery import app
    from plans import pdf as plan_pdf
    from plans import pdf_jobs
    from plans import tasks as plan_tasks
    from plans.models import AnnualPlan

    plan = AnnualPlan.objects.annotate(n=Count("plan_products")).order_by("-n").first()
    if plan is None:
        return 0.0, 0.0, 0, 0, 0.0, "", 0.0, 0.0
    shutil.rmtree(plan_pdf.pdf_dir(), ignore_errors=True)
    cache.clear()
    url = f"/plans/{plan.pk}/plan.pdf"
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    enqueue, plan_tasks.enqueue = plan_tasks.enqueue, lambda task, *args: True  # the bench has no worker
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        app.conf.task_always_eager, plan_tasks.enqueue = eager, enqueue
    answered = response["Content-Type"].split(";")[0]
    c0 = time.process_time()
    pdf_jobs.run(plan.pk)  # the worker's part
    cpu = time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get(url, secure=True)
    size = len(b"".join(response.streaming_content))
    warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    return cold, warm, size, plan.n, cpu, answered, cold_cpu, warm_cpu


def review_page(client) -> tuple[float, int, int] | None:
    from django.db.models import Count

    from dossiers.models import Dossier

    dossier = (
        Dossier.objects.annotate(n=Count("documents"))
        .filter(n__gte=5)
        .exclude(status="draft")
        .order_by("n")
        .first()
    )
    if dossier is None:
        return None
    t0 = time.perf_counter()
    response = client.get(f"/dossiers/{dossier.pk}/review/", secure=True)
    elapsed = time.perf_counter() - t0
    html = response.content.decode()
    eager = len(re.findall(r"<iframe\b", html)) + len(
        re.findall(r'<img(?![^>]*loading="lazy")[^>]*\?inline=1', html)
    )
    return elapsed, eager, dossier.n


def measure(ctx) -> dict:
    from django.test.utils import override_settings

    from products.models import Product

    repeats = 2 if ctx.quick else max(1, ctx.repeats)
    figures = {}
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # no collectstatic manifest in a bench checkout: pages link the static files unhashed
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, STORAGES=storages):
        client = client_for(province_user())
        rows = Product.objects.count()
        export_times(client, "csv")  # warm-up: session, middleware, imports
        for fmt in ("xlsx", "csv"):
            # two runs: the first byte is the goal; 100 000 rows take 10–16 s at rest (minutes under load)
            runs = [export_times(client, fmt) for _ in range(min(repeats, 2))]
            figures[f"export {fmt}, {rows} products"] = (
                f"first byte {statistics.median(r[0] for r in runs):.2f} s, "
                f"whole file {statistics.median(r[1] for r in runs):.1f} s, {runs[0][2] / 2**20:.1f} MB"
            )
        runs = [plan_times(client) for _ in range(repeats)]
        cpu = statistics.median(r[4] for r in runs)
        figures[f"plan PDF ({runs[0][3]} products, {runs[0][2] // 1024} kB)"] = (
            f"request cold {statistics.median(r[0] for r in runs) * 1000:.0f} ms"
            f" (CPU {statistics.median(r[6] for r in runs) * 1000:.0f} ms; {runs[0][5]}: layout queued),"
            f" request once stored {statistics.median(r[1] for r in runs) * 1000:.0f} ms"
            f" (CPU {statistics.median(r[7] for r in runs) * 1000:.0f} ms);"
            f" the layout in the task: CPU {cpu:.2f} s ({cpu / max(runs[0][3], 1) * 1000:.1f} ms a product)"
        )
        pages = [review_page(client) for _ in range(repeats)]
        if pages[0] is not None:
            figures[f"dossier reviewer page ({pages[0][2]} files)"] = (
                f"server {statistics.median(p[0] for p in pages) * 1000:.0f} ms, "
                f"previews fetched on load: {pages[0][1]} (PDF viewers on demand)"
            )
    return {"ratios": {}, "figures": figures}


if __name__ == "__main__":
    import tempfile
    from types import SimpleNamespace

    sys.path.insert(0, str(ROOT / "bench"))
    import _common as c  # noqa: E402 - sets Django up

    with c.throwaway_database(), tempfile.TemporaryDirectory(prefix="ocop-bench-docs-") as tmp:
        c.seed_demo()
        from django.db import connection

        context = SimpleNamespace(
            database_url=connection.settings_dict["NAME"],
            env=dict(os.environ),
            work_dir=Path(tmp),
            repeats=3,
            quick="--quick" in sys.argv,
        )
        for label, value in measure(context)["figures"].items():
            print(f"{label}: {value}")
