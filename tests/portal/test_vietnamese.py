"""The Vietnamese checks of issue 17: the checker finds what it is for (it runs on every page of the
authorization matrix, tests/test_authorization_matrix.py), the catalogue is complete, the upload
refusals, pagination and filters speak Vietnamese."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.portal.vietnamese import VI_PO, catalogue_msgids, leaks


def test_the_checks_catch_what_they_are_for():
    html = (
        "<select><option>---------</option><option>Chưa xác định</option></select>"
        '<a href="?page=2">next</a><span title="Status">x</span><p>complete</p>'
        "<code>next</code><script>var next = 1</script>"
    )
    found = leaks(html, catalogue_msgids(), {"complete": "plans.Task.status"})
    assert found == [
        "placeholder '---------'",
        "placeholder 'Chưa xác định'",
        "placeholder 'next'",
        "untranslated catalogue entry 'Status'",
        "raw choice code 'complete' (plans.Task.status)",
    ]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_vietnamese_catalogue_is_complete():
    """``msgfmt --statistics``: every entry translated, none fuzzy; ``msgfmt -c``: no duplicate msgid."""
    done = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(VI_PO)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    stats = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages\.", stats), stats  # no ", N fuzzy", no ", N untranslated"


def test_tables2_pagination_is_vietnamese(rf, db):  # the portal's context processors read the unit served
    import django_tables2 as tables
    from django.template import Context, Template

    class T(tables.Table):
        name = tables.Column()

    request = rf.get("/", {"page": 2})
    table = T([{"name": f"x{i}"} for i in range(3)])
    table.paginate(page=2, per_page=1)
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    assert "Sau" in html and "Trước" in html
    assert not [leak for leak in leaks(html) if "placeholder" in leak]


def test_every_filter_reads_all_for_no_choice(db):
    from ocop_portal.filtering import AllYesNoSelect, PortalFilterSet
    from plans.filters import TaskFilter
    from products.filters import ProductFilter

    for filterset_class in (ProductFilter, TaskFilter):
        assert issubclass(filterset_class, PortalFilterSet)
        html = str(filterset_class(data={}).form)
        assert "---------" not in html and "Chưa xác định" not in html
    assert [str(label) for _v, label in AllYesNoSelect().choices][0] == "Tất cả"


def test_upload_refusals_name_the_file_in_vietnamese():
    from ocop_portal.uploads.types import describe_head

    assert describe_head(b"MZ\x90\x00") == "một chương trình Windows (EXE)"
    assert describe_head(b"GIF89a....") == "một ảnh GIF"


def test_a_running_fair_reads_dang_dien_ra():
    import datetime

    from tradefairs.models import Fair

    today = datetime.date.today()
    fair = Fair(name="x", start_date=today - datetime.timedelta(days=1), end_date=today)
    assert fair.status == "in_progress" and str(fair.status_label) == "Đang diễn ra"


def test_task_history_shows_the_transition_label_not_its_code():
    from plans.models import WorkflowLog

    assert str(WorkflowLog(name="complete", to_state="done").label) == "Đánh dấu hoàn thành"
    assert str(WorkflowLog(name="start", to_state="in_progress").label) == "Bắt đầu"
