"""Celery tasks of products: thin, idempotent under retry; the work is in :mod:`products.importers`."""

from celery import shared_task
from django.db import transaction

from ocop_portal.queue import enqueue

from .importers import jobs


@shared_task(acks_late=True)
def run_import_job(job_id: int):
    """Import a previewed spreadsheet in the background; progress and result on the ImportJob row."""
    return jobs.run_import(job_id).status


def start_import_job(staged, *, user):
    """Create the import job of a claimed preview and queue it once the row is committed (in-process
    when tasks run eagerly). A broker outage leaves the job "queued"."""
    with transaction.atomic():
        job, created = jobs.create_job(staged, user=user)
        if created:
            transaction.on_commit(lambda: enqueue(run_import_job, job.pk))
    return job


@shared_task(acks_late=True)
def requeue_stale_import_jobs(older_than_minutes: int = 10):
    """Every few minutes: import jobs left "queued" (broker down when confirmed) are sent again."""
    ids = jobs.stale_job_ids(older_than_minutes)
    for job_id in ids:
        enqueue(run_import_job, job_id)
    return ids
