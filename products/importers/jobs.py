"""Imports as background jobs (:class:`products.models.ImportJob`): "Xác nhận nhập" queues the previewed
file and the page polls the job's progress; a rejected file's errors are kept on a job row so that the
page lists the first :data:`~.report.ERRORS_SHOWN` and offers every one as a spreadsheet.

Progress is kept in the cache (the import writes in one transaction, so a row updated inside it would
not be seen by the page until the end); the job row holds the result.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportJob, ImportUpload
from . import staging
from .pipeline import file_sha256, import_products

log = logging.getLogger(__name__)
WARNINGS_KEPT = 1_000


def _progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def set_progress(job_id: int, done: int, total: int) -> None:
    try:
        cache.set(_progress_key(job_id), (done, total), 3600)
    except Exception:  # noqa: BLE001 - a cache outage only loses the progress bar
        log.warning("could not store an import's progress", exc_info=True)


def percent(job: ImportJob) -> int:
    """How far the job is (0–100): from the cache while it runs."""
    if job.finished:
        return 100
    try:
        done, total = cache.get(_progress_key(job.pk)) or (0, 0)
    except Exception:  # noqa: BLE001
        done, total = 0, 0
    if job.status == ImportJob.Status.QUEUED:
        return 0
    # reading and checking the file is the first fifth; writing the rows the rest
    return min(99, 20 + int(80 * done / total)) if total else 10


def _errors(report) -> list:
    return [[e.row, e.column, e.value, e.message] for e in report.errors]


def _store_result(job: ImportJob, report) -> None:
    job.rows = len(report.rows)
    job.created, job.updated, job.unchanged = report.created, report.updated, report.unchanged
    job.producers_created = report.producers_created
    job.ratings_recorded, job.ratings_proposed = report.ratings_recorded, report.ratings_proposed
    job.error_count = len(report.errors)
    job.errors = _errors(report)
    job.warnings = [str(w) for w in report.warnings[:WARNINGS_KEPT]]


def record_rejected(report, *, user) -> ImportJob:
    """Keep a rejected preview's errors (for the full list's download)."""
    job = ImportJob(
        user=user,
        filename=report.filename[:255],
        sha256=report.sha256,
        dry_run=True,
        status=ImportJob.Status.FAILED,
    )
    _store_result(job, report)
    job.finished_at = timezone.now()
    job.save()
    return job


def create_job(staged: ImportUpload, *, user) -> tuple[ImportJob, bool]:
    """The preview's job still queued or running (a second press of "Xác nhận nhập" starts nothing), or
    a new queued job (:func:`products.tasks.start_import_job` queues it). Returns ``(job, created)``."""
    ImportUpload.objects.select_for_update().filter(pk=staged.pk).first()  # one press at a time
    running = ImportJob.objects.filter(
        upload=staged, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).first()
    if running is not None:
        return running, False
    job = ImportJob.objects.create(user=user, upload=staged, filename=staged.filename, sha256=staged.sha256)
    return job, True


def stale_job_ids(older_than_minutes: int = 10) -> list[int]:
    """Jobs still "queued" after ``older_than_minutes`` (their dispatch failed): running one twice is
    harmless, a finished job is left alone."""
    import datetime

    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    return list(
        ImportJob.objects.filter(
            status=ImportJob.Status.QUEUED, dry_run=False, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )


def run_import(job_id: int) -> ImportJob:
    """Import the job's previewed file (all-or-nothing). Idempotent: a finished job is left alone."""
    job = ImportJob.objects.select_related("upload", "user").get(pk=job_id)
    if job.finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    set_progress(job.pk, 0, 0)
    staged = job.upload
    try:
        if staged is None or not staged.file:
            raise staging.StagingError(_("The previewed file is no longer kept. Upload the file again."))
        with staged.file.open("rb") as handle:
            if file_sha256(handle) != job.sha256:
                raise staging.StagingError(
                    _("The file differs from the one previewed. Upload the file again.")
                )
            report = import_products(
                handle,
                user=job.user,
                filename=job.filename,
                progress=lambda done, total: set_progress(job.pk, done, total),
            )
    except staging.StagingError as refused:
        job.error_count = 1
        job.errors = [[None, "", "", refused.message]]
        job.status = ImportJob.Status.FAILED
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error_count=1,
            errors=[[None, "", "", _("The import failed: %(error)s") % {"error": str(exc)[:500]}]],
            finished_at=timezone.now(),
        )
        raise
    else:
        _store_result(job, report)
        job.status = ImportJob.Status.DONE if report.ok and report.applied else ImportJob.Status.FAILED
        if job.status == ImportJob.Status.DONE:
            staging.discard(staged)
            job.upload = None
    job.finished_at = timezone.now()
    job.save()
    return job
