"""Batch generation of a decision's certificates as one ZIP, with progress kept in ``PdfJob``."""

from __future__ import annotations

import datetime
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evaluation.models import RecognitionDecision

from .models import Certificate, PdfJob
from .pdf import certificate_filename, certificate_pdf


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


def record_dispatch(job_id: int, *, sent: bool) -> None:
    """Remember whether the job reached the queue, so its page can say it waits for the queue."""
    jobs = PdfJob.objects.filter(pk=job_id)
    if sent:
        jobs.update(waiting_for_queue=False)
    else:
        jobs.filter(status=PdfJob.Status.QUEUED).update(waiting_for_queue=True)


def run_certificate_batch(job_id: int, *, progress_every: int = 1) -> PdfJob:
    """Render every certificate of the job's decision into a ZIP. Idempotent: a finished job is left alone."""
    job = PdfJob.objects.select_related("decision").get(pk=job_id)
    if job.status == PdfJob.Status.DONE:
        return job
    certificates = list(Certificate.objects.filter(decision=job.decision).order_by("number"))
    PdfJob.objects.filter(pk=job.pk).update(status=PdfJob.Status.RUNNING, done=0, total=len(certificates))
    try:
        with tempfile.TemporaryFile() as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for i, cert in enumerate(certificates, start=1):
                    archive.writestr(certificate_filename(cert), certificate_pdf(cert))
                    if i % progress_every == 0 or i == len(certificates):
                        PdfJob.objects.filter(pk=job.pk).update(done=i)
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
