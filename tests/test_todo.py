"""“Việc cần làm” on the dashboard (issue 17): what each person must do next, nearest deadline first,
derived from the records (never stored), in a constant number of queries, above the number cards."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dossiers import services
from ocop_portal import todo
from tests.dossiers.helpers import file_commune_report, make_call, make_dossier, ready_dossier
from tests.notifications.helpers import plan, scoring_round, task

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = str(tmp_path)
    with translation.override("en"):
        yield


def texts(user):
    return [i.text for i in todo.items_for(user)]


def test_district_sees_each_dossier_to_complete_before_the_next_batch(users):
    call = make_call()  # batches in 21 and 60 days
    district = users["district"]
    first = make_dossier(call, district)
    make_dossier(call, users["district2"], commune=users["district2"].unit.children.first().code)
    items = todo.items_for(district)
    assert [i.text for i in items] == [f"Complete and submit the dossier: {first.product.name}"]
    item = items[0]
    assert item.deadline == TODAY + 21 * DAY and item.days_left == 21 and item.urgency == "success"
    assert "required item(s) missing" in item.detail and "Batch 1" in item.detail
    assert item.url == first.get_absolute_url()


def test_items_are_ordered_by_deadline_and_the_undated_come_last(users):
    department = users["department"]
    p = plan(year=TODAY.year)
    task(p, "Báo cáo quý", TODAY + 10 * DAY)
    task(p, "Tổ chức hội chợ", TODAY - 3 * DAY)
    task(p, "Kế hoạch năm sau", TODAY + 200 * DAY)  # beyond the 60-day horizon
    task(p, "Việc của sở khác", TODAY + 2 * DAY, lead="so-y-te")
    items = todo.items_for(department)
    assert [i.text for i in items] == ["Task: Tổ chức hội chợ", "Task: Báo cáo quý"]
    late = items[0]
    assert late.overdue and late.days_late == 3 and late.urgency == "danger"


def test_council_member_sees_the_sheets_to_score_by_the_closing_day(users):
    council = users["council"]
    scoring_round([council], TODAY + 5 * DAY)
    (item,) = todo.items_for(council)
    assert item.text == "Score: Trà thảo mộc hội đồng" and item.deadline == TODAY + 5 * DAY
    assert item.urgency == "warning" and item.url.endswith("/score/")


def test_commune_files_then_sends_its_report(users):
    call = make_call()
    make_dossier(call, users["district"])
    commune = users["commune"]
    assert texts(commune) == [f"File the commune report {call.year}"]
    draft = file_commune_report(commune, call, submit=False)
    (item,) = todo.items_for(commune)
    assert item.text.startswith(f"Send the commune report {call.year}") and item.deadline == TODAY + 21 * DAY
    assert item.url == f"/dossiers/commune-reports/{draft.pk}/edit/"
    services.submit_commune_report(draft, by=commune)
    assert texts(commune) == []


def test_the_dashboard_opens_on_the_to_do_list_above_the_cards(users, client_for):
    call = make_call()
    make_dossier(call, users["district"])
    page = client_for("district").get("/dashboard/").content.decode()
    assert page.index('id="todo-list"') < page.index("Figures")
    assert "Complete and submit the dossier" in page and "21 days left" in page
    empty = client_for("council").get("/dashboard/").content.decode()  # producers land on /my/ instead
    assert 'id="todo-empty"' in empty


def test_vietnamese_wording(users, client_for, settings):
    settings.LANGUAGE_CODE = "vi"
    make_dossier(make_call(), users["district"])
    with translation.override("vi"):
        page = client_for("district").get("/dashboard/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Việc cần làm" in page and "Hoàn thiện và nộp hồ sơ" in page and "còn 21 ngày" in page


@pytest.mark.parametrize("role", ["district", "province", "commune", "department", "council"])
def test_constant_query_count(users, client_for, role):
    """The dashboard costs the same number of queries with one or with many rows behind the to-do list."""
    call = make_call()
    p = plan(year=TODAY.year)

    def add_rows(n):
        for k in range(n):
            if role == "province":  # dossiers waiting for acceptance
                services.submit_dossier(
                    ready_dossier(call, users["district"], users["commune"]), by=users["district"]
                )
            else:
                make_dossier(call, users["district"])
            task(p, f"Nhiệm vụ {k}", TODAY + k * DAY)
        scoring_round([users["council"]], TODAY + 5 * DAY)

    client = client_for(role)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dashboard/").status_code == 200
        return len(ctx.captured_queries)

    add_rows(1)
    client.get("/dashboard/")  # warm caches (sessions, menus)
    few = count()
    add_rows(4)
    assert count() == few
