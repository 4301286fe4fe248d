"""Celery tasks of certificates: thin, idempotent under retry; the work is in services and jobs."""

from celery import shared_task
from django.db import transaction

from ocop_portal.queue import enqueue

from . import jobs, services


@shared_task(acks_late=True)
def expire_certificates():
    """Nightly: certificates past 36 months become expired. Idempotent."""
    return [c.number for c in services.expire_due()]


@shared_task(acks_late=True)
def render_certificate_batch(job_id: int):
    """Render a decision's certificates into one ZIP; progress is stored on the PdfJob row."""
    return jobs.run_certificate_batch(job_id).status


@shared_task(acks_late=True)
def requeue_stale_pdf_jobs(older_than_minutes: int = 10):
    """Every few minutes: PDF jobs left "queued" (broker down when they were started) are sent again."""
    return requeue_stale(older_than_minutes)


def start_certificate_batch(decision, *, by):
    """Create the decision's batch job (or return the running one) and queue it once the row is committed.

    A broker outage must not break the request: the job stays "queued" and is sent again later."""
    with transaction.atomic():
        job, created = jobs.create_certificate_batch(decision, by=by)
        if created:
            transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> bool:
    """Send the job to the queue (never waiting more than ~2 s) and record whether it got there."""
    sent = enqueue(render_certificate_batch, job_id)
    jobs.record_dispatch(job_id, sent=sent)
    return sent


def requeue_stale(older_than_minutes: int = 10) -> list[int]:
    """Send again the jobs still "queued" after ``older_than_minutes`` or waiting for the queue; the ids
    actually sent."""
    return [pk for pk in jobs.stale_job_ids(older_than_minutes) if dispatch(pk)]
