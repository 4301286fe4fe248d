"""One upload policy for every file of the portal (issue 16 item 4): inspection evidence and product
photos go through it like dossier documents; the served type comes from the content; the refusals
are Vietnamese; every file field of every model and form is a policy field."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from certificates.models import Inspection, InspectionEvidence
from ocop_portal.uploads import policy, types
from ocop_portal.uploads.fields import PolicyFormField, _PolicyModelField
from products.models import ProductImage
from tests.catalog import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PDF_WITH_SCRIPT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def report(client, certificate, evidence):
    return client.post(
        reverse("certificates:inspection_create"),
        {
            "certificate": certificate.pk,
            "inspected_on": TODAY.isoformat(),
            "finding": "Nhãn sai quy định",
            "is_violation": "on",
            "evidence": evidence,
        },
    )


# --- Inspection evidence ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("evil.html", PDF_WITH_SCRIPT, "“evil.html” có vẻ là tệp PDF nhưng có đuôi .html"),
        ("anh.svg", png(), "“anh.svg” có vẻ là tệp PNG nhưng có đuôi .svg"),
        (
            "bien-ban.docx",
            b"MZ\x90\x00" + b"\x00" * 60,
            "“bien-ban.docx” có vẻ là một chương trình Windows (EXE)",
        ),
    ],
)
def test_inspection_evidence_is_refused_by_content_and_nothing_is_saved(client_for, name, content, message):
    certificate = h.certificate_of(h.certified("Nước mắm Cửa Khe"))
    response = report(client_for("department"), certificate, SimpleUploadedFile(name, content, "text/html"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Inspection.objects.exists() and not InspectionEvidence.objects.exists()


def test_oversized_evidence_is_stopped_while_streaming_with_a_message(client_for, settings, tmp_path):
    settings.OCOP_UPLOAD_MAX_FILE_MB = 1
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    certificate = h.certificate_of(h.certified("Nước mắm Cửa Khe"))
    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024), "application/pdf")
    response = report(client_for("department"), certificate, big)
    assert response.status_code == 200
    assert "“bien-ban.pdf” vượt giới hạn 1,0 MB cho mỗi tệp." in response.content.decode()
    assert not Inspection.objects.exists()
    assert list(tmp_path.iterdir()) == []  # the partial temporary file was deleted at once


def test_accepted_evidence_is_served_as_an_attachment_typed_by_content(client_for):
    certificate = h.certificate_of(h.certified("Nước mắm Cửa Khe"))
    client = client_for("department")
    response = report(client, certificate, SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\nok\n"))
    assert response.status_code == 302
    evidence = InspectionEvidence.objects.get()
    assert evidence.file.name.endswith(".pdf") and evidence.original_name == "bien-ban.pdf"
    served = client.get(reverse("certificates:inspection_evidence", args=[evidence.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_evidence_stored_before_the_policy_is_served_by_its_content_never_its_name(client_for, users):
    """Rows from before the fix: an HTML page named .pdf downloads as bytes, a PDF named .html as PDF."""
    certificate = h.certificate_of(h.certified("Nước mắm Cửa Khe"))
    inspection = Inspection.objects.create(
        certificate=certificate, department=users["department"].department, inspected_on=TODAY, finding="x"
    )
    client = client_for("department")
    for stored, content, expected in [
        ("old.html", PDF_WITH_SCRIPT, "application/pdf"),
        (
            "old.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "application/octet-stream",
        ),
    ]:
        item = InspectionEvidence(inspection=inspection, original_name=stored)
        item.file.name = item.file.storage.save(f"inspections/{inspection.pk}/{stored}", ContentFile(content))
        item.save()
        served = client.get(reverse("certificates:inspection_evidence", args=[item.pk]))
        assert served["Content-Type"] == expected, stored
        assert served["Content-Disposition"].startswith("attachment")
        assert served["X-Content-Type-Options"] == "nosniff"


# --- Product photos -----------------------------------------------------------------------------


def test_a_png_named_pdf_is_refused_as_a_product_photo(client_for):
    product = h.certified("Khăn lụa Mã Châu", commune="20599")
    response = client_for("district").post(
        f"/products/{product.pk}/images/", {"kind": "photo", "image": SimpleUploadedFile("anh.pdf", png())}
    )
    assert response.status_code == 302
    assert not ProductImage.objects.exists()


def test_a_gif_photo_gets_a_vietnamese_message_not_pillows_extension_list():
    product = h.certified("Khăn lụa Mã Châu")
    gif = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(gif, "GIF")
    from products.forms import ImageForm

    with translation.override("vi"):
        form = ImageForm({"kind": "photo"}, {"image": SimpleUploadedFile("anh.gif", gif.getvalue())})
        assert not form.is_valid()
        [message] = form.errors["image"]
    assert message == "“anh.gif” có vẻ là một ảnh GIF: ở đây chỉ nhận tệp JPEG, PNG, WEBP."
    assert product.images.count() == 0


def test_a_photo_stored_before_the_policy_is_served_with_its_real_type(client, client_for):
    """A PNG stored under a .pdf name is served as image/png, inline, to staff and to the public."""
    product = h.certified("Khăn lụa Mã Châu", commune="20599")
    image = ProductImage(product=product, kind="photo")
    image.image.name = image.image.storage.save(f"products/{product.pk}/legacy.pdf", ContentFile(png()))
    image.save()
    for response in (
        client.get(reverse("catalog:image", args=[image.pk])),
        client_for("district").get(f"/products/images/{image.pk}/"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")


def test_a_non_image_stored_as_a_photo_is_not_served():
    product = h.certified("Khăn lụa Mã Châu")
    image = ProductImage(product=product, kind="photo")
    image.image.name = image.image.storage.save(f"products/{product.pk}/x.png", ContentFile(PDF_WITH_SCRIPT))
    image.save()
    from django.test import Client

    assert Client().get(reverse("catalog:image", args=[image.pk])).status_code == 404


# --- The policy itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 60, "“setup.pdf” có vẻ là một chương trình Windows (EXE)"),
        ("anh.png", b"GIF89a" + b"\x00" * 20, "“anh.png” có vẻ là một ảnh GIF"),
        ("trang.pdf", b"<!doctype html><html>", "“trang.pdf” có vẻ là một tài liệu HTML/XML"),
        ("anh.pdf", png(), "“anh.pdf” có vẻ là tệp PNG nhưng có đuôi .pdf"),
        ("rong.pdf", b"", "“rong.pdf” là tệp rỗng."),
    ],
)
def test_refusals_are_in_vietnamese(name, content, expected):
    with translation.override("vi"), pytest.raises(policy.UploadRefused) as refused:
        policy.inspect_upload(SimpleUploadedFile(name, content), profile=types.INSPECTION_EVIDENCE)
    assert refused.value.message.startswith(expected)


def test_size_refusal_is_in_vietnamese(settings):
    settings.OCOP_UPLOAD_MAX_FILE_MB = 1
    with translation.override("vi"), pytest.raises(policy.UploadRefused) as refused:
        policy.inspect_upload(
            SimpleUploadedFile("to.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)),
            profile=types.INSPECTION_EVIDENCE,
        )
    assert refused.value.message == "“to.pdf” có dung lượng 2,0 MB, vượt giới hạn 1,0 MB cho mỗi tệp."


def test_a_file_stored_through_a_model_field_is_inspected_even_outside_forms():
    product = h.certified("Khăn lụa Mã Châu")
    item = ProductImage(product=product, kind="photo")
    with pytest.raises(policy.UploadRefused):
        item.image.save("anh.png", ContentFile(PDF_WITH_SCRIPT), save=True)
    assert not ProductImage.objects.exists()


def _project_modules():
    root = Path(django_settings.BASE_DIR)
    for config in apps.get_app_configs():
        path = Path(config.path)
        if root not in path.parents or ".venv" in path.parts:
            continue
        yield importlib.import_module(config.name)
        for info in pkgutil.walk_packages([str(path)], prefix=f"{config.name}."):
            skip = (".migrations", ".management", ".demo", ".wsgi", ".asgi")  # wsgi/asgi: start-up checks
            if any(part in info.name + "." for part in (s + "." for s in skip)) or info.name.endswith(skip):
                continue
            yield importlib.import_module(info.name)


def test_every_file_field_of_every_model_and_form_goes_through_the_policy():
    model_fields = [
        (model, f)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField) and not model.__name__.startswith("Historical")
    ]
    assert len(model_fields) >= 6  # dossier documents, evidence, photos, attachments, imports, PDF jobs
    outside = [f"{m._meta.label}.{f.name}" for m, f in model_fields if not isinstance(f, _PolicyModelField)]
    assert not outside, f"file fields outside the upload policy: {outside}"
    for model, f in model_fields:
        assert f.profile in types.PROFILES.values() or f.server_written, f"{model._meta.label}.{f.name}"
        if f.profile is not None:
            assert isinstance(f.formfield(), PolicyFormField), f"{model._meta.label}.{f.name}"
        assert not [v for v in f.validators if getattr(v, "code", "") == "invalid_extension"]

    form_fields = []
    for module in _project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                form_fields += [
                    (f"{cls.__module__}.{cls.__name__}.{name}", field)
                    for name, field in cls.base_fields.items()
                    if isinstance(field, forms.FileField)
                ]
    assert len(form_fields) >= 5  # dossier upload, evidence, photo, progress report, import
    outside = [name for name, field in form_fields if not isinstance(field, PolicyFormField)]
    assert not outside, f"form file fields outside the upload policy: {outside}"
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == "ocop_portal.uploads.streaming.PortalLimitUploadHandler"
