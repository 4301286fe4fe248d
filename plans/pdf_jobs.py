"""The plan PDF laid out ahead of the request, so that its download answers within a second.

A Celery task (:func:`plans.tasks.render_plan_pdf`, thin) lays the plan out and stores the PDF
(:mod:`plans.pdf`) whenever ``plans.services`` publishes or changes the plan (the ``plan_changed``
signal, :func:`plans.tasks.prerender`), and when a download finds no stored PDF for the plan's current
HTML (:func:`current`, :func:`plans.tasks.pdf_for_download`). The download renders
the HTML alone (cheap), serves the stored file when the name matches, and otherwise asks for the render
once per HTML digest and answers at once with a progress page that polls.

The render's state lives in the cache under the digest, with short lifetimes: only the file is a
record, so a lost state (cache flush, lost message) costs one more render request, never a wrong PDF.
A broker that is down never holds the request (``ocop_portal.queue.enqueue``); the page says so and
asks again every ``RETRY_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache

from ocop_portal.pdf import html_digest

from .models import AnnualPlan
from .pdf import plan_html, render_plan_pdf, store_pdf, stored_pdf

QUEUED, WAITING, FAILED, READY, MISSING = "queued", "waiting", "failed", "ready", "missing"
QUEUED_SECONDS = 120  # not done by then (message lost, busy worker): asked for again, a duplicate is harmless
RETRY_SECONDS = 15  # the broker was down: ask again after this
FAILED_SECONDS = 60  # a failed render is reported, then tried again

# A plan with at most this many products is laid out in the request itself, larger ones answer with the
# progress page. Measured through the view on this 2-core machine under the other engineers' load
# (best of 3; a plan of tests/pdf/test_plan_pdf.py): 0 products 134 ms CPU / 425 ms wall, 10: 197 / 591,
# 20: 321 / 855, 30: 420 / 1163 (over the 1 s budget), and ~10 ms more CPU a product; the progress page
# of an 80-product plan 51 ms CPU / 182 ms wall, a stored PDF 23-49 ms CPU / 65-180 ms wall.
INLINE_MAX_PRODUCTS = 20


@dataclass(frozen=True)
class PlanPdf:
    state: str  # READY, MISSING (not stored, not asked for yet), QUEUED, WAITING or FAILED
    digest: str
    path: Path | None = None


def _key(plan_id: int, digest: str) -> str:
    return f"plan-pdf:{plan_id}:{digest}"


def current(plan: AnnualPlan) -> PlanPdf:
    """The plan's PDF for a download: the stored one if its HTML has not changed, a small plan's laid
    out now, else MISSING (:func:`plans.tasks.pdf_for_download` then asks for its render)."""
    html = plan_html(plan)
    digest = html_digest(html)
    path = stored_pdf(plan.pk, digest)
    if path is None and plan.plan_products.count() <= INLINE_MAX_PRODUCTS:
        path = store_pdf(plan.pk, html)
    return PlanPdf(READY, digest, path) if path is not None else PlanPdf(MISSING, digest)


def run(plan_id: int, digest: str = "") -> str | None:
    """The task's work: store the plan's current PDF (nothing to do if stored). ``digest``: the HTML
    the request saw, whose state is cleared (or marked failed)."""
    plan = AnnualPlan.objects.filter(pk=plan_id).first()
    if plan is None:  # deleted meanwhile
        return None
    try:
        path = render_plan_pdf(plan)
    except Exception:
        if digest:
            cache.set(_key(plan_id, digest), FAILED, FAILED_SECONDS)
        raise
    if digest:
        cache.delete(_key(plan_id, digest))
    return path.name
