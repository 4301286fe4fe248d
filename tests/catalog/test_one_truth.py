"""One truth for "certified" (issue 13, defect 2): every product the public catalogue, open data, the
sitemap or the home page calls certified is one that ``/verify/?q=<its certificate number>`` confirms;
a rating not backed by a valid certificate of the same number, stars and dates is shown nowhere."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from certificates import paper
from certificates import services as certificate_services
from certificates.models import Certificate
from products import workflows
from products.certification import writing_ratings
from products.models import Product
from tests.conftest import make_user
from tests.factories import ProductFactory, revocation_decision

from . import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def unbacked(name, *, number="QĐ 1234/QĐ-UBND", stars=3):
    """A rating written straight onto a product, as the old importer did: no certificate row."""
    with writing_ratings():
        return ProductFactory(
            name=name,
            producer=h.producer(f"Chủ thể {name}"),
            state=workflows.RECOGNISED,
            stars=stars,
            certificate_number=number,
            certified_on=TODAY() - datetime.timedelta(days=30),
            valid_until=TODAY() + relativedelta(months=35),
        )


@pytest.fixture
def world():
    dard = make_user("province")
    paper_item = h.draft("Quế Trà My bản giấy")
    paper.record_paper_certificate(
        paper_item,
        stars=4,
        decision_number="55/QĐ-UBND",
        decision_date=TODAY() - relativedelta(months=20),
        by=dard,
    )
    mismatch = h.certified("Sai số sao", stars=3)
    with writing_ratings():  # the product claims more stars than its certificate says
        Product.objects.filter(pk=mismatch.pk).update(stars=5)
    return {
        "portal": [h.certified("Sâm Ngọc Linh", stars=4), h.certified("Mật ong rừng", stars=3)],
        "paper": paper_item,
        "hidden": [
            unbacked("Nhập không có giấy"),
            unbacked("Số trùng giấy khác", number=h.certificate_of(h.expired("Hết hạn")).number),
            mismatch,
            h.lapsed("Quá hạn chưa đánh dấu"),
            h.revoked("Bị thu hồi"),
        ],
    }


def names_in_csv(client) -> dict[str, str]:
    text = b"".join(client.get("/api/products.csv").streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    return {row["name"]: row["certificate_number"] for row in rows}


def verifies(client, number: str) -> bool:
    ip = f"2001:db8::{uuid.uuid4().hex[:4]}"
    response = client.get("/verify/", {"q": number}, follow=True, REMOTE_ADDR=ip)
    return response.status_code == 200 and "Genuine and valid" in response.content.decode()


def test_every_product_called_certified_verifies(client, world):
    shown = names_in_csv(client)
    assert set(shown) == {"Sâm Ngọc Linh", "Mật ong rừng", "Quế Trà My bản giấy"}
    for number in shown.values():
        assert verifies(client, number), number
    catalogue = client.get("/catalog/").content.decode()
    for product in Product.objects.public():
        assert product.get_public_url() in catalogue
        assert verifies(client, product.certificate_number)
    assert Product.objects.public().count() == 3


def test_an_unbacked_rating_is_shown_nowhere(client, world):
    shown = names_in_csv(client)
    json_names = {row["name"] for row in client.get("/api/products.json").json()}
    catalogue = client.get("/catalog/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for product in world["hidden"]:
        assert product.name not in shown and product.name not in json_names
        assert product.get_public_url() not in catalogue and product.get_public_url() not in sitemap
        assert client.get(product.get_public_url()).status_code in (404, 410)
        assert not product.is_certified
    assert "3 products" in client.get("/").content.decode()  # the home page counts the same three
    assert not verifies(client, "QĐ 1234/QĐ-UBND")


def test_the_claim_follows_the_certificate(client, world):
    product = world["portal"][0]
    cert = h.certificate_of(product)
    certificate_services.revoke_certificate(
        cert, reason="Vi phạm an toàn thực phẩm", decision=revocation_decision()
    )
    assert "Sâm Ngọc Linh" not in names_in_csv(client)
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.Status.REVOKED
