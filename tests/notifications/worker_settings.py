"""Settings for the subprocesses of the integration tests (a real Celery worker, concurrent
``run_reminders`` commands): the project's settings plus what the test process passes in the
environment. Not used by the web or by production."""

import os

from ocop_portal.settings import *  # noqa: F403
from ocop_portal.settings import CELERY_BROKER_TRANSPORT_OPTIONS

# E-mails land in files the test reads (optionally slowed down, to kill a worker mid-run).
EMAIL_BACKEND = os.environ.get("OCOP_TEST_EMAIL_BACKEND", "tests.notifications.slow_email.SlowFileBackend")
EMAIL_FILE_PATH = os.environ["OCOP_TEST_EMAIL_DIR"]
SITE_URL = "https://ocop.example.vn"
OCOP_REMINDER_LEAD_DAYS = [30, 14, 7, 1]
# A crashed claim may be taken over after this many seconds (production: 15 minutes).
OCOP_REMINDER_RETRY_AFTER_SECONDS = int(os.environ.get("OCOP_TEST_RETRY_AFTER", "900"))
# Own key prefix on the broker (no collision with other test runs on the same Redis database), and a
# short visibility timeout so that a message left unacknowledged by a killed worker comes back fast.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "global_keyprefix": os.environ.get("OCOP_TEST_BROKER_PREFIX", ""),
    "visibility_timeout": int(os.environ.get("OCOP_TEST_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_ALWAYS_EAGER = False
