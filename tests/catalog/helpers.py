"""Builders for the public-side tests: products with real certificates, photos, sales points, fairs."""

from __future__ import annotations

import datetime
import io

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import AdministrativeUnit
from certificates import services as evaluation_services
from certificates.models import Certificate
from products import workflows
from products.models import Product, ProductGroup, ProductImage
from tests.factories import ProducerFactory, ProductFactory, revocation_decision

# The canonical address set for every catalogue test (conftest.canonical_site).
SITE = "https://ocop.example.gov.vn"

TODAY = timezone.localdate


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def group(code: str = "1.3") -> ProductGroup:
    return ProductGroup.objects.get(code=code, regulation__code="148-2023")


def producer(name: str = "HTX Nông nghiệp Thử", commune: str = "20599", **kwargs):
    return ProducerFactory(name=name, commune=unit(commune), **kwargs)


def certified(
    name: str,
    *,
    stars: int = 3,
    maker=None,
    commune: str = "20599",
    group_code: str = "1.3",
    issued_on: datetime.date | None = None,
    **fields,
) -> Product:
    """A product recognised through ``issue_certificate`` (a real Certificate row)."""
    maker = maker or producer(f"Chủ thể {name}", commune=commune)
    product = ProductFactory(
        name=name,
        producer=maker,
        commune=maker.commune,
        group=group(group_code),
        state=workflows.EVALUATED,
        **fields,
    )
    evaluation_services.issue_certificate(
        product,
        stars=stars,
        issued_on=issued_on or TODAY() - datetime.timedelta(days=30),
        level="province",
    )
    product.refresh_from_db()
    return product


def certificate_of(product: Product) -> Certificate:
    return Certificate.objects.get(number=product.certificate_number)


def lapsed(name: str, **kwargs) -> Product:
    """Certified 37 months ago: the certificate's validity has passed (not yet marked expired)."""
    return certified(name, issued_on=TODAY() - relativedelta(months=37), **kwargs)


def expired(name: str, **kwargs) -> Product:
    """Certified long ago, then expired by the nightly job (state ``expired``)."""
    product = lapsed(name, **kwargs)
    evaluation_services.expire_due(TODAY())
    product.refresh_from_db()
    assert product.state == workflows.EXPIRED
    return product


def revoked(name: str, **kwargs) -> Product:
    product = certified(name, **kwargs)
    evaluation_services.revoke_certificate(
        certificate_of(product), decision=revocation_decision(), reason="Vi phạm an toàn thực phẩm"
    )
    product.refresh_from_db()
    assert product.state == workflows.REVOKED
    return product


def draft(name: str, *, state: str = workflows.IDEA_REGISTERED, commune: str = "20599") -> Product:
    maker = producer(f"Chủ thể {name}", commune=commune)
    return ProductFactory(name=name, producer=maker, commune=maker.commune, group=group(), state=state)


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(product: Product, caption: str = "") -> ProductImage:
    return ProductImage.objects.create(
        product=product,
        kind=ProductImage.Kind.PHOTO,
        image=SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png"),
        caption=caption,
    )
