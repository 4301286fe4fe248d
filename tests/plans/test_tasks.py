"""Department tasks: overdue, recurrence, workflow, progress reports with evidence, duty library."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Department
from ocop_portal.workflow import TransitionRefused
from plans import services, workflows
from plans.duties import UNITS, load_templates
from plans.models import DutyTemplate, ProgressAttachment, ProgressReport, Recurrence, Task
from plans.sections import implementation_section

from . import helpers as h

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = datetime.timedelta


# --- overdue and recurrence -----------------------------------------------------------------
def test_overdue_is_computed_from_due_date_and_status():
    plan = h.make_plan(TODAY.year)
    late = h.task(plan, lead="so-y-te", due_date=TODAY - D(days=1))
    done = h.task(plan, lead="so-y-te", due_date=TODAY - D(days=1), status=workflows.DONE)
    due_today = h.task(plan, lead="so-y-te", due_date=TODAY)
    continuous = h.task(plan, lead="so-y-te")
    assert (
        late.is_overdue()
        and not done.is_overdue()
        and not due_today.is_overdue()
        and not continuous.is_overdue()
    )
    assert list(Task.objects.overdue()) == [late]
    assert late.is_overdue(TODAY - D(days=5)) is False


@pytest.mark.parametrize(
    "recurrence,due,expected",
    [
        (Recurrence.QUARTERLY, datetime.date(2023, 3, 31), datetime.date(2023, 6, 30)),
        (Recurrence.QUARTERLY, datetime.date(2023, 6, 30), datetime.date(2023, 9, 30)),
        (Recurrence.QUARTERLY, datetime.date(2023, 9, 30), datetime.date(2023, 12, 31)),
        (Recurrence.QUARTERLY, datetime.date(2023, 2, 15), datetime.date(2023, 5, 15)),
        (Recurrence.YEARLY, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (Recurrence.NONE, datetime.date(2023, 2, 15), None),
    ],
)
def test_next_due_date(recurrence, due, expected):
    assert Task(due_date=due, recurrence=recurrence).next_due_date() == expected


def test_spawn_next_occurrence_copies_the_task_once():
    plan = h.make_plan(2023)
    t = h.task(
        plan,
        lead="so-nnptnt",
        cooperating=["so-tai-chinh"],
        due_date=datetime.date(2023, 3, 31),
        recurrence=Recurrence.QUARTERLY,
        status=workflows.DONE,
        description="Họp giao ban quý",
    )
    nxt = services.spawn_next_occurrence(t)
    assert (nxt.plan, nxt.due_date, nxt.status, nxt.previous) == (plan, datetime.date(2023, 6, 30), "open", t)
    assert list(nxt.cooperating.values_list("code", flat=True)) == ["so-tai-chinh"]
    assert nxt.description == "Họp giao ban quý"
    assert services.spawn_next_occurrence(t) == nxt  # idempotent
    assert Task.objects.filter(previous=t).count() == 1


def test_spawn_into_next_year_needs_that_years_plan():
    plan = h.make_plan(2023)
    t = h.task(plan, lead="so-nnptnt", due_date=datetime.date(2023, 12, 31), recurrence=Recurrence.QUARTERLY)
    with pytest.raises(TransitionRefused, match="2024"):
        services.spawn_next_occurrence(t)
    nxt_plan = h.make_plan(2024)
    nxt = services.spawn_next_occurrence(t)
    assert nxt.plan == nxt_plan and nxt.due_date == datetime.date(2024, 3, 31)


def test_spawn_refuses_non_recurring_tasks():
    plan = h.make_plan(2023)
    with pytest.raises(TransitionRefused):
        services.spawn_next_occurrence(h.task(plan, lead="so-nnptnt", due_date=datetime.date(2023, 3, 31)))


def test_spawn_due_occurrences_handles_past_due_and_done_tasks():
    plan = h.make_plan(2023)
    past = h.task(
        plan, group="districts", due_date=datetime.date(2023, 3, 31), recurrence=Recurrence.QUARTERLY
    )
    done_early = h.task(
        plan,
        lead="so-nnptnt",
        due_date=datetime.date(2023, 9, 30),
        recurrence=Recurrence.QUARTERLY,
        status=workflows.DONE,
    )
    h.task(plan, lead="so-nnptnt", due_date=datetime.date(2023, 9, 30), recurrence=Recurrence.QUARTERLY)
    created = services.spawn_due_occurrences(today=datetime.date(2023, 5, 1))
    assert {t.previous_id for t in created} == {past.pk, done_early.pk}
    assert services.spawn_due_occurrences(today=datetime.date(2023, 5, 1)) == []


# --- workflow -------------------------------------------------------------------------------
def test_lead_department_moves_its_task_cooperating_one_cannot(users):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, lead="so-cong-thuong", cooperating=["so-khcn"])
    services.transition_task(t, "start", by=users["department"])
    assert t.status == workflows.IN_PROGRESS
    coop = users["department"].__class__.objects.create(
        username="t_khcn_staff",
        role="department",
        department=Department.objects.get(code="so-khcn"),
        unit=h.unit("49"),
    )  # staff of the cooperating department
    with pytest.raises(TransitionRefused):
        services.transition_task(t, "complete", by=coop)
    other = h.task(plan, lead="so-y-te")
    with pytest.raises(TransitionRefused):
        services.transition_task(other, "start", by=users["department"])
    services.transition_task(t, "complete", by=users["department"])
    assert t.status == workflows.DONE and t.completed_at is not None
    with pytest.raises(TransitionRefused):  # only DARD reopens, with a reason
        services.transition_task(t, "reopen", by=users["department"], reason="x")
    with pytest.raises(TransitionRefused):
        services.transition_task(t, "reopen", by=users["province"])
    services.transition_task(t, "reopen", by=users["province"], reason="Chưa đủ hồ sơ")
    assert t.status == workflows.IN_PROGRESS and t.completed_at is None
    log = list(services.log_for(t).values_list("name", "by__username", "reason"))
    assert log == [
        ("start", "t_department", ""),
        ("complete", "t_department", ""),
        ("reopen", "t_province", "Chưa đủ hồ sơ"),
    ]


# --- progress reports -----------------------------------------------------------------------
def test_cooperating_department_reports_and_lead_report_starts_the_task(users):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, lead="so-cong-thuong", cooperating=["so-y-te"])
    health = users["department"].__class__.objects.create(
        username="t_health",
        role="department",
        department=Department.objects.get(code="so-y-te"),
        unit=h.unit("49"),
    )
    services.add_progress_report(t, by=health, text="Đã hướng dẫn công bố chất lượng", percent=30)
    t.refresh_from_db()
    assert t.status == workflows.OPEN  # a cooperating unit does not move the task
    services.add_progress_report(
        t, by=users["department"], text="Đã tổ chức 1 hội chợ", percent=50, files=[h.pdf()]
    )
    t.refresh_from_db()
    assert t.status == workflows.IN_PROGRESS
    report = ProgressReport.objects.filter(task=t).first()
    assert report.department.code == "so-cong-thuong" and report.attachments.count() == 1
    with pytest.raises(TransitionRefused):
        services.add_progress_report(h.task(plan, lead="so-khcn"), by=users["department"], text="x")


def test_district_reports_on_locality_tasks_only(users):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, group="districts")
    report = services.add_progress_report(
        t, by=users["district"], text="Đã ban hành kế hoạch cấp huyện", percent=100
    )
    assert report.unit.code == "508" and report.department is None
    with pytest.raises(TransitionRefused):
        services.add_progress_report(h.task(plan, lead="so-y-te"), by=users["district"], text="x")


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "a Windows program .EXE.: only PDF, .* files are accepted here"),
        ("fake.pdf", b"<html>not a pdf</html>", "looks like an HTML/XML document"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(users, name, content, message):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, lead="so-cong-thuong")
    with pytest.raises(TransitionRefused, match=message):
        services.add_progress_report(
            t, by=users["department"], text="x", files=[SimpleUploadedFile(name, content)]
        )
    assert not ProgressReport.objects.exists() and not ProgressAttachment.objects.exists()


def test_attachments_are_size_limited(users, settings):
    settings.OCOP_PLAN_ATTACHMENT_MAX_MB = 0
    plan = h.make_plan(TODAY.year, published=True)
    with pytest.raises(TransitionRefused, match="over the 0 B limit per file"):
        services.add_progress_report(
            h.task(plan, lead="so-cong-thuong"), by=users["department"], text="x", files=[h.pdf()]
        )


def test_report_view_uploads_and_download_is_access_checked(users, client_for):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, lead="so-cong-thuong")
    client = client_for("department")
    response = client.post(
        f"/plans/tasks/{t.pk}/report/",
        {
            "date": TODAY.strftime("%d/%m/%Y"),
            "text": "Đã tổ chức hội chợ tại Hội An",
            "percent": 80,
            "files": [h.pdf("kq.pdf")],
        },
    )
    assert response.status_code == 302
    attachment = ProgressAttachment.objects.get()
    assert "plans/progress/" in attachment.file.name and attachment.original_name == "kq.pdf"
    download = client.get(f"/plans/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert client_for("district").get(f"/plans/attachments/{attachment.pk}/").status_code == 404
    assert client_for("producer").get(f"/plans/attachments/{attachment.pk}/").status_code == 403


def test_report_view_shows_file_errors(client_for):
    plan = h.make_plan(TODAY.year, published=True)
    t = h.task(plan, lead="so-cong-thuong")
    response = client_for("department").post(
        f"/plans/tasks/{t.pk}/report/",
        {
            "date": TODAY.strftime("%d/%m/%Y"),
            "text": "x",
            "percent": 10,
            "files": [SimpleUploadedFile("a.exe", b"MZ")],
        },
    )
    assert response.status_code == 200 and "files are accepted here" in response.content.decode()
    assert not ProgressReport.objects.exists()


# --- duty library and “Tổ chức thực hiện” ---------------------------------------------------
def test_duty_library_covers_the_eleven_units_of_the_2023_letter():
    created, updated = load_templates()
    assert created == DutyTemplate.objects.count() > 40 and updated == 0
    leads = set(
        DutyTemplate.objects.exclude(lead_department=None).values_list("lead_department__code", flat=True)
    )
    coop = set(DutyTemplate.cooperating.through.objects.values_list("department__code", flat=True))
    # Every provincial unit of the letter leads or cooperates on at least one duty.
    assert set(Department.objects.values_list("code", flat=True)) <= leads | coop
    assert DutyTemplate.objects.filter(lead_group="districts").count() >= 8
    assert len(UNITS) == 12  # the eleven units, plus item 12 (inspection and revocation)
    assert load_templates() == (0, DutyTemplate.objects.count())


def test_new_years_tasks_from_the_library_in_one_call():
    load_templates()
    plan = h.make_plan(2024)
    tasks = services.create_tasks_from_templates(plan, DutyTemplate.objects.all(), by=h.province_user())
    assert len(tasks) == DutyTemplate.objects.count()
    report = plan.tasks.get(template__code="huyen-dang-ky")
    assert report.due_date == datetime.date(2024, 2, 10) and "năm 2024" in report.description
    assert report.lead_group == "districts"
    meeting = plan.tasks.get(template__code="nn-hop-quy")
    assert meeting.recurrence == Recurrence.QUARTERLY
    assert services.create_tasks_from_templates(plan, DutyTemplate.objects.all(), by=h.province_user()) == []


def test_template_form_view_creates_tasks(client_for):
    load_templates()
    plan = h.make_plan(TODAY.year)
    chosen = list(
        DutyTemplate.objects.filter(lead_department__code="so-cong-thuong").values_list("pk", flat=True)
    )
    response = client_for("province").post(f"/plans/{plan.pk}/tasks/from-library/", {"templates": chosen})
    assert response.status_code == 302
    assert plan.tasks.count() == len(chosen)
    page = client_for("province").get(f"/plans/{plan.pk}/tasks/from-library/")
    assert len(page.context["form"].fields["templates"].queryset) == DutyTemplate.objects.count() - len(
        chosen
    )


def test_implementation_section_groups_duties_per_unit():
    load_templates()
    plan = h.make_plan(2023)
    services.create_tasks_from_templates(plan, DutyTemplate.objects.all(), by=h.province_user())
    meeting = plan.tasks.get(template__code="nn-hop-quy")
    meeting.due_date = datetime.date(2023, 3, 31)
    meeting.save()
    services.spawn_next_occurrence(meeting)
    section = implementation_section(plan)
    headings = [unit for unit, _ in section]
    assert headings[0] == "Sở Nông nghiệp và Phát triển nông thôn"
    assert "Các Sở: Tài chính, Kế hoạch và Đầu tư" in headings
    assert "Đài Phát thanh - Truyền hình, Báo Quảng Nam" in headings
    assert "Ủy ban nhân dân các huyện, thị xã, thành phố" in headings
    assert len(headings) == 12
    dard = dict(section)["Sở Nông nghiệp và Phát triển nông thôn"]
    assert sum("hằng quý" in d for d in dard) == 1  # the spawned occurrence is not repeated
    assert all(isinstance(d, str) for _, duties in section for d in duties)


def test_department_sees_only_its_tasks(users, client_for):
    plan = h.make_plan(TODAY.year, published=True)
    lead = h.task(plan, lead="so-cong-thuong", title="Tổ chức hội chợ")
    coop = h.task(plan, lead="so-nnptnt", cooperating=["so-cong-thuong"], title="Trung tâm OCOP")
    other = h.task(plan, lead="so-y-te", title="Kiểm tra ATTP")
    district = h.task(plan, group="districts", title="Báo cáo định kỳ")
    draft = h.make_plan(TODAY.year + 1)
    hidden = h.task(draft, lead="so-cong-thuong", title="Nhiệm vụ dự thảo")
    response = client_for("department").get("/plans/tasks/?q=")  # every year
    shown = set(response.context["table"].data.data)
    assert shown == {lead, coop}
    assert other not in shown and district not in shown and hidden not in shown
    assert client_for("department").get(f"/plans/tasks/{other.pk}/").status_code == 404
    district_shown = set(client_for("district").get("/plans/tasks/?q=").context["table"].data.data)
    assert district_shown == {district}
    this_year = set(client_for("department").get("/plans/tasks/").context["table"].data.data)
    assert this_year == {lead, coop}


def test_task_list_query_count_is_constant(client_for, django_assert_max_num_queries):
    plan = h.make_plan(TODAY.year, published=True)
    for i in range(3):
        h.task(plan, lead="so-cong-thuong", title=f"T{i}", due_date=TODAY - D(days=i))
    client = client_for("department")
    client.get("/plans/tasks/")
    with django_assert_max_num_queries(20) as ctx:
        client.get("/plans/tasks/")
    n = len(ctx.captured_queries)
    for i in range(15):
        h.task(plan, lead="so-cong-thuong", title=f"U{i}", due_date=TODAY + D(days=i))
    with django_assert_max_num_queries(n):
        client.get("/plans/tasks/")


def test_overdue_filter_and_dashboard_card(client_for):
    plan = h.make_plan(TODAY.year, published=True)
    late = h.task(plan, lead="so-cong-thuong", due_date=TODAY - D(days=3))
    h.task(plan, lead="so-cong-thuong", due_date=TODAY + D(days=3))
    response = client_for("department").get("/plans/tasks/?overdue=true")
    assert list(response.context["table"].data.data) == [late]
    cards = client_for("department").get("/dashboard/").context["cards"]
    card = next(c for c in cards if c.get("icon") == "alarm")
    assert card["value"] == 1


# --- the reported percent (issue 13, defect 7): the latest report, wherever the task is shown ------
def test_the_latest_report_gives_the_percent_on_the_task_lists_and_dashboards(users, client_for):
    plan = h.make_plan(TODAY.year, published=True)
    task = h.task(plan, lead="so-cong-thuong", title="Phân phối qua siêu thị", due_date=TODAY - D(days=3))
    quiet = h.task(plan, lead="so-cong-thuong", title="Điểm bán hàng OCOP")
    dept = users["department"]
    services.add_progress_report(task, by=dept, text="Bước đầu", percent=20, date=TODAY - D(days=9))
    services.add_progress_report(task, by=dept, text="Đã làm việc với 3 siêu thị", percent=65, date=TODAY)
    # An older-dated report entered later does not become "the latest".
    services.add_progress_report(task, by=dept, text="Bổ sung", percent=30, date=TODAY - D(days=5))
    annotated = Task.objects.with_progress().get(pk=task.pk)
    assert (annotated.reported_percent, annotated.reported_on) == (65, TODAY)
    assert task.latest_report_in(ProgressReport.objects.all()).percent == 65
    assert Task.objects.with_progress().get(pk=quiet.pk).reported_percent is None
    today = TODAY.strftime("%d/%m/%Y")

    page = client_for("department").get(f"/plans/tasks/{task.pk}/").content.decode()
    assert '<strong data-percent="65">65 %</strong>' in page and f"latest report of {today}" in page
    listing = client_for("province").get("/plans/tasks/").content.decode()
    assert (
        f'<span class="text-nowrap" data-percent="65">65 %</span> <span class="small text-muted">{today}</span>'
        in listing
    )
    board = client_for("province").get(f"/plans/{plan.pk}/dashboard/").content.decode()
    assert f'<tr data-task="{task.pk}">' in board and 'data-percent="65">65 %</td>' in board
    assert "reported 65 %" in board  # the overdue task, in the late-tasks list
    home = client_for("department").get("/dashboard/")
    card = next(
        c for c in home.context["cards"] if c["title"] == "Reported progress of my department's tasks"
    )
    assert card["value"] == 2
    assert [i["text"] for i in card["items"]] == [
        f"Phân phối qua siêu thị — 65 % on {today}",
        "Điểm bán hàng OCOP — not reported yet",
    ]


def test_a_district_sees_the_percent_of_its_own_reports_only(users, client_for):
    plan = h.make_plan(TODAY.year, published=True)
    task = h.task(plan, group="districts", title="Báo cáo của các huyện")
    services.add_progress_report(task, by=users["district2"], text="Đại Lộc", percent=90)
    page = client_for("district").get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "data-percent" not in page and "No progress reported yet." in page
    services.add_progress_report(task, by=users["district"], text="Duy Xuyên", percent=10)
    page = client_for("district").get(f"/plans/tasks/{task.pk}/").content.decode()
    assert '<strong data-percent="10">10 %</strong>' in page
