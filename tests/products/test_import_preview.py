"""The upload page (issue 13, defect 8): upload → preview (nothing saved, every row's action, every wrong
cell) → "Xác nhận nhập" imports the very file previewed, kept server-side for its user and hash only."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.utils import timezone

from certificates.models import CertificateProposal
from producers.models import Producer
from products.models import ImportUpload, Product, ProductTransition

from .helpers import a_year_ago, row, xlsx

pytestmark = pytest.mark.django_db


def counts():
    return Producer.objects.count(), Product.objects.count(), ProductTransition.objects.count()


def rated_file():
    return xlsx(
        [
            row(),
            row(
                name="Nước mắm Duy Hải",
                producer="Cơ sở Nước mắm Bà Năm",
                kind="Hộ sản xuất",
                tax_code=None,
                commune="Xã Duy Hải",
                group="1.4",
                stars=4,
                decision="1234/QĐ-UBND",
                recognised_on=a_year_ago().strftime("%d/%m/%Y"),
            ),
        ]
    )


def upload(client, file, name="ds.xlsx"):
    file.name = name
    return client.post("/products/import/", {"file": file})


def confirm_fields(html: str) -> dict:
    form = re.search(r'<form method="post" action="/products/import/confirm/".*?</form>', html, re.S)
    assert form, "the preview offers no confirmation"
    return dict(re.findall(r'name="(token|sha256)" value="([^"]+)"', form.group(0)))


def test_the_form_has_no_dry_run_box_and_says_it_previews_first(client_for):
    html = client_for("district").get("/products/import/").content.decode()
    assert "dry_run" not in html and 'type="checkbox"' not in html
    assert "Upload and preview" in html


def test_upload_previews_and_saves_nothing(client_for):
    before = counts()
    response = upload(client_for("district"), rated_file())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: nothing has been saved yet" in html
    assert "1 rating will be proposed to DARD" in html
    assert html.count('class="badge text-bg-success">create<') == 2
    assert "proposed to DARD" in html and "1234/QĐ-UBND" in html
    assert counts() == before
    staged = ImportUpload.objects.get()
    assert staged.filename == "ds.xlsx" and len(staged.sha256) == 64
    assert confirm_fields(html) == {"token": staged.token, "sha256": staged.sha256}
    assert staged.expires_at - staged.created_at == datetime.timedelta(hours=1)


def confirm(client, fields, eager_jobs):
    """Press "Confirm the import": a background job (run in-process here), then its page."""
    with eager_jobs():
        response = client.post("/products/import/confirm/", fields)
    assert response.status_code == 302
    return client.get(response["Location"])


def test_confirm_imports_the_very_file_previewed(client_for, users, eager_jobs):
    client = client_for("district")
    fields = confirm_fields(upload(client, rated_file()).content.decode())
    before = counts()
    response = confirm(client, fields, eager_jobs)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file was imported." in html and "1 rating was proposed to DARD" in html
    assert "100%" in html and "hx-trigger" not in html, "a finished job stops polling"
    assert counts()[1] == before[1] + 2
    fish = Product.objects.get(name="Nước mắm Duy Hải")
    assert fish.stars is None and fish.created_by == users["district"]
    assert CertificateProposal.objects.get(product=fish).source_file == "ds.xlsx"
    assert not ImportUpload.objects.exists(), "an imported preview is not kept"
    # a second press of the button (the same token) imports nothing twice
    again = client.post("/products/import/confirm/", fields, follow=True)
    assert "was not found for your account" in again.content.decode()
    assert Product.objects.filter(name="Nước mắm Duy Hải").count() == 1


def test_another_users_token_is_refused(client_for):
    fields = confirm_fields(upload(client_for("district"), rated_file()).content.decode())
    before = counts()
    response = client_for("province").post("/products/import/confirm/", fields, follow=True)
    assert "was not found for your account" in response.content.decode()
    assert counts() == before
    assert ImportUpload.objects.count() == 1


def test_an_expired_preview_is_refused_in_vietnamese(client_for, settings):
    settings.LANGUAGE_CODE = "vi"
    client = client_for("district")
    fields = confirm_fields(upload(client, rated_file()).content.decode())
    before = counts()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        response = client.post("/products/import/confirm/", fields, follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert "Bản xem trước đã hết hạn" in html and "60 phút" in html
    assert counts() == before


def test_a_tampered_hash_is_refused(client_for):
    client = client_for("district")
    fields = confirm_fields(upload(client, rated_file()).content.decode())
    fields["sha256"] = "0" * 64
    response = client.post("/products/import/confirm/", fields, follow=True)
    assert "differs from the one previewed" in response.content.decode()
    assert not Product.objects.filter(name="Nước mắm Duy Hải").exists()


def test_a_file_changed_on_disk_is_refused(client_for, eager_jobs):
    client = client_for("district")
    fields = confirm_fields(upload(client, rated_file()).content.decode())
    staged = ImportUpload.objects.get()
    with open(staged.file.path, "wb") as handle:
        handle.write(xlsx([row(name="Một sản phẩm khác")]).getvalue())
    response = confirm(client, fields, eager_jobs)
    assert "differs from the one previewed" in response.content.decode()
    assert not Product.objects.filter(name="Một sản phẩm khác").exists()


def test_expired_previews_are_purged_on_the_next_upload(client_for):
    client = client_for("district")
    upload(client, rated_file())
    old = ImportUpload.objects.get()
    path = old.file.path
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        upload(client, rated_file())
    assert list(ImportUpload.objects.exclude(pk=old.pk)) == list(ImportUpload.objects.all())
    import os

    assert not os.path.exists(path)


def test_a_rejected_file_offers_no_confirmation(client_for):
    before = counts()
    response = upload(client_for("district"), xlsx([row(), row(commune="Xã Không Có", stars=7)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "import-errors" in html
    assert "Xã Không Có" in html and "Unknown commune" in html and "3, 4 or 5" in html
    assert "/products/import/confirm/" not in html
    assert counts() == before
    assert not ImportUpload.objects.exists()


def test_upload_page_rejects_a_non_xlsx_file(client_for):
    response = upload(client_for("province"), io.BytesIO(b"a,b\n1,2\n"), name="ds.csv")
    # The upload policy refuses it by content before the importer reads it.
    assert (
        "“ds.csv” looks like an unknown type: only XLSX files are accepted here." in response.content.decode()
    )


def test_upload_and_confirm_are_for_registrars_only(client_for):
    assert upload(client_for("commune"), rated_file()).status_code == 403
    assert upload(client_for("department"), rated_file()).status_code == 403
    assert client_for("commune").post("/products/import/confirm/", {"token": "x"}).status_code == 403
    assert not Product.objects.filter(name="Nước mắm Duy Hải").exists()
