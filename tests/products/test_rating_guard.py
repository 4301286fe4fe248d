"""A product's rating (stars, certificate number, dates) is written only by the certificate services
(issue 13, defect 2): every other write is refused, and no module outside certificates opens the door."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from products import workflows
from products.certification import RATING_FIELDS, RatingWriteRefused, writing_ratings
from products.forms import ProductForm
from products.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "producers",
    "products",
    "dossiers",
    "evaluation",
    "certificates",
    "tradefairs",
    "plans",
    "notifications",
    "ocop_portal",
]


def test_saving_a_rating_outside_the_certificate_services_is_refused():
    product = ProductFactory()
    product.stars = 4
    with pytest.raises(RatingWriteRefused):
        product.save()
    product.refresh_from_db()
    product.name = "Tên mới"
    product.save()  # other fields save as before
    with pytest.raises(RatingWriteRefused):
        Product.objects.filter(pk=product.pk).update(certificate_number="QĐ 1/QĐ-UBND")
    with pytest.raises(RatingWriteRefused):
        Product.objects.create(
            name="X", producer=product.producer, commune=product.commune, group=product.group, stars=3
        )
    product.valid_until = datetime.date(2030, 1, 1)
    with pytest.raises(RatingWriteRefused):
        Product.objects.bulk_update([product], ["valid_until"])
    with pytest.raises(RatingWriteRefused):
        Product.objects.bulk_create(
            [
                Product(
                    name="Y", producer=product.producer, commune=product.commune, group=product.group, stars=5
                )
            ]
        )
    with writing_ratings():
        Product.objects.filter(pk=product.pk).update(stars=4)
    assert Product.objects.get(pk=product.pk).stars == 4


def test_a_state_transition_cannot_carry_a_rating():
    from ocop_portal.workflow import TransitionRefused
    from products import services

    product = ProductFactory(state=workflows.EVALUATED)
    with pytest.raises(TransitionRefused, match="never taken by hand"):  # only certificates recognise
        services.transition(product, "recognise", by=None, stars=5, certificate_number="FAKE-1")
    with pytest.raises(RatingWriteRefused):  # and even they only inside writing_ratings()
        services.transition(
            product, "recognise", by=None, via="certificates", stars=5, certificate_number="FAKE-1"
        )
    assert Product.objects.get(pk=product.pk).stars is None


def test_neither_the_form_nor_the_admin_edits_the_rating():
    from django.contrib import admin

    assert not RATING_FIELDS & set(ProductForm._meta.fields)
    assert RATING_FIELDS <= set(admin.site._registry[Product].readonly_fields)


def _opens_the_rating_door(path: Path) -> bool:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "writing_ratings":
                return True
    return False


def test_only_the_certificate_services_write_ratings():
    """The door (``writing_ratings``) is opened in certificates/services.py only (``apply_certificate``;
    paper certificates go through it too); test factories and benchmarks build raw rows outside the apps."""
    openers = sorted(
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and _opens_the_rating_door(path)
    )
    assert openers == ["certificates/services.py"]
