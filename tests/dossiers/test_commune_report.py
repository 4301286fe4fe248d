"""The commune assessment report (148/2023): the commune fills four local criteria per product."""

import datetime

import pytest
from django.utils import timezone

from accounts import access
from dossiers import checks, services
from dossiers import workflows as wf
from dossiers.models import CommuneReportItem, LocalCriterion, LocalCriterionOption
from ocop_portal.workflow import TransitionRefused

from .helpers import file_commune_report, make_call, make_dossier

pytestmark = pytest.mark.django_db


def test_four_local_criteria_with_sample_options_as_data():
    criteria = list(LocalCriterion.objects.filter(regulation__code="148-2023"))
    assert [c.code for c in criteria] == ["origin", "labour", "idea", "identity"]
    assert all(c.is_sample_wording for c in criteria)
    assert LocalCriterionOption.objects.filter(criterion__in=criteria).count() >= 8
    assert not LocalCriterion.objects.filter(regulation__code="1048-2019").exists()


def test_report_covers_the_communes_dossiers_of_the_call(call, users):
    here = [make_dossier(call, users["district"]) for _ in range(2)]
    make_dossier(call, users["district"], commune="20620")  # another commune of Duy Xuyên
    report = services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])
    assert set(report.items.values_list("dossier_id", flat=True)) == {d.pk for d in here}
    # starting again returns the same draft and picks up new dossiers
    late = make_dossier(call, users["district"])
    again = services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])
    assert again.pk == report.pk and again.items.filter(dossier=late).exists()


def test_submit_needs_meeting_chair_participants_and_every_answer(call, users):
    commune = users["commune"]
    make_dossier(call, users["district"])
    report = services.start_commune_report(commune=commune.unit, call=call, by=commune)
    with pytest.raises(TransitionRefused, match="meeting date.*chair.*participants"):
        services.submit_commune_report(report, by=commune)
    item = report.items.get()
    origin = LocalCriterion.objects.get(regulation=call.regulation, code="origin")
    services.save_commune_report(
        report,
        by=commune,
        meeting_date=timezone.localdate(),
        chair_name="Ông Chủ tịch",
        participants="A\nB",
        answers={(item.pk, origin.pk): (origin.options.first().pk, "")},
    )
    with pytest.raises(TransitionRefused, match="Every criterion must be answered"):
        services.submit_commune_report(report, by=commune)
    report.refresh_from_db()
    assert report.status == wf.REPORT_DRAFT


def test_submitted_report_is_frozen_and_logged_on_the_dossier(call, users):
    dossier = make_dossier(call, users["district"])
    report = file_commune_report(users["commune"], call)
    assert report.status == wf.REPORT_SUBMITTED and report.submitted_by == users["commune"]
    with pytest.raises(TransitionRefused, match="no longer be changed"):
        services.save_commune_report(report, by=users["commune"], chair_name="X")
    with pytest.raises(TransitionRefused, match="already submitted"):
        services.submit_commune_report(report, by=users["commune"])
    assert dossier.transitions.filter(name="commune_report").exists()
    assert dossier.pk in checks.commune_reported([dossier.pk])


def test_answers_must_be_options_of_the_criterion(call, users):
    commune = users["commune"]
    make_dossier(call, users["district"])
    report = services.start_commune_report(commune=commune.unit, call=call, by=commune)
    item = report.items.get()
    origin, labour = LocalCriterion.objects.filter(regulation=call.regulation, code__in=["origin", "labour"])
    with pytest.raises(TransitionRefused, match="not one of the criterion's options"):
        services.save_commune_report(
            report, by=commune, answers={(item.pk, origin.pk): (labour.options.first().pk, "")}
        )


def test_meeting_date_cannot_be_in_the_future(call, users):
    make_dossier(call, users["district"])
    report = services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])
    with pytest.raises(TransitionRefused, match="future"):
        services.save_commune_report(
            report, by=users["commune"], meeting_date=timezone.localdate() + datetime.timedelta(days=2)
        )


def test_only_the_communes_officials_file_it(call, users):
    make_dossier(call, users["district"])
    for role in ("district", "province", "council"):
        with pytest.raises(TransitionRefused, match="commune's officials"):
            services.start_commune_report(commune=users["commune"].unit, call=call, by=users[role])
    report = services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])
    for role in ("district", "province", "district2", "council", "department", "producer"):
        assert not access.can_change(users[role], report), role
    assert access.can_view(users["district"], report)
    assert not access.can_view(users["district2"], report)
    assert not access.can_view(users["council"], report), "council reads submitted reports only"


def test_no_commune_step_under_1048(users):
    call = make_call(year=2022, regulation="1048-2019")
    make_dossier(call, users["district"], regulation="1048-2019")
    with pytest.raises(TransitionRefused, match="does not assess local criteria"):
        services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])


def test_a_second_report_covers_dossiers_opened_after_the_first(call, users):
    first_dossier = make_dossier(call, users["district"])
    file_commune_report(users["commune"], call)
    second_dossier = make_dossier(call, users["district"])
    second = file_commune_report(users["commune"], call)
    assert list(second.items.values_list("dossier_id", flat=True)) == [second_dossier.pk]
    assert CommuneReportItem.objects.filter(dossier=first_dossier).count() == 1


def test_commune_pages(call, users, client_for):
    make_dossier(call, users["district"])
    client = client_for("commune")
    assert client.get("/dossiers/commune-reports/").status_code == 200
    response = client.post("/dossiers/commune-reports/new/", {"call": call.pk})
    assert response.status_code == 302
    report = users["commune"].unit.commune_reports.get()
    page = client.get(f"/dossiers/commune-reports/{report.pk}/edit/")
    assert page.status_code == 200 and "sample wording" in page.content.decode().lower()
    item = report.items.get()
    data = {
        "meeting_date": timezone.localdate().isoformat(),
        "chair_name": "Ông Chủ tịch",
        "chair_title": "Chủ tịch UBND thị trấn",
        "participants": "Bà A\nÔng B",
        "conclusion": "Đạt",
    }
    for c in LocalCriterion.objects.filter(regulation=call.regulation):
        data[f"o_{item.pk}_{c.pk}"] = c.options.first().pk
        data[f"c_{item.pk}_{c.pk}"] = "ok"
    response = client.post(
        f"/dossiers/commune-reports/{report.pk}/edit/", {**data, "submit": "1"}, follow=True
    )
    assert "now part of the dossiers" in response.content.decode()
    report.refresh_from_db()
    assert report.status == wf.REPORT_SUBMITTED and report.participant_list == ["Bà A", "Ông B"]
    # submitted: the edit page sends back to the report
    assert client.get(f"/dossiers/commune-reports/{report.pk}/edit/").status_code == 302
    detail = client_for("district").get(f"/dossiers/commune-reports/{report.pk}/")
    assert detail.status_code == 200 and "Ông Chủ tịch" in detail.content.decode()


def test_edit_page_shows_the_saved_draft(call, users, client_for):
    make_dossier(call, users["district"])
    draft = file_commune_report(users["commune"], call, submit=False)
    page = client_for("commune").get(f"/dossiers/commune-reports/{draft.pk}/edit/").content.decode()
    assert 'value="Nguyễn Văn Chủ Tịch"' in page
    assert timezone.localdate().isoformat() in page
    assert "ghi chú" in page
