"""Authorization-matrix rows for the products registry (/products/...).

The product under test is in Thị trấn Nam Phước (Duy Xuyên): district2 (Đại Lộc) and council
members do not see it (404); department staff and the commune see it read-only (403 on changes);
producer accounts have no access to the staff registry (403).
"""

from __future__ import annotations

LOGIN = 302
STAFF_ONLY = {"anonymous": LOGIN, "producer": 403}
REGISTRARS = {"anonymous": LOGIN, "department": 403, "commune": 403, "council": 403, "producer": 403}
VIEW_ONE = {"anonymous": LOGIN, "district2": 404, "council": 404, "producer": 403}
CHANGE_ONE = {**VIEW_ONE, "department": 403, "commune": 403}


def build(world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from products.models import ProductImage
    from tests.factories import ProductFactory

    product = ProductFactory(name="Sản phẩm ma trận quyền")
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(buffer, "PNG")
    image = ProductImage.objects.create(
        product=product, kind="photo", image=SimpleUploadedFile("anh.png", buffer.getvalue(), "image/png")
    )
    from products.models import ImportJob

    job = ImportJob.objects.create(
        user=world["users"]["district"],
        filename="ds.xlsx",
        sha256="0" * 64,
        dry_run=True,
        status=ImportJob.Status.FAILED,
        error_count=1,
        errors=[
            [3, "Xã/Phường/Thị trấn", "Xã Không Có", "Không tìm thấy xã."]
        ],  # stored as shown at import time
    )
    world["products"] = {"product": product, "image": image, "png": buffer.getvalue(), "job": job}


def _product(world):
    return world["products"]["product"]


def _ensure_image(world):
    """The delete row removes the image: put it back before each role's request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from products.models import ProductImage

    image = world["products"]["image"]
    if not ProductImage.objects.filter(pk=image.pk).exists():
        ProductImage.objects.create(
            pk=image.pk,
            product=image.product,
            kind="photo",
            image=SimpleUploadedFile("anh.png", world["products"]["png"], "image/png"),
        )
    return {}


ROWS = {
    "products:list": {"url": "/products/", "default": 200, "expect": STAFF_ONLY},
    "products:create": {"url": "/products/new/", "default": 200, "expect": REGISTRARS},
    "products:import": {"url": "/products/import/", "default": 200, "expect": REGISTRARS},
    "products:import_confirm": {
        # an unknown preview: a message and back to the upload page; nothing is imported
        "url": "/products/import/confirm/",
        "method": "post",
        "data": {"token": "no-such-preview", "sha256": "0" * 64},
        "default": 302,
        "expect": REGISTRARS,
    },
    # an import job is seen by the user who started it only (here the district officer)
    "products:import_job": {
        "url": lambda w: f"/products/import/jobs/{w['products']['job'].pk}/",
        "default": 404,
        "expect": {"anonymous": LOGIN, "district": 200},
    },
    "products:import_job_errors": {
        "url": lambda w: f"/products/import/jobs/{w['products']['job'].pk}/errors.xlsx",
        "default": 404,
        "expect": {"anonymous": LOGIN, "district": 200},
    },
    "products:import_template": {
        "url": "/products/import/template.xlsx",
        "default": 200,
        "expect": STAFF_ONLY,
    },
    "products:detail": {"url": lambda w: f"/products/{_product(w).pk}/", "default": 200, "expect": VIEW_ONE},
    "products:update": {
        "url": lambda w: f"/products/{_product(w).pk}/edit/",
        "default": 200,
        "expect": CHANGE_ONE,
    },
    "products:transition": {
        "url": lambda w: f"/products/{_product(w).pk}/transition/",
        "method": "post",
        "data": {"action": "accept_idea"},
        "default": 302,
        "expect": CHANGE_ONE,
    },
    "products:image_upload": {
        "url": lambda w: f"/products/{_product(w).pk}/images/",
        "method": "post",
        "default": 302,
        "expect": CHANGE_ONE,
    },
    "products:image": {
        "url": lambda w: f"/products/images/{w['products']['image'].pk}/",
        "default": 200,
        "expect": VIEW_ONE,
    },
    "products:image_delete": {
        "url": lambda w: f"/products/images/{w['products']['image'].pk}/delete/",
        "method": "post",
        "data": _ensure_image,
        "default": 302,
        "expect": CHANGE_ONE,
    },
}
