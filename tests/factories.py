"""Shared factory-boy factories. Additive: other apps append their factories below.

Units come from the committed Quảng Nam fixture (loaded once per test database in
conftest.py): by default a producer and its products are in Thị trấn Nam Phước (20599),
Duy Xuyên (508), and products are in group 1.3 of Decision 148/QĐ-TTg.
"""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import AdministrativeUnit
from producers.models import Producer, ProducerKind
from products import workflows
from products.certification import writing_ratings
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
    """A product saved directly (no duplicate check): use products.services to test the services.

    Rating fields given here are written as raw data (a test's fixture state, not a certificate):
    such a product is never shown as certified. Use :class:`CertifiedProductFactory` for that."""

    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    producer = factory.SubFactory(ProducerFactory)
    commune = factory.LazyAttribute(lambda o: o.producer.commune)
    group = factory.LazyFunction(group)
    state = workflows.IDEA_REGISTERED
    registered_year = 2025

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with writing_ratings():
            return super()._create(model_class, *args, **kwargs)


class CertifiedProductFactory(ProductFactory):
    """A product recognised by a real certificate (issued through certificates.services) on
    ``certified_on`` (today by default), valid 36 months."""

    state = workflows.EVALUATED
    stars = 4
    certified_on = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, *args, stars=4, certified_on=None, **kwargs):
        from certificates import services

        product = super()._create(model_class, *args, **kwargs)
        services.issue_certificate(
            product, stars=stars, issued_on=certified_on or timezone.localdate(), level="province"
        )
        product.refresh_from_db()
        return product


def revocation_decision(date=None, number: str = "15/QĐ-UBND", **kwargs):
    """A revocation decision (Quyết định thu hồi) for ``certificates.services.revoke_certificate``."""
    from certificates.models import RevocationDecision

    return RevocationDecision(
        number=number,
        date=date or timezone.localdate(),
        signer_name=kwargs.get("signer_name", "Trần Văn Tân"),
        signer_title=kwargs.get("signer_title", "Phó Chủ tịch UBND tỉnh"),
    )
