"""Celery tasks: thin and idempotent."""

from celery import shared_task


@shared_task
def spawn_recurring_tasks():
    from .services import spawn_due_occurrences

    return [t.pk for t in spawn_due_occurrences()]


@shared_task(acks_late=True)
def render_plan_pdf(plan_id: int, digest: str = ""):
    """Lay the plan's PDF out and store it (nothing to do when its current HTML's PDF is stored)."""
    from .pdf_jobs import run

    return run(plan_id, digest)
