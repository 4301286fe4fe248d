"""The commune assessment report (148/2023): the commune fills four local criteria per product."""

import datetime

import pytest
from django.utils import timezone

from accounts import access
from dossiers import checks, services
from dossiers import workflows as wf
from dossiers.demo import tiny_pdf
from dossiers.models import CommuneReportItem, LocalCriterion, LocalCriterionOption
from ocop_portal.workflow import TransitionRefused

from .helpers import file_commune_report, make_call, make_dossier, upload

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
    with pytest.raises(
        TransitionRefused, match="meeting date.*chair.*participants.*signed and stamped minutes"
    ):
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
        minutes=upload("Biên bản.pdf", tiny_pdf("bien ban"), "application/pdf"),
    )
    report.refresh_from_db()
    assert report.minutes and report.minutes_name == "Biên bản.pdf"
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
    data["minutes"] = upload("Biên bản họp.pdf", tiny_pdf("bien ban"), "application/pdf")
    asked = client.post(f"/dossiers/commune-reports/{report.pk}/edit/", {**data, "submit": "1"})
    body = asked.content.decode()
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in body
    assert f'action="/dossiers/commune-reports/{report.pk}/submit/"' in body
    report.refresh_from_db()
    assert report.status == wf.REPORT_DRAFT and report.chair_name == "Ông Chủ tịch"  # draft saved, not sent
    # the submit view without the confirmation field only asks again
    again = client.post(f"/dossiers/commune-reports/{report.pk}/submit/")
    assert again.status_code == 200 and 'name="confirmed" value="1"' in again.content.decode()
    report.refresh_from_db()
    assert report.status == wf.REPORT_DRAFT
    response = client.post(f"/dossiers/commune-reports/{report.pk}/submit/", {"confirmed": "1"}, follow=True)
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


def _report_form_data(report, call, *, complete=True):
    item = report.items.get()
    data = {
        "meeting_date": timezone.localdate().isoformat(),
        "chair_name": "Ông Chủ tịch",
        "chair_title": "Chủ tịch UBND thị trấn",
        "participants": "Bà A\nÔng B",
        "conclusion": "Đạt",
    }
    criteria = list(LocalCriterion.objects.filter(regulation=call.regulation))
    for c in criteria if complete else criteria[:-1]:
        data[f"o_{item.pk}_{c.pk}"] = c.options.first().pk
    return data


def test_report_form_marks_required_fields_and_shows_errors_on_them(call, users, client_for):
    make_dossier(call, users["district"])
    client = client_for("commune")
    report = services.start_commune_report(commune=users["commune"].unit, call=call, by=users["commune"])
    url = f"/dossiers/commune-reports/{report.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="minutes"' in page
    # crispy's asterisk on the fields needed to send; the browser does not block a draft
    assert (
        page.count('class="asteriskField"')
        == 4 + LocalCriterion.objects.filter(regulation=call.regulation).count()
    )
    assert " required " not in page and " required>" not in page
    # a draft saves without the minutes
    data = _report_form_data(report, call, complete=False)
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    # sending without the minutes and with a criterion missing: errors on those fields, nothing saved
    data["chair_name"] = "Ông Khác"
    refused = client.post(url, {**data, "submit": "1"})
    assert refused.status_code == 200
    form = refused.context["form"]
    item = report.items.get()
    last = LocalCriterion.objects.filter(regulation=call.regulation).last()
    assert set(form.errors) == {"minutes", f"o_{item.pk}_{last.pk}"}
    body = refused.content.decode()
    assert 'id="form-errors"' in body and "is-invalid" in body
    report.refresh_from_db()
    assert report.chair_name == "Ông Chủ tịch" and not report.minutes and report.status == wf.REPORT_DRAFT
    # a file the upload policy refuses is an error on the field
    bad = client.post(
        url,
        {
            **_report_form_data(report, call),
            "submit": "1",
            "minutes": upload("bb.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert bad.status_code == 200 and "minutes" in bad.context["form"].errors
    # complete with the minutes: draft saved, then the confirmation step
    ok = client.post(
        url,
        {
            **_report_form_data(report, call),
            "submit": "1",
            "minutes": upload("Biên bản họp.pdf", tiny_pdf("bien ban"), "application/pdf"),
        },
    )
    assert ok.status_code == 200 and 'name="confirmed" value="1"' in ok.content.decode()
    report.refresh_from_db()
    assert report.minutes_name == "Biên bản họp.pdf" and report.status == wf.REPORT_DRAFT
    sent = client.post(f"/dossiers/commune-reports/{report.pk}/submit/", {"confirmed": "1"})
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.status == wf.REPORT_SUBMITTED
    # the district reads the minutes from the report
    district = client_for("district")
    detail = district.get(f"/dossiers/commune-reports/{report.pk}/").content.decode()
    assert f"/dossiers/commune-reports/{report.pk}/minutes/" in detail and "Biên bản họp.pdf" in detail
    minutes = district.get(f"/dossiers/commune-reports/{report.pk}/minutes/")
    assert minutes.status_code == 200 and b"".join(minutes.streaming_content).startswith(b"%PDF")
