from celery import shared_task

from . import services


@shared_task(acks_late=True)
def expire_certificates():
    """Nightly: certificates past 36 months become expired. Idempotent."""
    return [c.number for c in services.expire_due()]
