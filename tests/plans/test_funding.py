"""Funding: allocated vs disbursed per locality and source; who may report what."""

from __future__ import annotations

import datetime

import pytest

from ocop_portal.workflow import TransitionRefused
from plans import figures, services
from plans.models import Allocation, Disbursement

from . import helpers as h

pytestmark = pytest.mark.django_db
DAY = datetime.date(2023, 6, 1)


@pytest.fixture
def plan(users):
    plan = h.make_plan(2023, published=True)
    by = users["province"]
    services.record_allocation(plan, locality=h.unit("508"), source="provincial", amount=600_000_000, by=by)
    services.record_allocation(plan, locality=h.unit("508"), source="ntm_central", amount=200_000_000, by=by)
    services.record_allocation(plan, locality=h.unit("506"), source="provincial", amount=400_000_000, by=by)
    services.record_allocation(plan, locality=h.unit("49"), source="provincial", amount=1_000_000_000, by=by)
    services.record_disbursement(
        plan, locality=h.unit("508"), source="provincial", amount=100_000_000, date=DAY, by=by
    )
    services.record_disbursement(
        plan, locality=h.unit("508"), source="ntm_central", amount=200_000_000, date=DAY, by=by
    )
    services.record_disbursement(
        plan, locality=h.unit("506"), source="provincial", amount=380_000_000, date=DAY, by=by
    )
    return plan


def test_sums_per_locality_and_source(plan):
    rows, totals = figures.funding_summary(
        Allocation.objects.filter(plan=plan), Disbursement.objects.filter(plan=plan)
    )
    by_code = {r.locality.code: r for r in rows}
    assert [r.locality.code for r in rows] == ["49", "506", "508"]  # tree order
    dx = by_code["508"]
    assert dx.allocated == {"provincial": 600_000_000, "ntm_central": 200_000_000, "other": 0}
    assert dx.disbursed == {"provincial": 100_000_000, "ntm_central": 200_000_000, "other": 0}
    assert (dx.allocated_total, dx.disbursed_total, dx.remainder, dx.rate) == (
        800_000_000,
        300_000_000,
        500_000_000,
        37.5,
    )
    assert dx.low_spending is True
    assert by_code["506"].remainder == 20_000_000 and by_code["506"].low_spending is False
    assert (totals.allocated_total, totals.disbursed_total, totals.remainder) == (
        2_200_000_000,
        680_000_000,
        1_520_000_000,
    )


def test_a_disbursement_cannot_exceed_the_unspent_allocation(plan, users):
    with pytest.raises(TransitionRefused, match="20.000.000"):
        services.record_disbursement(
            plan,
            locality=h.unit("506"),
            source="provincial",
            amount=30_000_000,
            date=DAY,
            by=users["province"],
        )
    with pytest.raises(TransitionRefused):  # nothing allocated from that source
        services.record_disbursement(
            plan, locality=h.unit("506"), source="other", amount=1, date=DAY, by=users["province"]
        )
    assert Disbursement.objects.filter(locality__code="506").count() == 1
    assert services.unspent(plan, h.unit("506"), "provincial") == 20_000_000


def test_districts_report_their_own_disbursements_only(plan, users):
    d = services.record_disbursement(
        plan, locality=h.unit("508"), source="provincial", amount=50_000_000, date=DAY, by=users["district"]
    )
    assert d.reported_by == users["district"]
    for role, code in (("district", "506"), ("commune", "508"), ("department", "508")):
        with pytest.raises(TransitionRefused):
            services.record_disbursement(
                plan, locality=h.unit(code), source="provincial", amount=1, date=DAY, by=users[role]
            )
    with pytest.raises(TransitionRefused):
        services.record_allocation(
            plan, locality=h.unit("508"), source="provincial", amount=1, by=users["district"]
        )


def test_funding_view_scope_and_highlight(plan, client_for):
    province = client_for("province").get(f"/plans/{plan.pk}/funding/")
    assert [r.locality.code for r in province.context["rows"]] == ["49", "506", "508"]
    assert [r.locality.code for r in province.context["surplus"]] == ["49", "508"]
    assert "table-warning" in province.content.decode()
    district = client_for("district").get(f"/plans/{plan.pk}/funding/")
    assert [r.locality.code for r in district.context["rows"]] == ["508"]
    assert district.context["totals"].allocated_total == 800_000_000
    assert client_for("district").get(f"/plans/{plan.pk}/funding/506/").status_code == 404
    detail = client_for("district").get(f"/plans/{plan.pk}/funding/508/")
    assert detail.context["remainder"] == 500_000_000


def test_disbursement_form_by_a_district(plan, client_for):
    client = client_for("district")
    form = client.get(f"/plans/{plan.pk}/funding/disbursements/new/").context["form"]
    assert [u.code for u in form.fields["locality"].queryset] == ["508"]
    ok = client.post(
        f"/plans/{plan.pk}/funding/disbursements/new/",
        {
            "locality": h.unit("508").pk,
            "source": "provincial",
            "date": "02/06/2023",
            "amount": "25000000",
            "note": "Hỗ trợ bao bì",
        },
    )
    assert ok.status_code == 302
    too_much = client.post(
        f"/plans/{plan.pk}/funding/disbursements/new/",
        {"locality": h.unit("508").pk, "source": "provincial", "date": "02/06/2023", "amount": "999000000"},
    )
    assert too_much.status_code == 200 and "unspent" in too_much.content.decode()
    other = client.post(
        f"/plans/{plan.pk}/funding/disbursements/new/",
        {"locality": h.unit("506").pk, "source": "provincial", "date": "02/06/2023", "amount": "1000"},
    )
    assert other.status_code == 200  # not a choice for this district
    assert Disbursement.objects.filter(reported_by__username="t_district").count() == 1
