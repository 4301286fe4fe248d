"""Browser check of a large import from the web page (issue 15): DARD uploads a spreadsheet, sees the
preview, presses "Xác nhận nhập", and the job page shows the progress bar (polled with htmx) until the
import has finished. The job runs in a worker thread here, as a Celery worker would run it; the bench
(bench/ratios/importing.py) imports the full 10 000 rows."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import E2E_MARKS, threaded_enqueue

pytestmark = E2E_MARKS
ROWS = 400


@pytest.fixture
def dard(django_db_blocker):
    from django.core.management import call_command

    call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)
    from accounts.models import AdministrativeUnit, Role, User

    return User.objects.create_user(
        "dard_import_e2e",
        password="x-pass-12345",
        role=Role.PROVINCE,
        unit=AdministrativeUnit.objects.get(code="49"),
    )


@pytest.fixture
def worker_thread(monkeypatch):
    """``enqueue`` hands the job to a thread (a worker), so the page really polls a running job."""
    from products import tasks

    threads = threaded_enqueue(monkeypatch, tasks)
    yield threads
    for thread in threads:
        thread.join(timeout=120)


def test_a_large_import_shows_its_progress_and_finishes(live_server, dard, worker_thread, tmp_path, browser):
    try:
        _walk(live_server, tmp_path, browser)
    finally:
        from django.db import connections

        connections.close_all()


def _walk(live_server, tmp_path, browser):
    from tests.products.helpers import row, xlsx

    path = tmp_path / "san-pham-lon.xlsx"
    rows = [
        row(name=f"Sản phẩm thử {i}", producer=f"Chủ thể thử {i // 3}", tax_code=None) for i in range(ROWS)
    ]
    path.write_bytes(xlsx(rows).getvalue())

    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "dard_import_e2e")
    page.fill("input[name=password]", "x-pass-12345")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/dashboard/.*|.*/$"))

    page.goto(f"{live_server.url}/products/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_selector("#import-summary")
    assert "Xem trước: chưa lưu dữ liệu nào" in page.inner_text("#import-summary")
    assert f"{ROWS} " in page.inner_text("#import-summary")
    assert page.locator("#import-rows-cap").count() == 1  # 400 rows: the first 200 listed

    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(re.compile(r".*/products/import/jobs/\d+/$"))
    assert page.locator("#import-job .progress-bar").count() == 1
    page.wait_for_selector("#import-job .progress-bar.bg-success", timeout=120_000)
    summary = page.inner_text("#import-summary")
    assert "Đã nhập tệp." in summary and f"{ROWS} " in summary
    assert page.inner_text("#import-job .progress-bar") == "100%"
    from products.models import Product

    assert Product.objects.filter(name__startswith="Sản phẩm thử ").count() == ROWS
