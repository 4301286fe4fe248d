"""Project glue: settings from the environment, URLs, the Celery app, and the small libraries every app
uses (workflows and transition logs, search, text folding, PDFs, the task queue, navigation)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
