"""Issue 17, demo realism: the seeded demo's public catalogue has no duplicate product names, every
name fits its producer's place, and every address names one ward/commune at most."""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
WARD = re.compile(r"(?:^|,)\s*(xã|phường|thị trấn)\s", re.IGNORECASE)  # "Thị xã" is a district


def test_seeded_demo_has_unique_fitting_names_and_one_ward_per_address():
    from producers.models import Producer
    from products.demo import HOMES
    from products.models import Product
    from tradefairs.models import SalesPoint

    call_command("seed_demo", "--allow-production", stdout=open(os.devnull, "w"))

    names = Counter(Product.objects.public().values_list("name", flat=True))
    assert names and not [n for n, c in names.items() if c > 1], "duplicate names in the public catalogue"
    assert not Product.objects.filter(name__icontains="Homestay", name__contains="túi").exists()
    for product in Product.objects.select_related("commune__parent").filter(name__in=list(HOMES)):
        assert product.commune.parent.code in HOMES[product.name], (product.name, product.commune)

    for point in SalesPoint.objects.select_related("commune", "district"):
        shown = f"{point.address}, {point.commune.name if point.commune else ''}"
        assert len(WARD.findall(shown)) <= 1, shown
    for producer in Producer.objects.all():
        assert len(WARD.findall(producer.address)) <= 1, producer.address
