"""Batch generation of a decision's certificates as one ZIP, with progress kept in ``PdfJob``.

The certificates are rendered on every core: :func:`run_certificate_batch` renders the first one
itself (warming fonts, stylesheet and template), then hands chunks of ids to a pool of worker
processes forked from it, each chunk laid out as one document (``certificates.pdf.certificate_pdfs``),
and writes their PDFs into the ZIP in order as they come back, updating the job's progress. A job is idempotent under retry: a finished
job is left alone, a job interrupted half-way starts again from zero and replaces nothing until its
ZIP is complete.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import multiprocessing
import os
import tempfile
import zipfile
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.core.files import File
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from evaluation.models import RecognitionDecision

from .models import Certificate, PdfJob
from .pdf import certificate_pdfs

CHUNK = 8  # certificates per task handed to a worker: small enough for a smooth progress bar


@transaction.atomic
def create_certificate_batch(decision: RecognitionDecision, *, by) -> tuple[PdfJob, bool]:
    """The decision's running job (a double click does not start a second one), or a new queued job.

    Returns ``(job, created)``; :func:`certificates.tasks.start_certificate_batch` queues a new job."""
    running = decision.pdf_jobs.filter(status__in=[PdfJob.Status.QUEUED, PdfJob.Status.RUNNING]).first()
    if running:
        return running, False
    total = decision.certificates.count()
    return PdfJob.objects.create(decision=decision, total=total, created_by=by), True


def stale_job_ids(older_than_minutes: int = 10) -> list[int]:
    """Jobs still "queued" after ``older_than_minutes`` (the message was lost), and every queued job whose
    dispatch found the queue down. Running a job twice is harmless: a finished job is left alone."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    return list(
        PdfJob.objects.filter(status=PdfJob.Status.QUEUED)
        .filter(Q(created_at__lt=cutoff) | Q(waiting_for_queue=True))
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def batch_workers() -> int:
    """Worker processes for a batch: ``OCOP_PDF_WORKERS`` (default: one per core)."""
    configured = getattr(settings, "OCOP_PDF_WORKERS", 0) or 0
    return max(1, int(configured) or os.cpu_count() or 1)


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# A worker's garbage collector: WeasyPrint makes many short-lived objects, and the default threshold
# (700) runs a collection every few boxes, about a tenth of a certificate's CPU time.
WORKER_GC_THRESHOLD = (50_000, 20, 100)


def _worker_start() -> None:
    """In a freshly forked worker: never reuse the parent's database sockets (they were closed before
    the fork; this drops the dead wrappers so each worker opens its own connection); collect garbage
    less often (the objects inherited from the parent were frozen before the fork)."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    gc.enable()


def _render_chunk(ids: list[int]) -> list[tuple[str, bytes]]:
    return certificate_pdfs(ids)


@contextlib.contextmanager
def _may_fork_workers():
    """A Celery prefork worker is a daemon process, and multiprocessing refuses children to daemons
    (so that they cannot be orphaned). The pool's workers end with the ``with`` block that made
    them, before the task returns, so the flag is lifted for that block only."""
    process = multiprocessing.current_process()
    daemon = process._config.get("daemon")
    process._config["daemon"] = False
    try:
        yield
    finally:
        if daemon is not None:
            process._config["daemon"] = daemon


def _rendered(ids: list[int], workers: int):
    """Yield ``(file name, PDF)`` for ``ids`` in order, rendered by ``workers`` processes.

    In-process when one worker is asked for, or inside a transaction (a worker's own connection
    would not see the uncommitted rows, as in tests)."""
    if workers <= 1 or len(ids) <= CHUNK or connection.in_atomic_block:
        for chunk in _chunks(ids, CHUNK):
            yield from certificate_pdfs(chunk)
        return
    # Rendered here first, so that every forked worker inherits what it warmed (Fontconfig's scan of
    # the fonts, the parsed stylesheet with its font faces, Pango's shaped fonts, the compiled
    # template, the decoded star) instead of building it again; that PDF is the batch's first.
    yield from certificate_pdfs(ids[:1])
    connections.close_all()  # forked workers must not share the parent's sockets
    context = multiprocessing.get_context("fork")
    gc.disable()  # no collection between the freeze and the fork: the workers' pages stay shared
    gc.freeze()
    try:
        with (
            _may_fork_workers(),
            ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start) as pool,
        ):
            for rendered in pool.map(_render_chunk, _chunks(ids[1:], CHUNK)):
                yield from rendered
    finally:
        gc.unfreeze()
        gc.enable()


def record_dispatch(job_id: int, *, sent: bool) -> None:
    """Remember whether the job reached the queue, so its page can say it waits for the queue."""
    jobs = PdfJob.objects.filter(pk=job_id)
    if sent:
        jobs.update(waiting_for_queue=False)
    else:
        jobs.filter(status=PdfJob.Status.QUEUED).update(waiting_for_queue=True)


def run_certificate_batch(job_id: int, *, progress_every: int = 1, workers: int | None = None) -> PdfJob:
    """Render every certificate of the job's decision into a ZIP, on ``workers`` processes (default
    :func:`batch_workers`). Idempotent: a finished job is left alone."""
    job = PdfJob.objects.select_related("decision").get(pk=job_id)
    if job.status == PdfJob.Status.DONE:
        return job
    ids = list(
        Certificate.objects.filter(decision=job.decision).order_by("number").values_list("pk", flat=True)
    )
    PdfJob.objects.filter(pk=job.pk).update(status=PdfJob.Status.RUNNING, done=0, total=len(ids), error="")
    try:
        with tempfile.TemporaryFile() as tmp:
            # PDFs are compressed already: stored, the ZIP costs no CPU that the renderers need
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
                done = 0
                for name, data in _rendered(ids, workers or batch_workers()):
                    archive.writestr(name, data)
                    done += 1
                    if done % progress_every == 0 or done == len(ids):
                        PdfJob.objects.filter(pk=job.pk).update(done=done)
            tmp.seek(0)
            job.refresh_from_db()
            safe_number = "".join(ch if ch.isalnum() else "-" for ch in job.decision.number)
            job.file.save(f"giay-chung-nhan-qd-{safe_number}-{job.pk}.zip", File(tmp), save=False)
        job.status = PdfJob.Status.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "finished_at"])
    except Exception as exc:
        PdfJob.objects.filter(pk=job.pk).update(status=PdfJob.Status.FAILED, error=str(exc)[:2000])
        raise
    return job
