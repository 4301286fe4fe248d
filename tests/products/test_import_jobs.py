"""Import jobs: the capped error list with the full list as a spreadsheet (issue 16, item 7), the
progress page polled while the job runs, and who may see a job (issue 15)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from products.importers import jobs
from products.importers.report import ERRORS_SHOWN
from products.models import ImportJob, Product

from .helpers import row, xlsx

pytestmark = pytest.mark.django_db


def bad_file(n: int):
    return xlsx([row(name=f"Sản phẩm {i}", commune="Xã Không Có", producer=f"Chủ thể {i}") for i in range(n)])


def test_a_file_with_many_errors_lists_the_first_ones_and_offers_every_one(client_for):
    client = client_for("district")
    file = bad_file(ERRORS_SHOWN + 50)
    file.name = "loi.xlsx"
    html = client.post("/products/import/", {"file": file}).content.decode()
    assert f"The file was rejected: {ERRORS_SHOWN + 50} errors" in html
    assert html.count("Unknown commune.") == ERRORS_SHOWN
    assert f"The first {ERRORS_SHOWN} errors are listed below." in html
    job = ImportJob.objects.get()
    assert job.error_count == ERRORS_SHOWN + 50 and job.dry_run and job.status == ImportJob.Status.FAILED
    assert f"/products/import/jobs/{job.pk}/errors.xlsx" in html
    response = client.get(f"/products/import/jobs/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Value", "Problem")
    assert len(rows) == ERRORS_SHOWN + 51 and rows[1] == (
        2,
        "Xã/Phường/Thị trấn",
        "Xã Không Có",
        "Unknown commune.",
    )
    # someone else's errors are not theirs to read
    assert client_for("province").get(f"/products/import/jobs/{job.pk}/errors.xlsx").status_code == 404
    assert not Product.objects.exists()


def test_a_few_errors_are_all_listed_without_a_job(client_for):
    file = bad_file(3)
    file.name = "loi.xlsx"
    html = client_for("district").post("/products/import/", {"file": file}).content.decode()
    assert html.count("Unknown commune.") == 3 and "errors are listed below" not in html
    assert not ImportJob.objects.exists()


def test_an_error_value_that_looks_like_a_formula_downloads_as_text(client_for, users):
    job = ImportJob.objects.create(
        user=users["district"],
        filename="x.xlsx",
        sha256="0" * 64,
        status=ImportJob.Status.FAILED,
        errors=[[2, "Tên sản phẩm", '=HYPERLINK("http://x","y")', "Too long."]],
    )
    response = client_for("district").get(f"/products/import/jobs/{job.pk}/errors.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert ws["C2"].data_type == "s" and ws["C2"].value.startswith("=HYPERLINK")


def test_the_progress_page_polls_while_the_job_runs(client_for, users):
    job = ImportJob.objects.create(
        user=users["province"], filename="lon.xlsx", sha256="0" * 64, status=ImportJob.Status.RUNNING
    )
    jobs.set_progress(job.pk, 5_000, 10_000)
    client = client_for("province")
    page = client.get(f"/products/import/jobs/{job.pk}/").content.decode()
    assert "Importing lon.xlsx" in page and 'hx-trigger="every 1s"' in page and "60%" in page
    fragment = client.get(f"/products/import/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="import-job"') and "60%" in fragment and "<html" not in fragment
    assert client_for("district").get(f"/products/import/jobs/{job.pk}/").status_code == 404


def test_a_queued_job_confirmed_while_the_broker_is_down_stays_queued(client_for, users):
    from products.importers import staging

    staged = staging.stage(xlsx([row()]), user=users["province"], filename="a.xlsx", sha256="1" * 64)
    job, created = jobs.create_job(staged, user=users["province"])
    assert created and jobs.create_job(staged, user=users["province"]) == (job, False), "one job per preview"
    page = client_for("province").get(f"/products/import/jobs/{job.pk}/").content.decode()
    assert "0%" in page and "Queued" in page and "hx-trigger" in page
    # the worker picks it up later: a sha256 that is not the file's is refused, nothing imported
    jobs.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "differs from the one previewed" in job.errors[0][3]
    assert not Product.objects.exists()


def test_import_jobs_left_queued_are_sent_again(users, monkeypatch):
    import datetime

    from django.utils import timezone

    from products import tasks

    old = ImportJob.objects.create(
        user=users["province"],
        filename="a.xlsx",
        sha256="0" * 64,
        created_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    ImportJob.objects.create(user=users["province"], filename="b.xlsx", sha256="0" * 64)  # just queued
    sent = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, *args: sent.append(args) or True)
    assert tasks.requeue_stale_import_jobs() == [old.pk]
    assert sent == [(old.pk,)]
