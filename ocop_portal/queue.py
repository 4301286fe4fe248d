"""Queue a Celery task from a web request without ever letting a broker outage break the request.

``enqueue(task, *args)`` publishes once (no connection or publish retries; the 2-second socket
connect timeout of the broker settings bounds an unreachable host) and never touches the result
backend: the caller's own row tracks the work, so the message asks for no stored result
(``ignore_result``). Without it Celery subscribes to the task's result channel before publishing,
and the Redis result backend retries that 20 × 1 s — a web worker held ~19 s when Redis is down
(issue 16.1). If the broker is unreachable it logs a warning and returns False: the caller's
own row (e.g. a ``PdfJob`` still "queued") is the durable record, and a periodic task
(``certificates.tasks.requeue_stale_pdf_jobs``) sends it again once the broker is back.

In the embedded mode (``CELERY_TASK_ALWAYS_EAGER``) the task simply runs in-process.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Send ``task`` to the broker → True, or log and return False when the broker is down."""
    if task.app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        # A connection of its own that tries once: the pooled one retries for the whole
        # CELERY_BROKER_CONNECTION_TIMEOUT before failing, which a web request should not wait for.
        with task.app.connection_for_write() as connection:
            connection.transport_options = {**connection.transport_options, "max_retries": 0}
            task.apply_async(args=args, kwargs=kwargs, retry=False, connection=connection, ignore_result=True)
    except Exception:  # noqa: BLE001 - kombu/redis/socket errors all mean "not queued"
        log.warning("Broker unavailable: %s%r left for a later dispatch", task.name, args, exc_info=True)
        return False
    return True
