"""Create/edit products: duplicate warning and proceed-with-reason, district scope, listings, images."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from PIL import Image

from products import services, workflows
from products.models import Product, ProductImage
from tests.factories import ProducerFactory, ProductFactory, group, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def fish_sauce(db):
    return ProductFactory(
        name="Nước mắm Cửa Khe", producer=ProducerFactory(name="HTX Cửa Khe"), group=group("1.4")
    )


def form_data(producer, **extra):
    data = {
        "name": "Nuoc mam Cua Khe",
        "producer": producer.pk,
        "commune": "",
        "group": group("1.4").pk,
        "origin": "new",
        "registered_year": 2026,
        "description": "",
        "story": "",
    }
    data.update(extra)
    return data


def test_duplicate_warning_then_proceed_with_reason(fish_sauce, client_for):
    other = ProducerFactory(name="Cơ sở Bà Tư")
    client = client_for("district")
    before = Product.objects.count()

    response = client.post("/products/new/", form_data(other))
    html = response.content.decode()
    assert response.status_code == 200
    assert "duplicate-warning" in html and "Nước mắm Cửa Khe" in html and "HTX Cửa Khe" in html
    assert 'name="duplicate_reason"' in html and 'name="duplicate_confirm" value="1"' in html
    assert Product.objects.count() == before

    # confirming without a reason is refused: the reason is required
    response = client.post("/products/new/", form_data(other, duplicate_confirm="1", duplicate_reason=""))
    assert response.status_code == 200
    assert Product.objects.count() == before

    response = client.post(
        "/products/new/",
        form_data(other, duplicate_confirm="1", duplicate_reason="Nguyên liệu cá cơm khác vùng, nhãn riêng"),
    )
    assert response.status_code == 302
    product = Product.objects.get(producer=other)
    assert product.duplicate_reason == "Nguyên liệu cá cơm khác vùng, nhãn riêng"
    assert product.commune == other.commune  # empty commune: the producer's
    assert product.state == workflows.IDEA_REGISTERED
    assert product.transitions.get().reason == product.duplicate_reason
    assert product.created_by.username == "t_district"


def test_no_warning_for_a_different_product_or_the_same_producer(fish_sauce, client_for):
    client = client_for("district")
    response = client.post("/products/new/", form_data(ProducerFactory(), name="Tương ớt Duy Xuyên"))
    assert response.status_code == 302
    response = client.post("/products/new/", form_data(fish_sauce.producer, name="Nước mắm Cửa Khe loại 2"))
    assert response.status_code == 302


def test_service_raises_duplicate_warning(fish_sauce, users):
    other = ProducerFactory()
    with pytest.raises(services.DuplicateWarning) as exc:
        services.create_product(
            by=users["province"],
            name="nước mắm cửa khe",
            producer=other,
            commune=other.commune,
            group=group("1.4"),
        )
    assert fish_sauce in exc.value.matches


def test_district_form_offers_only_its_district(client_for, users):
    ProducerFactory(name="HTX Đại Lộc", commune=unit("20599"))
    dai_loc_producer = ProducerFactory(
        name="Cơ sở Ái Nghĩa", commune=users["district2"].unit.children.first()
    )
    form = client_for("district").get("/products/new/").context["form"]
    communes = form.fields["commune"].queryset
    assert communes.exists() and all(c.parent.code == "508" for c in communes)
    assert dai_loc_producer not in form.fields["producer"].queryset
    assert not form.fields["producer"].queryset.exclude(commune__parent__code="508").exists()


def test_district_cannot_save_a_product_in_another_district(client_for, users):
    producer = ProducerFactory()
    dai_loc_commune = users["district2"].unit.children.order_by("code").first()
    response = client_for("district").post(
        "/products/new/", form_data(producer, name="Gạo", commune=dai_loc_commune.pk)
    )
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert not Product.objects.filter(name="Gạo").exists()
    with pytest.raises(PermissionDenied):
        services.create_product(
            by=users["district"], name="Gạo", producer=producer, commune=dai_loc_commune, group=group("1.2")
        )


def test_district_cannot_edit_another_districts_product(client_for, users):
    product = ProductFactory(commune=users["district2"].unit.children.first())
    client = client_for("district")
    assert client.get(f"/products/{product.pk}/edit/").status_code == 404
    assert client.post(f"/products/{product.pk}/edit/", {"name": "x"}).status_code == 404
    assert client.get(f"/products/{product.pk}/").status_code == 404


def test_edit_cannot_move_a_product_out_of_the_district(client_for, users):
    product = ProductFactory()
    data = form_data(product.producer, name=product.name, commune=users["district2"].unit.children.first().pk)
    data.update({"listings-TOTAL_FORMS": 0, "listings-INITIAL_FORMS": 0})
    response = client_for("district").post(f"/products/{product.pk}/edit/", data)
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.commune.code == "20599"


def test_edit_product_with_listings_and_standards(client_for):
    product = ProductFactory(name="Mật ong")
    data = form_data(product.producer, name="Mật ong rừng Duy Sơn", commune=unit("20620").pk, standards=[1])
    data.update(
        {
            "listings-TOTAL_FORMS": 2,
            "listings-INITIAL_FORMS": 0,
            "listings-0-platform": "shopee",
            "listings-0-url": "https://shopee.vn/mat-ong-duy-son",
            "listings-1-platform": "",
            "listings-1-url": "",
        }
    )
    response = client_for("district").post(f"/products/{product.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    product.refresh_from_db()
    assert product.name == "Mật ong rừng Duy Sơn" and product.commune.code == "20620"
    assert product.group.code == "1.4"
    assert [(x.platform, x.url) for x in product.listings.all()] == [
        ("shopee", "https://shopee.vn/mat-ong-duy-son")
    ]
    assert product.standards.count() == 1
    assert product.state == workflows.IDEA_REGISTERED  # editing never changes the state
    # the audit history lists the change on the detail page
    html = client_for("district").get(f"/products/{product.pk}/").content.decode()
    assert "t_district" in html and "product name" in html


def test_department_and_commune_cannot_edit(client_for):
    product = ProductFactory()
    assert client_for("department").get(f"/products/{product.pk}/edit/").status_code == 403
    assert client_for("commune").get(f"/products/{product.pk}/edit/").status_code == 403
    assert client_for("commune").get(f"/products/{product.pk}/").status_code == 200


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "nhan.png"
    return buffer


def test_images_upload_serve_and_delete(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory()
    response = client_for("district").post(
        f"/products/{product.pk}/images/", {"kind": "label", "image": png(), "caption": "Nhãn mới"}
    )
    assert response.status_code == 302
    image = ProductImage.objects.get(product=product)
    assert image.kind == "label"
    served = client_for("commune").get(f"/products/images/{image.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert client_for("district2").get(f"/products/images/{image.pk}/").status_code == 404
    assert client_for("commune").post(f"/products/images/{image.pk}/delete/").status_code == 403
    assert client_for("district").post(f"/products/images/{image.pk}/delete/").status_code == 302
    assert not ProductImage.objects.exists()


def test_create_prefilled_from_a_producer(client_for):
    producer = ProducerFactory()
    form = client_for("district").get("/products/new/", {"producer": producer.pk}).context["form"]
    assert form.initial["producer"] == producer
