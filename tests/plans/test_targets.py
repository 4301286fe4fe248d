"""Each kind of target measures itself from known data."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps

from plans import services, targets
from plans.models import PlanProduct, RevenueReport, TrainingAttendance, TrainingSession
from producers.models import OrganisationEvent
from products import workflows as pw
from tests.factories import ProducerFactory

from . import helpers as h

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2023, 12, 31)


def recognised(stars=3, certified_on=datetime.date(2023, 6, 1), **kw):
    return h.product(
        state=pw.RECOGNISED,
        stars=stars,
        certified_on=certified_on,
        certificate_number=f"T-{stars}-{certified_on:%Y%m%d}-{kw.pop('n', 0)}",
        valid_until=certified_on + relativedelta(months=36),
        **kw,
    )


def test_share_3star_counts_recognised_plan_products_over_the_list():
    plan = h.make_plan(2023)
    products = [recognised(n=i) for i in range(6)] + [recognised(stars=4, n=9)]
    products += [h.product(state=s) for s in (pw.IDEA_REGISTERED, pw.IN_DEVELOPMENT, pw.NOT_REACHED)]
    h.attach(plan, products)
    t = h.target(plan, "share_3star", 70)
    m = targets.measure(t, AS_OF)
    assert m.value == 70.0 and m.on_track is True
    assert "7 of 10" in m.detail
    PlanProduct.objects.filter(plan=plan, product=products[0]).delete()
    PlanProduct.objects.create(plan=plan, product=h.product(state=pw.EVALUATED))
    m = targets.measure(t, AS_OF)
    assert m.value == 60.0 and m.on_track is False


def test_share_3star_keeps_a_past_years_result_after_the_certificate_expired():
    plan = h.make_plan(2023)
    expired = h.product(state=pw.EXPIRED, stars=3, certified_on=datetime.date(2023, 5, 2))
    h.attach(plan, [expired, h.product()])
    m = targets.measure(h.target(plan, "share_3star", 70), AS_OF)
    assert m.value == 50.0


def test_share_3star_without_products_has_no_value_and_no_verdict():
    plan = h.make_plan(2023)
    m = targets.measure(h.target(plan, "share_3star", 70), AS_OF)
    assert m.value is None and m.on_track is None and m.measurable


def test_new_4star_counts_first_4star_certificates_of_the_year():
    Certificate = apps.get_model("certificates", "Certificate")
    plan = h.make_plan(2023)

    def cert(product, stars, issued, status="valid", n=[0]):  # noqa: B006 - a counter
        n[0] += 1
        return Certificate.objects.create(
            product=product,
            number=f"C-{n[0]}",
            stars=stars,
            level="province",
            issued_on=issued,
            valid_until=issued + relativedelta(months=36),
            status=status,
        )

    a, b, c, d, e, f = (h.product(state=pw.RECOGNISED) for _ in range(6))
    cert(a, 4, datetime.date(2023, 3, 1))
    cert(b, 4, datetime.date(2023, 10, 20))
    cert(c, 4, datetime.date(2021, 5, 1), status="superseded")  # already 4★ before the year: not new
    cert(c, 4, datetime.date(2023, 6, 1))
    cert(d, 3, datetime.date(2023, 6, 1))  # 3★ only
    cert(e, 4, datetime.date(2023, 7, 1), status="revoked")
    cert(f, 4, datetime.date(2024, 1, 5))  # next year
    m = targets.measure(h.target(plan, "new_4star", 10, 15), AS_OF)
    assert m.value == 2 and m.on_track is False
    assert targets.measure(h.target(plan, "new_4star", 2), AS_OF).on_track is True


def test_supported_products_counts_upgrade_entries():
    plan = h.make_plan(2023)
    h.attach(plan, [h.product() for _ in range(3)], kind=PlanProduct.Kind.UPGRADE)
    h.attach(plan, [h.product()], kind=PlanProduct.Kind.NEW)
    m = targets.measure(h.target(plan, "supported_products", 333), AS_OF)
    assert m.value == 3 and m.on_track is False


def test_economic_orgs_counts_each_producer_once_in_the_plan_year():
    plan = h.make_plan(2023)
    p1, p2, p3, old = (ProducerFactory() for _ in range(4))
    OrganisationEvent.objects.create(producer=p1, year=2023, kind="founded")
    OrganisationEvent.objects.create(producer=p1, year=2023, kind="consolidated")
    OrganisationEvent.objects.create(producer=p2, year=2023, kind="consolidated")
    OrganisationEvent.objects.create(producer=p3, year=2023, kind="founded")
    OrganisationEvent.objects.create(producer=old, year=2022, kind="founded")
    assert targets.measure(h.target(plan, "economic_orgs", 10), AS_OF).value == 3
    assert targets.measure(h.target(plan, "economic_orgs", 3), AS_OF).on_track is True


def test_sales_point_districts_uses_the_tradefairs_function(monkeypatch):
    plan = h.make_plan(2023)
    seen = {}

    class FakeServices:
        @staticmethod
        def districts_with_sales_point(province_unit, on=None):
            seen["args"] = (province_unit.code, on)
            return 17

    monkeypatch.setattr(targets, "_tradefairs_services", lambda: FakeServices)
    m = targets.measure(h.target(plan, "sales_point_districts", 18), AS_OF)
    assert (m.value, m.on_track) == (17, False)
    assert seen["args"] == ("49", AS_OF)


def test_sales_point_districts_is_not_measurable_without_a_register(monkeypatch):
    plan = h.make_plan(2023)
    monkeypatch.setattr(targets, "_tradefairs_services", lambda: None)
    monkeypatch.setattr(targets, "_tradefairs_model", lambda name: None)
    m = targets.measure(h.target(plan, "sales_point_districts", 18), AS_OF)
    assert not m.measurable and m.value is None and m.on_track is None


def test_sales_point_districts_against_the_real_register():
    SalesPoint = apps.get_model("tradefairs", "SalesPoint")
    plan = h.make_plan(2023)
    for code in ("508", "508", "506"):
        SalesPoint.objects.create(name=f"Điểm bán OCOP {code}", address="Thôn 1", district=h.unit(code))
    m = targets.measure(h.target(plan, "sales_point_districts", 18), datetime.date.today())
    assert m.value == 2


def test_fairs_held_passes_the_scope(monkeypatch):
    plan = h.make_plan(2023)
    calls = []

    class FakeServices:
        @staticmethod
        def fairs_held(year, *, scope=None, on=None):
            calls.append((year, scope))
            return 3 if scope == "out_of_province" else 1

    monkeypatch.setattr(targets, "_tradefairs_services", lambda: FakeServices)
    assert targets.measure(h.target(plan, "fairs_held", 3, scope="out_of_province"), AS_OF).on_track is True
    assert targets.measure(h.target(plan, "fairs_held", 2), AS_OF).value == 1
    assert calls == [(2023, "out_of_province"), (2023, None)]


def test_fairs_held_with_a_function_that_cannot_filter_is_not_measurable(monkeypatch):
    plan = h.make_plan(2023)

    class OldServices:
        @staticmethod
        def fairs_held(year):
            return 5

    monkeypatch.setattr(targets, "_tradefairs_services", lambda: OldServices)
    assert not targets.measure(h.target(plan, "fairs_held", 3, scope="out_of_province"), AS_OF).measurable
    assert targets.measure(h.target(plan, "fairs_held", 2), AS_OF).value == 5


def test_training_staff_share_of_district_and_commune_officers(users):
    plan = h.make_plan(2023)
    session = TrainingSession.objects.create(
        plan=plan, unit=h.unit("49"), date=datetime.date(2023, 3, 1), topic="x"
    )
    services.add_attendees(session, by=h.province_user(), users=[users["district"], users["commune"]])
    later = TrainingSession.objects.create(
        plan=plan, unit=h.unit("49"), date=datetime.date(2024, 3, 1), topic="y"
    )
    TrainingAttendance.objects.create(session=later, user=users["district2"])
    m = targets.measure(h.target(plan, "training_staff", 100), AS_OF)
    # district, district2 and commune officers are the province's local staff; two trained by 31/12/2023
    assert m.value == pytest.approx(66.7) and m.on_track is False


def test_training_producers_share_of_new_producers():
    plan = h.make_plan(2023)
    first, second, veteran = ProducerFactory(), ProducerFactory(), ProducerFactory()
    recognised(producer=veteran, certified_on=datetime.date(2021, 4, 1), n=1)  # took part before
    h.attach(plan, [h.product(producer=first), h.product(producer=second), h.product(producer=veteran)])
    h.attach(plan, [h.product()], kind=PlanProduct.Kind.UPGRADE)  # upgrade: not a new producer
    session = TrainingSession.objects.create(
        plan=plan, unit=h.unit("49"), date=datetime.date(2023, 3, 1), topic="x"
    )
    services.add_attendees(session, by=h.province_user(), producers=[first, veteran])
    assert set(targets.new_producers(plan)) == {first, second}
    m = targets.measure(h.target(plan, "training_producers", 100), AS_OF)
    assert m.value == 50.0 and m.on_track is False


def test_revenue_growth_averages_the_ratio_a_year_after_recognition():
    plan = h.make_plan(2024)
    p1 = recognised(certified_on=datetime.date(2023, 3, 1), n=1)
    p2 = recognised(certified_on=datetime.date(2023, 5, 1), n=2)
    p3 = recognised(certified_on=datetime.date(2023, 8, 1), n=3)  # producer-level figures only
    p4 = recognised(certified_on=datetime.date(2023, 9, 1), n=4)  # only the base year reported
    p_old = recognised(certified_on=datetime.date(2022, 9, 1), n=5)  # other cohort
    for product, base, after in ((p1, 100, 180), (p2, 100, 120), (p_old, 100, 500)):
        RevenueReport.objects.create(
            producer=product.producer, product=product, year=product.certified_on.year, revenue=base
        )
        RevenueReport.objects.create(
            producer=product.producer, product=product, year=product.certified_on.year + 1, revenue=after
        )
    RevenueReport.objects.create(producer=p3.producer, year=2023, revenue=200)
    RevenueReport.objects.create(producer=p3.producer, year=2024, revenue=300)
    RevenueReport.objects.create(producer=p4.producer, product=p4, year=2023, revenue=100)
    assert sorted(round(r, 2) for _pk, r in targets.revenue_ratios(plan)) == [1.2, 1.5, 1.8]
    m = targets.measure(h.target(plan, "revenue_growth", "1.5"), AS_OF)
    assert m.value == 1.5 and m.on_track is True and m.display == "1,50×"


def test_revenue_growth_falls_back_to_the_producer_once_under_its_first_product():
    """Whole-business figures count once a producer, for products without usable figures of their
    own (none, a zero base year, or no next year), under the producer's first such product by
    recognition date; a product with its own two figures counts on its own as well."""
    plan = h.make_plan(2024)
    p = ProducerFactory(commune=h.unit("20599"))
    later = recognised(certified_on=datetime.date(2023, 9, 1), n=1, producer=p)  # no figures
    first = recognised(certified_on=datetime.date(2023, 2, 1), n=2, producer=p)  # base year only
    own = recognised(certified_on=datetime.date(2023, 4, 1), n=3, producer=p)  # both years
    RevenueReport.objects.create(producer=p, product=first, year=2023, revenue=80)
    RevenueReport.objects.create(producer=p, product=own, year=2023, revenue=100)
    RevenueReport.objects.create(producer=p, product=own, year=2024, revenue=300)
    RevenueReport.objects.create(producer=p, year=2023, revenue=200)
    RevenueReport.objects.create(producer=p, year=2024, revenue=250)
    q = ProducerFactory(commune=h.unit("20599"))
    zero = recognised(certified_on=datetime.date(2023, 5, 1), n=4, producer=q)  # zero base year
    RevenueReport.objects.create(producer=q, product=zero, year=2023, revenue=0)
    RevenueReport.objects.create(producer=q, product=zero, year=2024, revenue=50)
    RevenueReport.objects.create(producer=q, year=2023, revenue=100)
    RevenueReport.objects.create(producer=q, year=2024, revenue=50)
    silent = ProducerFactory(commune=h.unit("20599"))  # whole-business base year only: nothing
    recognised(certified_on=datetime.date(2023, 7, 1), n=5, producer=silent)
    RevenueReport.objects.create(producer=silent, year=2023, revenue=100)

    ratios = sorted(targets.revenue_ratios(plan))
    assert ratios == sorted([(own.pk, 3.0), (first.pk, 1.25), (zero.pk, 0.5)])
    assert later.pk not in {pk for pk, _r in ratios}
    m = targets.measure(h.target(plan, "revenue_growth", "1.5"), AS_OF)
    assert m.value == 1.58 and m.on_track is True  # (3.0 + 1.25 + 0.5) / 3


def test_revenue_growth_without_figures_has_no_verdict():
    plan = h.make_plan(2024)
    m = targets.measure(h.target(plan, "revenue_growth", "1.5"), AS_OF)
    assert m.value is None and m.on_track is None


def test_manual_target_uses_the_value_entered_by_hand():
    plan = h.make_plan(2023)
    t = h.target(plan, "manual", 2, unit="hội chợ")
    assert targets.measure(t, AS_OF).value is None
    services.set_manual_value(t, 2, by=h.province_user(), note="Hội An, Tam Kỳ")
    m = targets.measure(t, AS_OF)
    assert (m.value, m.on_track, m.display, m.detail) == (2.0, True, "2 hội chợ", "Hội An, Tam Kỳ")
    assert t.manual_updated_by == h.province_user()


def test_dashboard_shows_goal_value_and_verdict_with_a_chart(client_for):
    plan = h.make_plan(2023, published=True)
    h.attach(plan, [recognised(n=1), h.product()])
    h.target(plan, "share_3star", 70, label="Sản phẩm đạt 3 sao trở lên", unit="%")
    h.target(plan, "manual", 1, label="Hội nghị tổng kết", unit="hội nghị")
    response = client_for("district").get(f"/plans/{plan.pk}/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sản phẩm đạt 3 sao trở lên" in body and "70 %" in body and "50,0 %" in body
    assert "vendor/chartjs/chart.umd.min.js" in body and 'id="targets-data"' in body
    chart = response.context["chart"]
    assert chart["percent"][0] == pytest.approx(71.4) and chart["on_track"] == [False, None]
