"""tradefairs services: plan figures, sales points, registrations, results — and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import AdministrativeUnit, Department, Role, User
from ocop_portal.workflow import TransitionRefused
from producers.models import ProducerAccount
from tests.catalog import helpers as h
from tradefairs import services
from tradefairs.models import Fair, Participation, SalesPoint

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def fair(name="Hội chợ OCOP", *, start_in=10, days=4, **fields):
    start = TODAY() + datetime.timedelta(days=start_in)
    return Fair.objects.create(
        name=name,
        city=fields.pop("city", "Tam Kỳ"),
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        **fields,
    )


def point(district="508", **fields):
    fields.setdefault("name", f"Điểm bán {district}")
    fields.setdefault("address", "Chợ trung tâm")
    return services.create_sales_point(by=None, district=h.unit(district), **fields)


# --- plan figures ---------------------------------------------------------------------------


def test_districts_with_sales_point_counts_distinct_open_districts():
    province = h.unit("49")
    assert services.districts_with_sales_point(province) == 0
    point("508")
    point("508", name="Điểm thứ hai Duy Xuyên")
    point("506")
    closed = point("503")
    assert services.districts_with_sales_point(province) == 3
    services.close_sales_point(closed, by=None)
    assert services.districts_with_sales_point(province) == 2
    assert services.districts_with_sales_point(h.unit("508")) == 1  # within a district: itself


def test_districts_with_sales_point_on_a_date():
    province = h.unit("49")
    point("508", opened_on=datetime.date(2023, 3, 1))
    later = point("506", opened_on=datetime.date(2024, 6, 1))
    services.close_sales_point(later, by=None, on=datetime.date(2024, 12, 31))
    assert services.districts_with_sales_point(province, on=datetime.date(2022, 12, 31)) == 0
    assert services.districts_with_sales_point(province, on=datetime.date(2023, 12, 31)) == 1
    assert services.districts_with_sales_point(province, on=datetime.date(2024, 7, 1)) == 2
    assert services.districts_with_sales_point(province, on=datetime.date(2025, 1, 1)) == 1


def test_fairs_held_counts_fairs_ended_in_the_year():
    d = datetime.date
    Fair.objects.create(name="A", city="Tam Kỳ", start_date=d(2023, 5, 1), end_date=d(2023, 5, 4))
    Fair.objects.create(
        name="B", city="Hà Nội", start_date=d(2023, 12, 30), end_date=d(2024, 1, 2), scope="out_of_province"
    )
    Fair.objects.create(
        name="C", city="Seoul", start_date=d(2023, 9, 1), end_date=d(2023, 9, 3), scope="abroad"
    )
    assert services.fairs_held(2023) == 2
    assert services.fairs_held(2024) == 1
    assert services.fairs_held(2023, scope=Fair.Scope.IN_PROVINCE) == 1
    assert services.fairs_held(2023, scope=Fair.Scope.ABROAD) == 1
    assert services.fairs_held(2022) == 0
    # a fair running today is not held yet
    running = fair("Đang diễn ra", start_in=-1, days=3)
    assert (
        services.fairs_held(running.end_date.year)
        == Fair.objects.filter(end_date__year=running.end_date.year, end_date__lt=TODAY()).count()
    )
    assert services.fairs_held(2023, on=d(2023, 5, 4)) == 0  # as seen on the last day of fair A


# --- sales points ---------------------------------------------------------------------------


def test_district_officer_manages_sales_points_of_their_district_only(users):
    district = users["district"]  # Duy Xuyên
    mine = services.create_sales_point(
        by=district, name="Điểm Nam Phước", address="Chợ", district=h.unit("508")
    )
    assert mine.created_by == district
    with pytest.raises(TransitionRefused, match="your own district"):
        services.create_sales_point(by=district, name="Điểm Đại Lộc", address="Chợ", district=h.unit("506"))
    other = point("506")
    with pytest.raises(TransitionRefused):
        services.update_sales_point(other, by=district, name="Đổi tên")
    with pytest.raises(TransitionRefused, match="your own district"):
        services.update_sales_point(mine, by=district, district=h.unit("506"))
    assert SalesPoint.objects.get(pk=mine.pk).district.code == "508"  # nothing half-saved


def test_trade_department_manages_every_sales_point_other_departments_none(users):
    trade = users["department"]  # Sở Công Thương
    created = services.create_sales_point(
        by=trade, name="Trung tâm tỉnh", address="Tam Kỳ", district=h.unit("502")
    )
    services.update_sales_point(point("506"), by=trade, opening_hours="8:00–17:00")
    science = User.objects.create(
        username="khcn",
        role=Role.DEPARTMENT,
        department=Department.objects.get(code="so-khcn"),
        unit=h.unit("49"),
    )
    with pytest.raises(TransitionRefused):
        services.create_sales_point(by=science, name="X", address="Y", district=h.unit("508"))
    with pytest.raises(TransitionRefused):
        services.close_sales_point(created, by=science)
    for role in ("commune", "council", "producer"):
        with pytest.raises(TransitionRefused):
            services.create_sales_point(by=users[role], name="X", address="Y", district=h.unit("508"))


def test_sales_point_validation_is_refused_cleanly():
    with pytest.raises(TransitionRefused, match="not in the chosen district"):
        point("506", commune=h.unit("20599"))  # a Duy Xuyên commune under Đại Lộc
    with pytest.raises(TransitionRefused):
        point("20599")  # a commune given as the district
    assert not SalesPoint.objects.exists()


def test_close_and_reopen():
    p = point()
    services.close_sales_point(p, by=None)
    p.refresh_from_db()
    assert not p.active and p.closed_on == TODAY()
    with pytest.raises(TransitionRefused, match="already closed"):
        services.close_sales_point(p, by=None)
    services.reopen_sales_point(p, by=None)
    p.refresh_from_db()
    assert p.active and p.closed_on is None
    with pytest.raises(TransitionRefused, match="already open"):
        services.reopen_sales_point(p, by=None)


# --- fairs and registrations ----------------------------------------------------------------


def test_trade_department_and_province_create_fairs_other_departments_their_own(users):
    f = services.create_fair(
        by=users["department"],
        name="Hội chợ",
        city="Tam Kỳ",
        start_date=TODAY(),
        end_date=TODAY(),
        organiser=Department.objects.get(code="so-vhttdl"),
    )
    assert f.organiser.code == "so-vhttdl"  # the trade department may name another organiser
    science = User.objects.create(
        username="khcn2",
        role=Role.DEPARTMENT,
        department=Department.objects.get(code="so-khcn"),
        unit=h.unit("49"),
    )
    own = services.create_fair(
        by=science,
        name="Techmart",
        city="Tam Kỳ",
        start_date=TODAY(),
        end_date=TODAY(),
        organiser=Department.objects.get(code="so-cong-thuong"),
    )
    assert own.organiser.code == "so-khcn"  # forced to its own department
    with pytest.raises(TransitionRefused):
        services.update_fair(f, by=science, name="Đổi")
    services.update_fair(own, by=science, name="Techmart 2")
    for role in ("district", "commune", "council", "producer"):
        with pytest.raises(TransitionRefused):
            services.create_fair(by=users[role], name="X", city="Y", start_date=TODAY(), end_date=TODAY())
    with pytest.raises(TransitionRefused, match="cannot end before it starts"):
        services.create_fair(
            by=None, name="X", city="Y", start_date=TODAY(), end_date=TODAY() - datetime.timedelta(days=1)
        )


def test_register_participation_and_refuse_double_registration(users):
    product = h.certified("Sâm Ngọc Linh")
    f = fair()
    part = services.register_participation(
        f, product.producer, products=[product], by=users["department"], booth="A01"
    )
    assert part.registered_by == users["department"]
    assert list(part.products.all()) == [product]
    with pytest.raises(TransitionRefused) as refused:
        services.register_participation(f, product.producer, products=[product], by=users["province"])
    assert refused.value.message == f"{product.producer.name} is already registered at {f.name}."
    assert Participation.objects.count() == 1


def test_registration_refusals(users):
    product = h.certified("Quế Trà My")
    other = h.certified("Mật ong rừng")
    with pytest.raises(TransitionRefused, match="do not belong"):
        services.register_participation(fair(), product.producer, products=[other], by=None)
    with pytest.raises(TransitionRefused, match="at least one product"):
        services.register_participation(fair("B"), product.producer, products=[], by=None)
    ended = fair("Đã qua", start_in=-10, days=3)
    with pytest.raises(TransitionRefused, match="registrations are closed"):
        services.register_participation(ended, product.producer, products=[product], by=None)
    assert not Participation.objects.exists()


def test_district_officer_registers_only_producers_of_their_district(users):
    mine = h.certified("Mì Quảng", commune="20599")  # Duy Xuyên
    dai_loc = h.unit("506").children.order_by("code").first()
    theirs = h.certified("Bánh tráng Đại Lộc", commune=dai_loc.code)
    f = fair()
    services.register_participation(f, mine.producer, products=[mine], by=users["district"])
    with pytest.raises(TransitionRefused, match="may not register this producer"):
        services.register_participation(f, theirs.producer, products=[theirs], by=users["district"])
    for role in ("commune", "council"):
        with pytest.raises(TransitionRefused):
            services.register_participation(f, theirs.producer, products=[theirs], by=users[role])


def test_producer_account_registers_its_own_products_only(users):
    own = h.certified("Lụa Mã Châu")
    stranger = h.certified("Gốm Thanh Hà")
    ProducerAccount.objects.create(user=users["producer"], producer=own.producer)
    f = fair()
    part = services.register_participation(f, own.producer, products=[own], by=users["producer"])
    assert part.producer == own.producer
    with pytest.raises(TransitionRefused):
        services.register_participation(f, stranger.producer, products=[stranger], by=users["producer"])
    with pytest.raises(TransitionRefused, match="do not belong"):
        services.register_participation(fair("B"), own.producer, products=[stranger], by=users["producer"])
    # and withdraws it before the fair
    services.withdraw_participation(part, by=users["producer"])
    assert not Participation.objects.filter(pk=part.pk).exists()


def test_producer_without_account_registers_nothing(users):
    product = h.certified("Tiêu sọ")
    with pytest.raises(TransitionRefused):
        services.register_participation(fair(), product.producer, products=[product], by=users["producer"])


def test_withdraw_refused_once_the_fair_started():
    product = h.certified("Chè dây")
    running = fair("Đang diễn ra", start_in=5)
    part = services.register_participation(running, product.producer, products=[product], by=None)
    Fair.objects.filter(pk=running.pk).update(
        start_date=TODAY(), end_date=TODAY() + datetime.timedelta(days=2)
    )
    with pytest.raises(TransitionRefused, match="has started"):
        services.withdraw_participation(part, by=None)


def test_results_are_refused_before_the_fair_ends(users):
    running = fair("Đang diễn ra", start_in=-1, days=3)
    upcoming = fair("Sắp tới")
    for f in (running, upcoming):
        with pytest.raises(TransitionRefused, match="after it has ended"):
            services.record_results(f, by=users["department"], visitors=1, contracts_signed=1, sales_vnd=1)
        f.refresh_from_db()
        assert f.results_recorded_at is None and f.visitors is None


def test_record_results_after_the_fair_with_totals_from_producers(users):
    a, b = h.certified("Nước mắm Cửa Khe"), h.certified("Nước mắm Nam Ô")
    f = fair("Hội chợ", start_in=5)
    pa = services.register_participation(f, a.producer, products=[a], by=None)
    pb = services.register_participation(f, b.producer, products=[b], by=None)
    Fair.objects.filter(pk=f.pk).update(
        start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 5, 4)
    )
    f.refresh_from_db()
    services.record_results(
        f,
        by=users["department"],
        visitors=15000,
        contracts_signed=None,
        sales_vnd=None,
        participations={pa.pk: (120_000_000, 2), pb.pk: (80_000_000, None)},
    )
    f.refresh_from_db()
    assert f.visitors == 15000
    assert f.sales_vnd == 200_000_000 and f.contracts_signed == 2
    assert f.results_recorded_by == users["department"] and f.has_results
    # a correction with explicit totals
    services.record_results(
        f, by=users["province"], visitors=16000, contracts_signed=5, sales_vnd=250_000_000
    )
    f.refresh_from_db()
    assert (f.visitors, f.contracts_signed, f.sales_vnd) == (16000, 5, 250_000_000)
    with pytest.raises(TransitionRefused, match="negative"):
        services.record_results(f, by=None, visitors=-1, contracts_signed=0, sales_vnd=0)
    with pytest.raises(TransitionRefused):
        services.record_results(f, by=users["district"], visitors=1, contracts_signed=1, sales_vnd=1)
    stranger = Fair.objects.create(
        name="Khác", city="Huế", start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2023, 1, 2)
    )
    other_part = Participation.objects.create(fair=stranger, producer=a.producer)
    with pytest.raises(TransitionRefused, match="does not belong"):
        services.record_results(
            f, by=None, visitors=1, contracts_signed=1, sales_vnd=1, participations={other_part.pk: (1, 1)}
        )


def test_scoping_of_participations(users):
    mine = h.certified("Mì Quảng", commune="20599")
    dai_loc = h.unit("506").children.order_by("code").first()
    theirs = h.certified("Bánh tráng Đại Lộc", commune=dai_loc.code)
    f = fair()
    p1 = services.register_participation(f, mine.producer, products=[mine], by=None)
    p2 = services.register_participation(f, theirs.producer, products=[theirs], by=None)
    from accounts import access

    assert set(access.visible(users["district"], Participation)) == {p1}
    assert set(access.visible(users["district2"], Participation)) == {p2}
    assert set(access.visible(users["department"], Participation)) == {p1, p2}
    assert set(access.editable(users["department"], Participation)) == {p1, p2}
    assert not access.visible(users["council"], Participation).exists()
    assert not access.visible(users["producer"], Participation).exists()
    assert set(access.visible(users["commune"], Participation)) == {p1}
    assert not access.editable(users["commune"], Participation).exists()


def test_scoping_of_sales_points(users):
    a, b = point("508"), point("506")
    from accounts import access

    assert set(access.visible(users["district"], SalesPoint)) == {a}
    assert set(access.editable(users["district"], SalesPoint)) == {a}
    assert set(access.visible(users["commune"], SalesPoint)) == {a}  # Nam Phước is in Duy Xuyên
    assert not access.editable(users["commune"], SalesPoint).exists()
    assert set(access.editable(users["department"], SalesPoint)) == {a, b}
    assert not access.visible(users["producer"], SalesPoint).exists()
    assert not access.visible(None, SalesPoint).exists()
    assert AdministrativeUnit.objects.get(code="20599").parent.code == "508"
