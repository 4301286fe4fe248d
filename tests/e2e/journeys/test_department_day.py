"""A department officer's day (demo_department, Sở Công Thương): report progress on an assigned task.

The officer opens the department's tasks, picks an open one nobody has reported on yet, files a
report with a percent, and sees that percent on the task page, in the task list and on the
department's dashboard; DARD (demo_province) then sees it on the plan's dashboard and in its task
list — the latest report's percent, shown wherever the task is (issue 13, defect 7).

The journey reports on one task of Sở Công Thương that no other journey touches.
"""

from __future__ import annotations

import json
import re

from tests.e2e.journeys.conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS

PERCENT = 65  # not a value the demo uses (100, 60, 40)


def _task(demo_site) -> dict:
    out = demo_site.shell(
        "import json\n"
        "from django.utils import timezone\n"
        "from accounts.models import User\n"
        "from plans.models import Task\n"
        "u = User.objects.get(username='demo_department')\n"
        "t = (Task.objects.filter(plan__year=timezone.localdate().year, lead_department=u.department,\n"
        "     status='open', reports__isnull=True).order_by('pk').first())\n"
        "print(json.dumps({'pk': t.pk, 'title': t.title, 'plan': t.plan_id,\n"
        "  'today': timezone.localdate().strftime('%d/%m/%Y')}))"
    )
    return json.loads(out.splitlines()[-1])


def test_reported_percent_shows_on_the_task_the_lists_and_the_dashboards(login, demo_site):
    task = _task(demo_site)
    page = login("demo_department")

    # The department's tasks: this one has no report yet.
    page.goto(f"{demo_site.url}/plans/tasks/")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=task["title"], exact=True))
    assert row.locator("td").last.inner_text().strip() == "—"
    row.get_by_role("link", name=task["title"], exact=True).click()
    assert page.locator("#task-progress").inner_text().strip() == "Chưa có báo cáo tiến độ."

    # File a report with a percent.
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_label("Tiến độ").fill("Đã làm việc với 3 siêu thị về kệ hàng OCOP (kiểm thử).")
    page.get_by_label("Tỷ lệ hoàn thành").fill(str(PERCENT))
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state()
    assert "Đã báo cáo tiến độ." in page.locator(".alert-success").inner_text()
    progress = page.locator("#task-progress")
    assert progress.locator("[data-percent]").inner_text().strip() == f"{PERCENT} %"
    assert f"báo cáo mới nhất ngày {task['today']} (Sở Công Thương)" in progress.inner_text()

    # The department's task list and dashboard show it.
    page.goto(f"{demo_site.url}/plans/tasks/")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=task["title"], exact=True))
    assert re.sub(r"\s+", " ", row.locator("td").last.inner_text()).strip() == f"{PERCENT} % {task['today']}"
    page.goto(f"{demo_site.url}/dashboard/")
    card = page.locator(".card", has_text="Tiến độ báo cáo các nhiệm vụ của sở, ngành tôi")
    first = card.locator("li").first.inner_text()
    assert first == f"{task['title']} — {PERCENT} % ngày {task['today']}"

    # DARD's plan dashboard (latest progress reports) and its task list show the same percent.
    dard = login("demo_province")
    dard.goto(f"{demo_site.url}/plans/{task['plan']}/dashboard/")
    reported = dard.locator(f"#reported-tasks + table tr[data-task='{task['pk']}']")
    assert reported.locator("[data-percent]").inner_text().strip() == f"{PERCENT} %"
    assert task["today"] in reported.inner_text() and "Sở Công Thương" in reported.inner_text()
    dard.goto(f"{demo_site.url}/plans/tasks/")
    dard.get_by_label("Tìm kiếm").fill(task["title"])
    dard.get_by_label("Năm", exact=True).select_option(task["today"][-4:])
    dard.get_by_role("button", name="Lọc").click()
    row = dard.locator("tbody tr", has=dard.get_by_role("link", name=task["title"], exact=True))
    assert re.sub(r"\s+", " ", row.locator("td").last.inner_text()).strip() == f"{PERCENT} % {task['today']}"
    row.get_by_role("link", name=task["title"], exact=True).click()
    assert dard.locator("#task-progress [data-percent]").inner_text().strip() == f"{PERCENT} %"
