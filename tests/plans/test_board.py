"""The six-step board: counts per district and step, stuck detection, windows from milestones."""

from __future__ import annotations

import datetime

import pytest

from plans import board, services
from plans.models import PlanProduct
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 8, 15)
D = datetime.timedelta


@pytest.fixture
def plan():
    plan = h.make_plan(2023, published=True)
    h.set_windows(
        plan,
        {
            1: (datetime.date(2023, 1, 1), datetime.date(2023, 1, 31)),
            2: (datetime.date(2023, 2, 1), TODAY - D(days=30)),
            3: (TODAY - D(days=29), TODAY - D(days=10)),
            4: (TODAY - D(days=9), TODAY + D(days=10)),
            5: (TODAY + D(days=11), TODAY + D(days=30)),
            6: (TODAY + D(days=31), datetime.date(2023, 12, 31)),
        },
    )
    duy_xuyen = [
        pw.IDEA_REGISTERED,
        pw.IDEA_RETURNED,
        pw.PLAN_SUBMITTED,
        pw.IN_DEVELOPMENT,
        pw.RECOGNISED,
    ]
    h.attach(plan, [h.product(state=s, commune="20599") for s in duy_xuyen])
    dai_loc = h.unit("506").children.order_by("code").first().code
    h.attach(plan, [h.product(state=pw.DOSSIER_SUBMITTED, commune=dai_loc)])
    return plan


def test_counts_per_district_and_step_with_stuck_products(plan):
    districts = list(plan.districts())
    rows, totals = board.cycle_board(plan, PlanProduct.objects.all(), districts, as_of=TODAY)
    assert len(rows) == 18
    by_code = {r.district.code: r for r in rows}
    dx = by_code["508"]
    assert dx.counts == {1: 0, 2: 2, 3: 1, 4: 1, 5: 0, 6: 1}
    assert dx.stuck == {1: 0, 2: 2, 3: 1, 4: 0, 5: 0, 6: 0}
    assert (dx.total, dx.stuck_total) == (5, 3)
    assert by_code["506"].counts[5] == 1 and by_code["506"].stuck_total == 0
    assert by_code["502"].total == 0
    assert (totals.total, totals.stuck_total) == (6, 3)


def test_a_step_becomes_stuck_when_its_window_ends(plan):
    later = TODAY + D(days=11)  # step 4's window has ended
    rows, totals = board.cycle_board(plan, PlanProduct.objects.all(), list(plan.districts()), as_of=later)
    assert totals.stuck == {1: 0, 2: 2, 3: 1, 4: 1, 5: 0, 6: 0}
    entries = board.district_entries(
        plan, PlanProduct.objects.filter(product__commune__parent__code="508"), later
    )
    stuck = [(e.entry.product.state, e.days_late) for e in entries if e.stuck]
    assert (pw.IN_DEVELOPMENT, 1) in stuck
    assert [e.step for e in entries] == sorted(e.step for e in entries)


def test_step_six_is_never_stuck(plan):
    rows, totals = board.cycle_board(
        plan, PlanProduct.objects.all(), list(plan.districts()), as_of=datetime.date(2024, 3, 1)
    )
    assert totals.stuck[6] == 0 and totals.stuck[5] == 1


def test_windows_are_computed_from_the_milestones():
    plan = h.make_plan(2023)
    h.add_milestones(
        plan,
        [
            ("plan_registration", datetime.date(2023, 2, 10)),
            ("dossier_batch", datetime.date(2023, 7, 15), 50),
            ("dossier_batch", datetime.date(2023, 9, 15), 100),
            ("district_evaluation", datetime.date(2023, 7, 31)),
            ("province_evaluation", datetime.date(2023, 10, 30)),
        ],
    )
    w = services.compute_step_windows(plan)
    assert w[1][0] == datetime.date(2023, 1, 1)
    # no idea-registration milestone: step 2 ends with the next defined step (plan registration)
    assert w[2][1] == w[3][1] == datetime.date(2023, 2, 10)
    assert w[4] == (datetime.date(2023, 2, 11), datetime.date(2023, 9, 15))
    assert w[5] == (datetime.date(2023, 9, 16), datetime.date(2023, 10, 30))
    assert w[6] == (datetime.date(2023, 10, 31), datetime.date(2023, 12, 31))
    for step in range(2, 7):
        assert w[step][0] <= w[step][1] and w[step - 1][1] <= w[step][1]


def test_publishing_prefills_the_windows_and_recompute_is_an_amendment():
    plan = h.make_plan(2023)
    h.add_milestones(plan, [("district_evaluation", datetime.date(2023, 7, 31))])
    services.publish_plan(plan, by=h.province_user())
    assert plan.step_windows.count() == 6
    plan.milestones.update(due_date=datetime.date(2023, 8, 15))
    services.prefill_step_windows(plan, by=h.province_user(), reason="Lùi hạn đánh giá cấp huyện")
    assert plan.step_windows.get(step=5).end == datetime.date(2023, 8, 15)
    assert plan.amendments.get().section == "step_windows"


def test_dossier_batch_quota(plan):
    h.add_milestones(
        plan, [("dossier_batch", TODAY - D(days=1), 50), ("dossier_batch", TODAY + D(days=30), 100)]
    )
    first, second = board.batch_progress(plan, PlanProduct.objects.all(), TODAY)
    # 6 products: batch 1 needs 3 at evaluation or beyond; 2 are (dossier submitted, recognised)
    assert (first.required, first.achieved, first.behind) == (3, 2, True)
    assert (second.required, second.behind) == (6, False)


def test_board_view_province_sees_every_district(plan, client_for):
    response = client_for("province").get(f"/plans/{plan.pk}/board/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 18
    assert response.context["totals"].total == 6


def test_board_view_district_sees_only_its_own(plan, client_for):
    response = client_for("district").get(f"/plans/{plan.pk}/board/")
    rows = response.context["rows"]
    assert [r.district.code for r in rows] == ["508"] and rows[0].total == 5
    response = client_for("district2").get(f"/plans/{plan.pk}/board/")
    assert [r.district.code for r in response.context["rows"]] == ["506"]
    assert response.context["totals"].total == 1
    assert client_for("district2").get(f"/plans/{plan.pk}/board/508/").status_code == 404


def test_board_district_page_lists_stuck_products(plan, client_for):
    response = client_for("district").get(f"/plans/{plan.pk}/board/508/")
    assert response.status_code == 200
    assert response.context["stuck_count"] >= 3
    assert "days late" in response.content.decode() or "ngày" in response.content.decode()


def test_board_query_count_does_not_grow_with_products(plan, client_for, django_assert_max_num_queries):
    client = client_for("province")
    client.get(f"/plans/{plan.pk}/board/")  # warm caches (session, user)
    with django_assert_max_num_queries(14) as ctx:
        client.get(f"/plans/{plan.pk}/board/")
    before = len(ctx.captured_queries)
    h.attach(plan, [h.product(state=pw.PLAN_APPROVED, commune="20599") for _ in range(15)])
    with django_assert_max_num_queries(before):
        client.get(f"/plans/{plan.pk}/board/")


def test_a_merged_district_keeps_its_own_row(client_for):
    plan = h.make_plan(2025, published=True)  # Nông Sơn (519) was merged into Quế Sơn on 01/01/2025
    nong_son_commune = h.unit("519").children.order_by("code").first().code
    h.attach(plan, [h.product(state=pw.IN_DEVELOPMENT, commune=nong_son_commune)])
    districts = list(plan.districts())
    assert "519" not in {d.code for d in districts}
    rows, totals = board.cycle_board(
        plan, PlanProduct.objects.all(), districts, as_of=datetime.date(2025, 3, 1)
    )
    assert rows[-1].district.code == "519" and rows[-1].total == 1 and totals.total == 1
    assert client_for("province").get(f"/plans/{plan.pk}/board/519/").status_code == 200


def test_the_plan_list_shows_the_step_of_the_products_lifecycle(client_for):
    """Issue 13, defect 7: the list's step is the lifecycle's (one function), not "1" for all."""
    from products.models import Product

    plan = h.make_plan(2023, published=True)
    states = [pw.IDEA_REGISTERED, pw.IDEA_ACCEPTED, pw.IN_DEVELOPMENT, pw.EVALUATED, pw.RECOGNISED]
    h.attach(plan, [h.product(state=s) for s in states])
    table = client_for("province").get(f"/plans/{plan.pk}/products/").context["table"]
    shown = {row.record.product.state: row.get_cell("step") for row in table.rows}
    assert {s: shown[s][0] for s in states} == {s: str(pw.cycle_step(s)) for s in states}
    assert [shown[s][0] for s in states] == ["2", "3", "4", "5", "6"]
    assert all(
        Product.objects.get(pk=r.record.product_id).cycle_step == int(shown[r.record.product.state][0])
        for r in table.rows
    )
    assert pw.states_at_step(2) == [pw.IDEA_REGISTERED, pw.IDEA_RETURNED]
