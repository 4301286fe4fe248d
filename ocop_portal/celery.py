import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_bad_site_url(**kwargs):
    """The worker e-mails links to the portal: it refuses to start without its canonical address."""
    from ocop_portal.site import refuse_bad_site_url

    refuse_bad_site_url()
