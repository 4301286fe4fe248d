"""Periodic reports (figures frozen at submission) and the provincial Excel summary."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from ocop_portal.workflow import TransitionRefused
from plans import figures, services, workflows
from plans.models import Disbursement, PeriodicReport, TrainingSession
from products import workflows as pw

from . import helpers as h

pytestmark = pytest.mark.django_db
Q2_END = datetime.date(2023, 6, 30)


@pytest.fixture
def plan(users):
    by = users["province"]
    plan = h.make_plan(2023, published=True)
    h.set_windows(plan, {s: (datetime.date(2023, 1, 1), datetime.date(2023, 5, 31)) for s in (1, 2, 3)})
    h.attach(plan, [h.product(state=pw.IDEA_REGISTERED), h.product(state=pw.IN_DEVELOPMENT)])
    h.attach(
        plan,
        [
            h.product(
                state=pw.RECOGNISED, stars=4, certified_on=datetime.date(2023, 5, 10), certificate_number="X1"
            )
        ],
        kind="upgrade",
    )
    h.attach(plan, [h.product(state=pw.PLAN_SUBMITTED, commune="20620")])
    h.task(plan, group="districts", title="Báo cáo quý", due_date=datetime.date(2023, 3, 31), status="done")
    h.task(plan, group="districts", title="Kế hoạch cấp huyện", due_date=datetime.date(2023, 4, 30))
    h.task(plan, lead="so-cong-thuong", title="Hội chợ", due_date=datetime.date(2023, 4, 30))
    services.record_allocation(plan, locality=h.unit("508"), source="provincial", amount=500_000_000, by=by)
    services.record_disbursement(
        plan,
        locality=h.unit("508"),
        source="provincial",
        amount=120_000_000,
        date=datetime.date(2023, 5, 2),
        by=by,
    )
    services.record_disbursement(
        plan,
        locality=h.unit("508"),
        source="provincial",
        amount=30_000_000,
        date=datetime.date(2023, 2, 2),
        by=by,
    )
    session = TrainingSession.objects.create(
        plan=plan, unit=h.unit("508"), date=datetime.date(2023, 4, 4), topic="x"
    )
    services.add_attendees(session, by=by, users=[users["district"]])
    return plan


def test_district_figures(plan):
    data = figures.district_figures(h.unit("508"), 2023, "Q2", as_of=datetime.date(2023, 7, 5))
    assert data["plan"]["number"] == "65/KH-UBND"
    assert (data["start"], data["end"]) == ("2023-04-01", "2023-06-30")
    assert data["products"] == {
        "total": 4,
        "new": 3,
        "upgrade": 1,
        "by_step": {"1": 0, "2": 1, "3": 1, "4": 1, "5": 0, "6": 1},
        "stuck": 2,
    }
    assert data["recognised_in_period"] == {"3": 0, "4": 1, "5": 0, "total": 1}
    assert data["tasks"] == {"total": 2, "done": 1, "overdue": 1, "reports_in_period": 0}
    assert data["funding"] == {
        "allocated": 500_000_000,
        "disbursed": 150_000_000,
        "disbursed_in_period": 120_000_000,
        "remaining": 350_000_000,
    }
    assert data["training"] == {"sessions": 1, "attendees": 1, "district_staff_trained": 1}
    other = figures.district_figures(h.unit("506"), 2023, "Q2", as_of=datetime.date(2023, 7, 5))
    assert other["products"]["total"] == 0 and other["funding"]["allocated"] == 0


def test_submission_freezes_the_figures(plan, users):
    report = services.create_periodic_report(
        district=h.unit("508"), year=2023, period="Q2", by=users["district"]
    )
    with pytest.raises(TransitionRefused, match="narrative"):
        services.submit_periodic_report(report, by=users["district"])
    services.update_periodic_report(report, by=users["district"], narrative="Quý II: 1 sản phẩm đạt 4 sao.")
    services.submit_periodic_report(report, by=users["district"], as_of=Q2_END)
    assert report.status == workflows.SUBMITTED and report.submitted_by == users["district"]
    frozen = report.figures
    assert frozen["funding"]["disbursed"] == 150_000_000
    services.record_disbursement(
        plan,
        locality=h.unit("508"),
        source="provincial",
        amount=10_000_000,
        date=datetime.date(2023, 6, 20),
        by=users["province"],
    )
    report.refresh_from_db()
    assert report.figures == frozen
    with pytest.raises(TransitionRefused):
        services.update_periodic_report(report, by=users["district"], narrative="sửa")
    with pytest.raises(TransitionRefused):
        services.return_periodic_report(report, by=users["district"], reason="x")
    with pytest.raises(TransitionRefused):
        services.return_periodic_report(report, by=users["province"], reason="")
    services.return_periodic_report(report, by=users["province"], reason="Bổ sung số liệu giải ngân")
    assert report.status == workflows.DRAFT
    assert list(services.log_for(report).values_list("name", flat=True)) == ["submit", "return"]


def test_report_rules(plan, users):
    with pytest.raises(TransitionRefused):
        services.create_periodic_report(district=h.unit("506"), year=2023, period="Q1", by=users["district"])
    services.create_periodic_report(district=h.unit("508"), year=2023, period="Q1", by=users["district"])
    with pytest.raises(TransitionRefused):
        services.create_periodic_report(district=h.unit("508"), year=2023, period="Q1", by=users["province"])
    report = PeriodicReport.objects.get()
    report.narrative = "x"
    report.save()
    with pytest.raises(TransitionRefused):  # another district's officer
        services.submit_periodic_report(report, by=users["district2"])


def test_report_views_scope_and_snapshot(plan, users, client_for):
    mine = services.create_periodic_report(
        district=h.unit("508"), year=2023, period="Q2", by=users["district"], narrative="Quý II"
    )
    theirs = services.create_periodic_report(
        district=h.unit("506"), year=2023, period="Q2", by=users["district2"], narrative="Quý II Đại Lộc"
    )
    client = client_for("district")
    assert set(client.get("/plans/reports/").context["table"].data.data) == {mine}
    assert client.get(f"/plans/reports/{theirs.pk}/").status_code == 404
    live = client.get(f"/plans/reports/{mine.pk}/")
    assert live.context["live"] is True
    assert client.post(f"/plans/reports/{mine.pk}/submit/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == "submitted" and mine.figures["products"]["total"] == 4
    page = client_for("province").get(f"/plans/reports/{mine.pk}/")
    assert page.context["live"] is False and page.context["can_return"] is True
    assert 500_000_000 in [value for _label, value in page.context["figures"]]
    created = client.post(
        "/plans/reports/new/", {"district": h.unit("508").pk, "year": 2023, "period": "Q3", "narrative": ""}
    )
    assert created.status_code == 302 and PeriodicReport.objects.filter(period="Q3").exists()


def test_excel_summary_has_one_sheet_per_section(plan, users, client_for):
    h.target(plan, "supported_products", 333, label="Hỗ trợ sản phẩm đã công nhận")
    h.target(plan, "share_3star", 25, label="Đạt 3 sao trở lên")
    response = client_for("province").get(f"/plans/{plan.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Targets", "Products by step", "Tasks", "Funding"]
    targets = wb["Targets"]
    rows = {
        targets.cell(r, 1).value: [targets.cell(r, c).value for c in range(2, 6)]
        for r in range(4, targets.max_row + 1)
    }
    assert rows["Hỗ trợ sản phẩm đã công nhận"][1:] == ["333", 1, "no"]
    assert rows["Đạt 3 sao trở lên"][2:] == [25, "yes"]
    products = wb["Products by step"]
    names = [products.cell(r, 1).value for r in range(4, products.max_row + 1)]
    assert products.cell(3, 1).value == "District"  # the plan's province has districts in its year
    assert names[-1] == "Total" and len(names) == 19
    duy_xuyen = names.index("Huyện Duy Xuyên") + 4
    assert [products.cell(duy_xuyen, c).value for c in range(2, 10)] == [0, 1, 1, 1, 0, 1, 4, 2]
    tasks = wb["Tasks"]
    titles = {tasks.cell(r, 3).value: tasks.cell(r, 7).value for r in range(4, tasks.max_row + 1)}
    assert titles["Hội chợ"] == "yes" and titles["Báo cáo quý"] is None
    funding = wb["Funding"]
    last = funding.max_row
    assert funding.cell(last, 1).value == "Total"
    assert [funding.cell(last, c).value for c in (8, 9, 10)] == [500_000_000, 150_000_000, 350_000_000]
    assert Disbursement.objects.count() == 2
