"""Producers registry: list/filter, detail with products and history, create/edit in scope, events."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from producers import services
from producers.models import OrganisationEvent, Producer
from tests.factories import ProducerFactory, ProductFactory, unit

pytestmark = pytest.mark.django_db


def data(**extra):
    values = {
        "name": "Hợp tác xã Nông nghiệp Duy Sơn",
        "kind": "cooperative",
        "tax_code": "4000888001",
        "legal_representative": "Trần Thị Lan",
        "phone": "0235 3877 000",
        "email": "htx.duyson@example.vn",
        "address": "Thôn 2",
        "commune": unit("20620").pk,
        "founded_year": 2019,
        "notes": "",
    }
    values.update(extra)
    return values


def test_district_creates_a_producer_in_its_district(client_for):
    response = client_for("district").post("/producers/new/", data())
    assert response.status_code == 302
    producer = Producer.objects.get(tax_code="4000888001")
    assert response["Location"] == f"/producers/{producer.pk}/"
    assert producer.commune.code == "20620" and producer.name_ascii == "hop tac xa nong nghiep duy son"


def test_district_cannot_create_in_another_district(client_for, users):
    other = users["district2"].unit.children.first()
    response = client_for("district").post("/producers/new/", data(commune=other.pk))
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert not Producer.objects.filter(tax_code="4000888001").exists()
    with pytest.raises(PermissionDenied):
        services.create_producer(by=users["district"], name="X", kind="household", commune=other)


def test_form_offers_only_the_users_communes(client_for):
    communes = client_for("district").get("/producers/new/").context["form"].fields["commune"].queryset
    assert communes.count() == unit("508").children.count() > 10
    assert {c.parent.code for c in communes} == {"508"}
    assert (
        client_for("province").get("/producers/new/").context["form"].fields["commune"].queryset.count() > 200
    )


def test_tax_code_unique(client_for):
    ProducerFactory(tax_code="4000888001")
    response = client_for("province").post("/producers/new/", data())
    assert "tax_code" in response.context["form"].errors


def test_edit_in_scope_only(client_for, users):
    producer = ProducerFactory()
    assert (
        client_for("district").post(f"/producers/{producer.pk}/edit/", data(name="HTX Mới")).status_code
        == 302
    )
    producer.refresh_from_db()
    assert producer.name == "HTX Mới"
    assert client_for("district2").get(f"/producers/{producer.pk}/edit/").status_code == 404
    assert client_for("department").get(f"/producers/{producer.pk}/edit/").status_code == 403
    # a district officer cannot move their producer into another district
    other = users["district2"].unit.children.first()
    response = client_for("district").post(f"/producers/{producer.pk}/edit/", data(commune=other.pk))
    assert response.status_code == 200
    producer.refresh_from_db()
    assert producer.commune.parent.code == "508"


def test_detail_shows_products_and_history(client_for):
    producer = ProducerFactory(name="HTX Trà Quế")
    ProductFactory(name="Rau Trà Quế", producer=producer)
    client = client_for("district")
    client.post(f"/producers/{producer.pk}/edit/", data(name="HTX Rau Trà Quế", tax_code=producer.tax_code))
    html = client.get(f"/producers/{producer.pk}/").content.decode()
    assert "Rau Trà Quế" in html
    assert "t_district" in html  # who changed it (django-simple-history)
    assert "Changed" in html and "name" in html


def test_record_organisation_event(client_for, users):
    producer = ProducerFactory(founded_year=2010)
    year = timezone.localdate().year
    client = client_for("district")
    response = client.post(
        f"/producers/{producer.pk}/events/", {"kind": "consolidated", "year": year, "note": "Củng cố"}
    )
    assert response.status_code == 302
    event = OrganisationEvent.objects.get(producer=producer)
    assert (event.kind, event.year, event.recorded_by) == ("consolidated", year, users["district"])
    # twice the same: refused with a message, not a crash
    response = client.post(
        f"/producers/{producer.pk}/events/", {"kind": "consolidated", "year": year}, follow=True
    )
    assert "already recorded" in response.content.decode()
    assert OrganisationEvent.objects.filter(producer=producer).count() == 1
    # filter: producers founded/consolidated in the year
    html = client.get("/producers/", {"event_year": year}).content.decode()
    assert producer.name in html
    # remove it again
    assert client.post(f"/producers/{producer.pk}/events/{event.pk}/delete/").status_code == 302
    assert not OrganisationEvent.objects.exists()


def test_event_refused_outside_scope(client_for):
    producer = ProducerFactory()
    assert (
        client_for("district2")
        .post(f"/producers/{producer.pk}/events/", {"kind": "founded", "year": 2025})
        .status_code
        == 404
    )
    assert (
        client_for("commune")
        .post(f"/producers/{producer.pk}/events/", {"kind": "founded", "year": 2025})
        .status_code
        == 403
    )
    assert not OrganisationEvent.objects.exists()


def test_event_before_founding_refused(users):
    producer = ProducerFactory(founded_year=2020)
    with pytest.raises(ValidationError):
        services.record_organisation_event(producer, year=2015, kind="founded", by=users["province"])


def test_list_filters(client_for, users):
    ProducerFactory(name="HTX Nam Phước")
    ProducerFactory(name="Cơ sở Duy Sơn", commune=unit("20620"), kind="household")
    ProducerFactory(name="Cơ sở Đại Lộc", commune=users["district2"].unit.children.first())
    client = client_for("province")
    html = client.get("/producers/", {"commune": unit("20620").pk}).content.decode()
    assert "Cơ sở Duy Sơn" in html and "HTX Nam Phước" not in html
    html = client.get("/producers/", {"district": unit("508").pk, "kind": "household"}).content.decode()
    assert "Cơ sở Duy Sơn" in html and "Cơ sở Đại Lộc" not in html
    html = client_for("district").get("/producers/").content.decode()
    assert "Cơ sở Đại Lộc" not in html and "HTX Nam Phước" in html


def test_find_producer(users):
    producer = ProducerFactory(name="Hộ kinh doanh Võ Minh Đức", tax_code="")
    assert services.find_producer(name="ho kinh doanh vo minh duc", commune=unit("20599")) == producer
    assert services.find_producer(name="ho kinh doanh vo minh duc", commune=unit("20620")) is None
    taxed = ProducerFactory(tax_code="4000777001")
    assert services.find_producer(name="anything", commune=unit("20620"), tax_code=" 4000777001 ") == taxed
