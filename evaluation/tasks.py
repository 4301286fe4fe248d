from celery import shared_task

from . import services


@shared_task(acks_late=True)
def expire_certificates():
    """Nightly: certificates past 36 months become expired. Idempotent."""
    return [c.number for c in services.expire_due()]


@shared_task(acks_late=True)
def render_certificate_batch(job_id: int):
    """Render a decision's certificates into one ZIP; progress is stored on the PdfJob row."""
    from .pdf_jobs import run_certificate_batch

    return run_certificate_batch(job_id).status


@shared_task(acks_late=True)
def requeue_stale_pdf_jobs(older_than_minutes: int = 10):
    """Every few minutes: PDF jobs left "queued" (broker down when they were started) are sent again."""
    from .pdf_jobs import requeue_stale

    return requeue_stale(older_than_minutes)
