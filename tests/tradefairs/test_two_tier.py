"""Issue 14, trade promotion after the 2025 merger: sales points sit in today's communes and wards of
Thành phố Đà Nẵng, the coverage counts those, and a point recorded in an old commune counts for the
ward that holds it today."""

from __future__ import annotations

import pytest

from accounts.models import AdministrativeUnit, Role, User
from tests.catalog import helpers as h
from tradefairs import services
from tradefairs.forms import SalesPointForm
from tradefairs.models import SalesPoint

pytestmark = pytest.mark.django_db
get = AdministrativeUnit.objects.get


def test_a_point_in_a_ward_of_the_city_takes_the_ward_as_its_local_unit(merged):
    ward = get(code="2025-20623")  # Xã Duy Xuyên
    point = services.create_sales_point(by=None, name="Điểm bán Duy Xuyên", address="Thôn 1", commune=ward)
    assert point.district == ward and point.commune == ward
    # recorded before the reform in Xã Duy Sơn, Huyện Duy Xuyên: it counts for Xã Duy Xuyên today
    services.create_sales_point(
        by=None, name="Điểm bán Duy Sơn", address="Chợ", district=get(code="508"), commune=get(code="20620")
    )
    coverage = services.local_coverage()
    assert coverage["two_tier"] and coverage["total"] == 94 and coverage["covered"] == 1
    assert ward not in coverage["uncovered"]
    assert services.districts_with_sales_point(get(code="49")) == 1  # Quảng Nam's plan, read today
    assert {p.name for p in SalesPoint.objects.in_unit(ward)} == {"Điểm bán Duy Xuyên", "Điểm bán Duy Sơn"}


def test_public_list_names_the_ward_and_the_city_and_filters_by_todays_ward(merged, client):
    ward = get(code="2025-20623")
    services.create_sales_point(by=None, name="Điểm bán Duy Xuyên", address="Thôn 1", commune=ward)
    services.create_sales_point(
        by=None, name="Điểm bán Duy Sơn", address="Chợ", district=get(code="508"), commune=get(code="20620")
    )
    services.create_sales_point(by=None, name="Điểm bán Hội An", address="Chợ", district=get(code="503"))
    body = client.get("/sales-points/").content.decode()
    assert "1 of 94 communes and wards have at least one OCOP sales point." in body
    assert "Thôn 1, Xã Duy Xuyên, Thành phố Đà Nẵng" in body
    assert "Chợ, Xã Duy Sơn, Huyện Duy Xuyên (before 7/2025), Tỉnh Quảng Nam" in body
    assert '<optgroup label="Communes and wards today">' in body
    assert '<optgroup label="Districts before the reform">' in body
    body = client.get("/sales-points/", {"district": "2025-20623"}).content.decode()
    assert "Điểm bán Duy Xuyên" in body and "Điểm bán Duy Sơn" in body and "Điểm bán Hội An" not in body
    home = client.get("/").content.decode()
    assert "1 of 94 communes and wards covered" in home


def test_the_form_offers_todays_units_and_keeps_a_points_old_ones(merged):
    staff = User.objects.create(username="trade", role=Role.PROVINCE, unit=get(code="49"))
    form = SalesPointForm(user=staff)
    communes = form.fields["commune"].queryset
    assert communes.filter(code="2025-20623").exists() and not communes.filter(code="20620").exists()
    locals_ = form.fields["district"].queryset
    assert locals_.filter(code="2025-20623").exists() and not locals_.filter(code="508").exists()
    old = services.create_sales_point(
        by=None, name="Điểm bán Duy Sơn", address="Chợ", district=get(code="508"), commune=get(code="20620")
    )
    form = SalesPointForm(user=staff, instance=old)
    assert form.fields["commune"].queryset.filter(code="20620").exists()
    assert form.fields["district"].label_from_instance(get(code="508")) == "Huyện Duy Xuyên (before 7/2025)"


def test_open_data_gives_the_place_as_recorded_and_today(merged, client):
    ward = get(code="2025-20623")
    services.create_sales_point(by=None, name="Điểm bán Duy Xuyên", address="Thôn 1", commune=ward)
    services.create_sales_point(
        by=None, name="Điểm bán Duy Sơn", address="Chợ", district=get(code="508"), commune=get(code="20620")
    )
    rows = {r["name"]: r for r in client.get("/api/sales-points.json").json()}
    assert (
        rows["Điểm bán Duy Xuyên"]["district"] == ""
        and rows["Điểm bán Duy Xuyên"]["commune"] == "Xã Duy Xuyên"
    )
    old = rows["Điểm bán Duy Sơn"]
    assert (old["district"], old["commune"], old["commune_today"]) == (
        "Huyện Duy Xuyên",
        "Xã Duy Sơn",
        "Xã Duy Xuyên",
    )
    product = h.certified("Trà Duy Sơn", commune="20620")
    rows = {r["name"]: r for r in client.get("/api/products.json").json()}
    assert rows[product.name]["commune_today"] == "Xã Duy Xuyên"
    assert rows[product.name]["district"] == "Huyện Duy Xuyên"
