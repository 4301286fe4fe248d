"""Broker down → the web keeps working. A view that queues work (the certificate ZIP job) answers
at once, the job stays "queued", and the periodic re-dispatch sends it once the broker is back."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from accounts.models import AdministrativeUnit
from certificates import tasks
from certificates.models import PdfJob
from certificates.tasks import render_certificate_batch, requeue_stale_pdf_jobs
from evaluation.models import Level, RecognitionDecision
from ocop_portal.celery import app
from ocop_portal.queue import enqueue
from products.models import RegulationVersion

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


def _reset_pools():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The Celery app as in production (not eager) with CELERY_BROKER_URL on a closed port."""
    app.set_current()
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.broker_url = CLOSED_PORT
    app.conf.task_always_eager = False
    _reset_pools()
    yield
    app.conf.update(saved)
    _reset_pools()


@pytest.fixture
def eager():
    app.set_current()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def decision(db):
    return RecognitionDecision.objects.create(
        number="123/QĐ-UBND",
        date=datetime.date(2022, 12, 1),
        level=Level.PROVINCE,
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        regulation=RegulationVersion.objects.get(code="1048-2019"),
        status=RecognitionDecision.Status.APPROVED,
    )


def test_enqueue_returns_false_quickly_when_the_broker_is_down(broker_down, caplog):
    started = time.monotonic()
    assert enqueue(render_certificate_batch, 999_999) is False
    assert time.monotonic() - started < 5
    assert "Broker unavailable" in caplog.text


def test_web_request_that_queues_work_succeeds_with_the_broker_down(
    broker_down, decision, client_for, django_capture_on_commit_callbacks
):
    client = client_for("province")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/evaluation/decisions/{decision.pk}/certificates.zip")
    assert time.monotonic() - started < 5
    assert len(callbacks) == 1  # the dispatch ran (and failed quietly)
    job = PdfJob.objects.get(decision=decision)
    assert response.status_code == 302 and response["Location"] == f"/evaluation/pdf-jobs/{job.pk}/"
    assert job.status == PdfJob.Status.QUEUED
    # The rest of the site keeps answering.
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/notifications/").status_code == 200
    # While the broker is down, the periodic re-dispatch sends nothing (and does not fail).
    PdfJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=30))
    assert tasks.requeue_stale(10) == []


def test_stale_queued_jobs_are_dispatched_again_when_the_broker_is_back(decision, eager, media):
    fresh = PdfJob.objects.create(decision=decision)
    stale = PdfJob.objects.create(decision=decision)
    PdfJob.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=30))
    assert requeue_stale_pdf_jobs.apply(kwargs={"older_than_minutes": 10}).get() == [stale.pk]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == PdfJob.Status.DONE and fresh.status == PdfJob.Status.QUEUED


def test_no_view_calls_delay_directly():
    """Every web-side dispatch goes through ocop_portal.queue.enqueue (guarded)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/*.py"):
        if path.parts[-2] in (".venv", "tests", "bench") or path.name.startswith("tasks"):
            continue
        text = path.read_text(encoding="utf-8")
        if ".delay(" in text or ".apply_async(" in text:
            if path.relative_to(root).as_posix() != "ocop_portal/queue.py":
                offenders.append(path.relative_to(root).as_posix())
    assert offenders == []
