"""The certificate batch on several worker processes: committed data (the workers have their own
database connections), every certificate once and in order, progress to the end, idempotent."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.db import connection

from certificates import jobs, services
from certificates.models import PdfJob
from evaluation.models import DecisionEntry, RecognitionDecision
from products import workflows as pw
from tests.evaluation.conftest import make_product
from tests.notifications.procs import committed_reference_data, restore_reference_data  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_reference_data", "committed_reference_data"),
]

N = 11  # more than one chunk per worker


def decision_with_certificates(n: int) -> RecognitionDecision:
    from accounts.models import AdministrativeUnit
    from products.models import RegulationVersion

    decision = RecognitionDecision.objects.create(
        number="77/QĐ-UBND",
        date=datetime.date(2026, 3, 2),
        level="province",
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        regulation=RegulationVersion.objects.get(code="148-2023"),
        signer_name="Trần Anh Tuấn",
        signer_title="Chủ tịch",
        status="approved",
    )
    for i in range(n):
        product = make_product(f"Sản phẩm số {i:02d}", state=pw.EVALUATED)
        entry = DecisionEntry.objects.create(decision=decision, product=product, stars=3 + i % 3)
        services.issue_certificate(
            product,
            stars=3 + i % 3,
            issued_on=decision.date,
            level="province",
            decision=decision,
            decision_entry=entry,
        )
    return decision


def test_batch_on_two_workers_has_every_certificate_in_order():
    assert connection.vendor == "postgresql"
    decision = decision_with_certificates(N)
    job = PdfJob.objects.create(decision=decision, total=0)
    expected = [f"giay-chung-nhan-{c.number}.pdf" for c in decision.certificates.order_by("number")]

    jobs.run_certificate_batch(job.pk, workers=2)

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (PdfJob.Status.DONE, N, N)
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as archive:
        assert archive.namelist() == expected
        assert all(archive.read(name).startswith(b"%PDF-") for name in expected)
    # a retry of a finished job (acks_late redelivery) renders nothing again and keeps its ZIP
    name = job.file.name
    assert jobs.run_certificate_batch(job.pk, workers=2).file.name == name


def test_batch_workers_default_to_the_cores(settings, monkeypatch):
    monkeypatch.setattr(jobs.os, "cpu_count", lambda: 2)
    settings.OCOP_PDF_WORKERS = 0
    assert jobs.batch_workers() == 2
    settings.OCOP_PDF_WORKERS = 1
    assert jobs.batch_workers() == 1
