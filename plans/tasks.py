"""Celery tasks: thin and idempotent."""

from celery import shared_task


@shared_task
def spawn_recurring_tasks():
    from .services import spawn_due_occurrences

    return [t.pk for t in spawn_due_occurrences()]
