"""The duplicate warning on edit (issue 17): the similar products stay listed on the edit page, renaming a
product into a close match asks for a reason, and another district's products show only what
products.duplicates allows (name, group, place, step, stars — not the producer, no link)."""

from __future__ import annotations

import pytest
from django.utils import translation

from products.models import Product
from tests.factories import ProducerFactory, ProductFactory, group, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(users):
    dai_loc = users["district2"].unit.children.first()
    elsewhere = ProductFactory(
        name="Nước mắm Cửa Khe",
        producer=ProducerFactory(name="HTX Cửa Khe Đại Lộc", commune=dai_loc, phone="0905111222"),
        group=group("1.4"),
    )
    nearby = ProductFactory(
        name="Nước mắm Cửa Khe",  # the same name, in the officer's own district
        producer=ProducerFactory(name="Cơ sở Bà Năm", commune=unit("20599")),
        group=group("1.4"),
    )
    mine = ProductFactory(
        name="Nước mắm Cửa Khe nhà làm", producer=ProducerFactory(name="Cơ sở Ông Sáu"), group=group("1.4")
    )
    other = ProductFactory(name="Tương ớt Nam Phước", producer=mine.producer, group=group("1.4"))
    return {"elsewhere": elsewhere, "nearby": nearby, "mine": mine, "other": other}


def edit_data(product, **extra):
    data = {
        "name": product.name,
        "producer": product.producer_id,
        "commune": product.commune_id,
        "group": product.group_id,
        "origin": product.origin or "new",
        "registered_year": product.registered_year or 2026,
        "description": "",
        "story": "",
        "listings-TOTAL_FORMS": "0",
        "listings-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_edit_page_keeps_the_similar_products_with_what_a_district_may_see(world, client_for):
    page = client_for("district").get(f"/products/{world['mine'].pk}/edit/").content.decode()
    assert 'id="similar-products"' in page
    # another district's product: name, place, group, step — no producer, no link
    assert "Nước mắm Cửa Khe</strong>" in page and "Đại Lộc" in page
    assert "HTX Cửa Khe Đại Lộc" not in page and "0905111222" not in page
    assert f"/products/{world['elsewhere'].pk}/" not in page
    # a product of the officer's own district: producer and link
    assert "Cơ sở Bà Năm" in page and f'href="/products/{world["nearby"].pk}/"' in page
    # DARD sees the producer and the link of every match
    dard = client_for("province").get(f"/products/{world['mine'].pk}/edit/").content.decode()
    assert "HTX Cửa Khe Đại Lộc" in dard and f'href="/products/{world["elsewhere"].pk}/"' in dard


def test_the_list_stays_after_a_refused_edit(world, client_for):
    client = client_for("district")
    response = client.post(f"/products/{world['mine'].pk}/edit/", edit_data(world["mine"], name=""))
    assert response.status_code == 200
    assert 'id="similar-products"' in response.content.decode()


def test_renaming_into_a_close_match_asks_for_a_reason(world, client_for):
    client = client_for("district")
    product = world["other"]
    url = f"/products/{product.pk}/edit/"
    asked = client.post(url, edit_data(product, name="Nuoc mam Cua Khe"))
    body = asked.content.decode()
    assert asked.status_code == 200 and 'id="duplicate-warning"' in body and "Save anyway" in body
    assert Product.objects.get(pk=product.pk).name == "Tương ớt Nam Phước"  # nothing saved
    assert "HTX Cửa Khe Đại Lộc" not in body
    done = client.post(
        url, edit_data(product, name="Nuoc mam Cua Khe", duplicate_confirm="1", duplicate_reason="Nhãn riêng")
    )
    assert done.status_code == 302
    product.refresh_from_db()
    assert product.name == "Nuoc mam Cua Khe" and product.duplicate_reason == "Nhãn riêng"
    # an edit that keeps the name does not ask again
    assert client.post(url, edit_data(product, description="Mới")).status_code == 302
