"""Shared factory-boy factories. Additive: other apps append their factories below.

Units come from the committed Quảng Nam fixture (loaded once per test database in
conftest.py): by default a producer and its products are in Thị trấn Nam Phước (20599),
Duy Xuyên (508), and products are in group 1.3 of Decision 148/QĐ-TTg.
"""

from __future__ import annotations

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import AdministrativeUnit
from producers.models import Producer, ProducerKind
from products import workflows
from products.models import Product, ProductGroup


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def group(code: str = "1.3", regulation: str = "148-2023") -> ProductGroup:
    return ProductGroup.objects.get(code=code, regulation__code=regulation)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"HTX Nông nghiệp Thử nghiệm {n}")
    kind = ProducerKind.COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"49{n:08d}")
    legal_representative = "Nguyễn Văn Thử"
    commune = factory.LazyFunction(lambda: unit("20599"))


class ProductFactory(factory.django.DjangoModelFactory):
    """A product saved directly (no duplicate check): use products.services to test the services."""

    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    producer = factory.SubFactory(ProducerFactory)
    commune = factory.LazyAttribute(lambda o: o.producer.commune)
    group = factory.LazyFunction(group)
    state = workflows.IDEA_REGISTERED
    registered_year = 2025


class CertifiedProductFactory(ProductFactory):
    """A recognised product with a rating valid for 36 months from today (placeholder number)."""

    state = workflows.RECOGNISED
    stars = 4
    certificate_number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    certified_on = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyAttribute(lambda o: o.certified_on + relativedelta(months=36))


def revocation_decision(date=None, number: str = "15/QĐ-UBND", **kwargs):
    """A revocation decision (Quyết định thu hồi) for ``certificates.services.revoke_certificate``."""
    from certificates.models import RevocationDecision

    return RevocationDecision(
        number=number,
        date=date or timezone.localdate(),
        signer_name=kwargs.get("signer_name", "Trần Văn Tân"),
        signer_title=kwargs.get("signer_title", "Phó Chủ tịch UBND tỉnh"),
    )
