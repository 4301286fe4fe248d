"""Browser check of the plan PDF laid out ahead of the request (issue 15): DARD opens the PDF of a plan
whose PDF is not stored yet, gets the progress page at once, and the page (htmx polling under the
site's CSP) offers the PDF when the worker has laid it out. The render runs in a worker thread here,
released once the progress page is on screen, as a Celery worker would run it."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from tests.e2e.conftest import E2E_MARKS, threaded_enqueue
from tests.pdf.test_plan_pdf import plan  # noqa: F401 - the fixture

pytestmark = E2E_MARKS
SHOTS = os.environ.get("OCOP_SCREENSHOTS", "")  # a directory: the pages and the PDF's first page


@pytest.fixture
def worker_thread(monkeypatch, settings, tmp_path):
    """``enqueue`` hands the render to a thread that starts once ``release`` is set."""
    from plans import tasks as plan_tasks

    settings.MEDIA_ROOT = tmp_path / "media"
    release = threading.Event()
    threads = threaded_enqueue(monkeypatch, plan_tasks, release)
    yield release, threads
    release.set()
    for thread in threads:
        thread.join(timeout=120)


def test_the_plan_pdf_page_polls_until_the_pdf_is_ready(live_server, plan, worker_thread, browser):  # noqa: F811
    try:
        _walk(live_server, plan, worker_thread, browser)
    finally:
        from django.db import connections

        connections.close_all()


def _walk(live_server, plan, worker_thread, browser):  # noqa: F811
    release, threads = worker_thread
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dard_plan")
    page.fill("input[name=password]", "x-pass-12345")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/dashboard/.*|.*/$"))

    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="Kế hoạch (PDF)").click()
    page.wait_for_url(re.compile(rf".*/plans/{plan.pk}/plan\.pdf$"))
    assert page.get_by_role("heading", name="Kế hoạch (PDF)").count() == 1
    assert "Đang chuẩn bị bản PDF của kế hoạch" in page.inner_text("#plan-pdf")
    assert page.locator("#plan-pdf .progress-bar").count() == 1
    assert page.get_by_role("link", name="Kiểm tra lại").count() == 1  # without JavaScript
    assert len(threads) == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plan-pdf-progress.png", full_page=True)

    release.set()  # the worker lays the PDF out; the page's poll offers it
    link = page.get_by_role("link", name="Mở kế hoạch (PDF)")
    link.wait_for(timeout=120_000)
    assert page.locator("#plan-pdf .progress-bar").count() == 0
    assert len(threads) == 1  # the polls queued nothing more
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plan-pdf-ready.png", full_page=True)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Bánh tráng số 79 Đại Lộc" in " ".join(text.split())
    if SHOTS:
        Path(SHOTS, "plan.pdf").write_bytes(response.body())
