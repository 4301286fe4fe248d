"""Public pages of sales points and fairs, and the staff pages that manage them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from producers.models import ProducerAccount
from tests.catalog import helpers as h
from tradefairs import services
from tradefairs.models import Fair, Participation, SalesPoint

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def upcoming(name="Hội chợ OCOP Hà Nội", days_ahead=20):
    start = TODAY() + datetime.timedelta(days=days_ahead)
    return Fair.objects.create(
        name=name, city="Hà Nội", start_date=start, end_date=start + datetime.timedelta(days=3)
    )


def ended(name="Hội chợ OCOP Tam Kỳ 2023"):
    return Fair.objects.create(
        name=name, city="Tam Kỳ", start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 5, 4)
    )


def test_public_sales_point_list_filters_by_district(client):
    services.create_sales_point(
        by=None,
        name="Trung tâm OCOP Duy Xuyên",
        address="QL1A",
        district=h.unit("508"),
        kind="district_centre",
    )
    services.create_sales_point(by=None, name="Điểm bán Ái Nghĩa", address="Chợ", district=h.unit("506"))
    closed = services.create_sales_point(
        by=None, name="Điểm bán đã đóng", address="Chợ", district=h.unit("506")
    )
    services.close_sales_point(closed, by=None)
    body = client.get("/sales-points/").content.decode()
    assert "Trung tâm OCOP Duy Xuyên" in body and "Điểm bán Ái Nghĩa" in body
    assert "Điểm bán đã đóng" not in body
    # the districts that exist today: Nông Sơn merged into Quế Sơn on 01/01/2025 (without the 2025 tree)
    assert "2 of 17 districts" in body
    body = client.get("/sales-points/", {"district": "506"}).content.decode()
    assert "Điểm bán Ái Nghĩa" in body and "Trung tâm OCOP Duy Xuyên" not in body
    body = client.get("/sales-points/", {"q": "trung tam"}).content.decode()
    assert "Trung tâm OCOP Duy Xuyên" in body and "Điểm bán Ái Nghĩa" not in body
    for bad in ({"district": "'"}, {"kind": "x"}, {"page": "z"}, {"q": "\x00"}):
        assert client.get("/sales-points/", bad).status_code == 200


def test_public_sales_point_page_lists_only_public_products(client, client_for):
    good, hidden = h.certified("Sâm Ngọc Linh", stars=4), h.revoked("Rượu bị thu hồi")
    point = services.create_sales_point(
        by=None,
        name="Trung tâm tỉnh",
        address="Tam Kỳ",
        district=h.unit("502"),
        opening_hours="7:30–21:00",
        products=[good, hidden],
    )
    body = client.get(point.get_absolute_url()).content.decode()
    assert "Sâm Ngọc Linh" in body and "Rượu bị thu hồi" not in body
    assert "7:30–21:00" in body
    assert "Close this sales point" not in body
    staff_body = client_for("department").get(point.get_absolute_url()).content.decode()
    assert "Close this sales point" in staff_body
    assert (
        "Close this sales point" not in client_for("district").get(point.get_absolute_url()).content.decode()
    )


def test_closed_sales_point_is_404_for_the_public_but_visible_to_its_managers(client, client_for):
    point = services.create_sales_point(by=None, name="Điểm Duy Xuyên", address="Chợ", district=h.unit("508"))
    services.close_sales_point(point, by=None)
    url = point.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for("district2").get(url).status_code == 404
    response = client_for("district").get(url)
    assert response.status_code == 200
    assert "Reopen" in response.content.decode()


def test_district_officer_creates_a_sales_point_through_the_form(client_for):
    product = h.certified("Mì Quảng")
    client = client_for("district")
    assert client.get("/sales-points/new/").status_code == 200
    response = client.post(
        "/sales-points/new/",
        {
            "name": "Điểm bán OCOP Nam Phước",
            "kind": "point",
            "address": "Chợ Nam Phước",
            "district": h.unit("508").pk,
            "commune": h.unit("20599").pk,
            "opening_hours": "6:00–18:00",
            "products": [product.pk],
        },
    )
    point = SalesPoint.objects.get(name="Điểm bán OCOP Nam Phước")
    assert response.status_code == 302 and response["Location"] == point.get_absolute_url()
    assert list(point.products.all()) == [product]
    # another district is not a choice
    response = client.post(
        "/sales-points/new/",
        {"name": "Điểm Đại Lộc", "kind": "point", "address": "Chợ", "district": h.unit("506").pk},
    )
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not SalesPoint.objects.filter(name="Điểm Đại Lộc").exists()


def test_editing_another_districts_sales_point_is_404(client_for):
    point = services.create_sales_point(by=None, name="Điểm Đại Lộc", address="Chợ", district=h.unit("506"))
    assert client_for("district").get(f"/sales-points/{point.pk}/edit/").status_code == 404
    assert client_for("district2").get(f"/sales-points/{point.pk}/edit/").status_code == 200
    response = client_for("district").post(f"/sales-points/{point.pk}/status/", {"action": "close"})
    assert response.status_code == 404
    point.refresh_from_db()
    assert point.active


def test_close_through_the_page(client_for):
    point = services.create_sales_point(by=None, name="Điểm Đại Lộc", address="Chợ", district=h.unit("506"))
    response = client_for("district2").post(f"/sales-points/{point.pk}/status/", {"action": "close"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert not point.active


def test_manage_list_is_scoped(client_for):
    services.create_sales_point(by=None, name="Điểm Duy Xuyên", address="Chợ", district=h.unit("508"))
    services.create_sales_point(by=None, name="Điểm Đại Lộc", address="Chợ", district=h.unit("506"))
    body = client_for("district").get("/sales-points/manage/").content.decode()
    assert "Điểm Duy Xuyên" in body and "Điểm Đại Lộc" not in body
    body = client_for("province").get("/sales-points/manage/").content.decode()
    assert "Điểm Duy Xuyên" in body and "Điểm Đại Lộc" in body
    assert "2/17" in body  # the districts that exist today (Nông Sơn merged into Quế Sơn)


def test_fair_pages(client):
    product = h.certified("Quế Trà My", stars=4)
    hidden = h.draft("Sản phẩm chưa công nhận")
    hidden.producer = product.producer
    hidden.save()
    f = upcoming()
    services.register_participation(f, product.producer, products=[product, hidden], by=None, booth="B12")
    past = ended()
    services.record_results(past, by=None, visitors=12000, contracts_signed=3, sales_vnd=450_000_000)
    body = client.get("/fairs/").content.decode()
    assert "Hội chợ OCOP Hà Nội" in body and "Hội chợ OCOP Tam Kỳ 2023" in body
    assert "450.000.000" in body or "450,000,000" in body
    detail = client.get(f.get_absolute_url()).content.decode()
    assert product.producer.name in detail and "Quế Trà My" in detail
    assert "Sản phẩm chưa công nhận" not in detail
    assert "B12" in detail
    assert "Register a producer" not in detail
    past_detail = client.get(past.get_absolute_url()).content.decode()
    assert "12.000" in past_detail or "12,000" in past_detail
    assert client.get("/fairs/", {"year": "2023"}).content.decode().count("Hội chợ OCOP Tam Kỳ 2023") == 1
    assert "Hội chợ OCOP Hà Nội" not in client.get("/fairs/", {"year": "2023"}).content.decode()
    for bad in ({"year": "abc"}, {"year": "99999"}, {"scope": "moon"}, {"page": "-1"}):
        assert client.get("/fairs/", bad).status_code == 200
    assert client.get("/fairs/999999/").status_code == 404


def test_staff_register_a_producer_through_the_page(client_for):
    product = h.certified("Nước mắm Cửa Khe")
    f = upcoming()
    client = client_for("department")
    page = client.get(f.get_absolute_url()).content.decode()
    assert "Register a producer" in page
    step1 = client.get(f"/fairs/{f.pk}/register/")
    assert step1.status_code == 200
    step2 = client.get(f"/fairs/{f.pk}/register/", {"producer": product.producer.pk})
    assert "Nước mắm Cửa Khe" in step2.content.decode()
    response = client.post(
        f"/fairs/{f.pk}/register/", {"producer": product.producer.pk, "products": [product.pk], "booth": "A1"}
    )
    assert response.status_code == 302
    assert Participation.objects.get(fair=f).booth == "A1"
    again = client.post(
        f"/fairs/{f.pk}/register/", {"producer": product.producer.pk, "products": [product.pk]}
    )
    assert again.status_code == 200
    assert "already registered" in again.content.decode()
    assert Participation.objects.filter(fair=f).count() == 1


def test_producer_account_registers_itself_and_sees_only_its_registration(client_for, users):
    own = h.certified("Lụa Mã Châu")
    other = h.certified("Gốm Thanh Hà")
    ProducerAccount.objects.create(user=users["producer"], producer=own.producer)
    f = upcoming()
    services.register_participation(f, other.producer, products=[other], by=None)
    client = client_for("producer")
    form = client.get(f"/fairs/{f.pk}/register/")
    assert form.status_code == 200
    assert "Lụa Mã Châu" in form.content.decode() and "Gốm Thanh Hà" not in form.content.decode()
    assert (
        client.post(
            f"/fairs/{f.pk}/register/", {"producer": other.producer.pk, "products": [other.pk]}
        ).status_code
        == 400
    )
    response = client.post(f"/fairs/{f.pk}/register/", {"products": [own.pk]})
    assert response.status_code == 302
    page = client.get(f.get_absolute_url()).content.decode()
    assert "Withdraw" in page
    panel = page.split("Registrations and management")[1]
    assert own.producer.name in panel and other.producer.name not in panel


def test_registration_page_of_an_ended_fair_redirects_with_a_message(client_for):
    f = ended()
    response = client_for("province").get(f"/fairs/{f.pk}/register/", follow=True)
    assert "registrations are closed" in response.content.decode()


def test_results_page(client_for):
    product = h.certified("Mật ong rừng")
    f = upcoming()
    part = services.register_participation(f, product.producer, products=[product], by=None)
    client = client_for("department")
    page = client.get(f"/fairs/{f.pk}/results/").content.decode()
    assert "results can be recorded after it has ended" in page
    response = client.post(f"/fairs/{f.pk}/results/", {"visitors": "100"})
    assert "after it has ended" in response.content.decode()
    Fair.objects.filter(pk=f.pk).update(
        start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 5, 4)
    )
    response = client.post(
        f"/fairs/{f.pk}/results/",
        {"visitors": "9000", f"sales_{part.pk}": "75000000", f"contracts_{part.pk}": "2"},
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert (f.visitors, f.sales_vnd, f.contracts_signed) == (9000, 75_000_000, 2)
    bad = client.post(f"/fairs/{f.pk}/results/", {"visitors": "-5"})
    assert bad.status_code == 200 and "visitors" in bad.context["form"].errors


def test_create_fair_through_the_page(client_for):
    client = client_for("department")
    response = client.post(
        "/fairs/new/",
        {
            "name": "Hội chợ OCOP Hội An",
            "city": "Hội An",
            "start_date": "2030-03-01",
            "end_date": "2030-02-01",
            "scope": "in_province",
        },
    )
    assert response.status_code == 200 and "end_date" in response.context["form"].errors
    response = client.post(
        "/fairs/new/",
        {
            "name": "Hội chợ OCOP Hội An",
            "city": "Hội An",
            "start_date": "01/03/2030",
            "end_date": "2030-03-04",
            "scope": "in_province",
        },
    )
    assert response.status_code == 302
    fair = Fair.objects.get(name="Hội chợ OCOP Hội An")
    assert fair.start_date == datetime.date(2030, 3, 1)
    assert fair.organiser.code == "so-cong-thuong"
    assert fair.created_by.username == "t_department"


def test_staff_navigation_and_dashboard(client_for):
    body = client_for("department").get("/dashboard/").content.decode()
    assert "/fairs/manage/" in body and "/sales-points/manage/" in body
    assert "Districts with an OCOP sales point" in body
    body = client_for("council").get("/dashboard/").content.decode()
    assert "/fairs/manage/" not in body
    public = client_for("anonymous").get("/").content.decode()
    for link in ('href="/catalog/"', 'href="/sales-points/"', 'href="/fairs/"'):
        assert link in public
