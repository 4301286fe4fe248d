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
