"""Celery tasks: thin and idempotent."""

from celery import shared_task
from django.core.cache import cache

from ocop_portal.queue import enqueue

from . import pdf_jobs


@shared_task
def spawn_recurring_tasks():
    from .services import spawn_due_occurrences

    return [t.pk for t in spawn_due_occurrences()]


@shared_task(acks_late=True)
def render_plan_pdf(plan_id: int, digest: str = ""):
    """Lay the plan's PDF out and store it (nothing to do when its current HTML's PDF is stored)."""
    return pdf_jobs.run(plan_id, digest)


# Dispatch of the plan PDF's render (as certificates.tasks dispatches its batches): the download asks
# for it on a miss, and ``plans.services`` announces a changed plan with ``signals.plan_changed``.


def pdf_for_download(plan) -> pdf_jobs.PlanPdf:
    """The plan's PDF for a download: stored (or small enough to lay out now), or its render asked for
    once per HTML digest and the state to show on the progress page."""
    pdf = pdf_jobs.current(plan)
    if pdf.state != pdf_jobs.MISSING:
        return pdf
    state = request_render(plan.pk, pdf.digest)
    path = pdf_jobs.stored_pdf(plan.pk, pdf.digest)  # the embedded mode (eager tasks) has rendered it
    return pdf_jobs.PlanPdf(pdf_jobs.READY, pdf.digest, path) if path else pdf_jobs.PlanPdf(state, pdf.digest)


def request_render(plan_id: int, digest: str) -> str:
    """Ask for the render of the plan's PDF of this digest unless it is asked for already; the state."""
    task = render_plan_pdf
    key = pdf_jobs._key(plan_id, digest)
    state = cache.get(key)
    if state is not None:
        return state
    if not cache.add(key, pdf_jobs.QUEUED, pdf_jobs.QUEUED_SECONDS):
        state = cache.get(key)
        if state is not None:  # another request asked a moment ago
            return state
        # the cache is unavailable: no de-duplication, but the PDF is still rendered
    if enqueue(task, plan_id, digest):
        return pdf_jobs.QUEUED
    cache.set(key, pdf_jobs.WAITING, pdf_jobs.RETRY_SECONDS)
    return pdf_jobs.WAITING


def prerender(plan_id: int) -> bool:
    """Queue the render of the plan's current PDF (after a change through ``plans.services``). Not in
    the embedded mode: without a worker the render would hold every edit; the download lays it out."""
    task = render_plan_pdf
    if task.app.conf.task_always_eager:
        return False
    return enqueue(task, plan_id)


def on_plan_changed(sender, plan_id: int, **kwargs) -> None:
    """Receiver of ``plans.signals.plan_changed`` (sent once the change is committed)."""
    prerender(plan_id)
