"""The dossier workflow: draft → submitted → returned → resubmitted → accepted, every step logged."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from dossiers import checks, services
from dossiers import workflows as wf
from dossiers.models import DocumentKind, DossierCall, DossierReturnReason
from evaluation.models import Level
from ocop_portal.workflow import TransitionRefused
from products import workflows as pw

from .helpers import PDF, make_call, make_dossier, ready_dossier, upload

pytestmark = pytest.mark.django_db


def test_workflow_is_declared_once():
    assert set(wf.DOSSIER.states) == {"draft", "submitted", "returned", "resubmitted", "accepted"}
    assert {t.name for t in wf.DOSSIER.available("draft")} == {"submit"}
    assert {t.name for t in wf.DOSSIER.available("submitted")} == {"return", "accept"}
    assert {t.name for t in wf.DOSSIER.available("returned")} == {"resubmit"}
    assert wf.DOSSIER.available("accepted") == []


def test_full_cycle_is_recorded_with_who_when_why(call, users):
    district, province = users["district"], users["province"]
    dossier = ready_dossier(call, district, users["commune"])
    services.submit_dossier(dossier, by=district)
    tests_kind = DocumentKind.objects.get(code="test-reports")
    services.return_dossier(
        dossier, by=province, reasons={tests_kind.pk: "Phiếu quá hạn"}, general="Bổ sung trước hạn"
    )
    dossier.refresh_from_db()
    assert dossier.status == wf.RETURNED
    lines = {line.kind.code: line for line in checks.checklist(dossier, with_reasons=True)}
    assert lines["test-reports"].reasons == ["Phiếu quá hạn"]
    assert DossierReturnReason.objects.filter(kind__isnull=True, reason="Bổ sung trước hạn").exists()
    services.add_documents(dossier, kind=tests_kind, files=[upload("moi.pdf", PDF + b"new")], by=district)
    services.resubmit_dossier(dossier, by=district)
    services.accept_dossier(dossier, by=province)
    dossier.refresh_from_db()
    assert dossier.status == wf.ACCEPTED and dossier.accepted_at
    log = list(dossier.transitions.values_list("name", "from_state", "to_state", "by__username"))
    moves = [row for row in log if row[0] in ("create", "submit", "return", "resubmit", "accept")]
    assert moves == [
        ("create", "", "draft", "t_district"),
        ("submit", "draft", "submitted", "t_district"),
        ("return", "submitted", "returned", "t_province"),
        ("resubmit", "returned", "resubmitted", "t_district"),
        ("accept", "resubmitted", "accepted", "t_province"),
    ]
    assert dossier.transitions.get(name="return").reason.startswith("Bổ sung trước hạn")
    assert all(t.at for t in dossier.transitions.all())


def test_return_needs_a_reason(call, users):
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    with pytest.raises(TransitionRefused, match="needs a reason"):
        services.return_dossier(dossier, by=users["province"], reasons={}, general="  ")


def test_onsite_attestation_required_before_submit(call, users):
    district = users["district"]
    dossier = ready_dossier(call, district, users["commune"])
    dossier.onsite_attested_at = None
    dossier.save()
    with pytest.raises(TransitionRefused, match="on-site check"):
        services.submit_dossier(dossier, by=district)
    services.attest_onsite_check(dossier, by=district, checked_on=timezone.localdate(), note="Đã kiểm tra")
    dossier.refresh_from_db()
    assert dossier.onsite_checked_by == district and dossier.onsite_note == "Đã kiểm tra"
    services.submit_dossier(dossier, by=district)


def test_onsite_check_date_cannot_be_in_the_future(call, users):
    dossier = make_dossier(call, users["district"])
    with pytest.raises(TransitionRefused, match="future"):
        services.attest_onsite_check(
            dossier, by=users["district"], checked_on=timezone.localdate() + datetime.timedelta(days=1)
        )


def test_double_submission_refused(call, users):
    district = users["district"]
    dossier = ready_dossier(call, district, users["commune"])
    stale = type(dossier).objects.get(pk=dossier.pk)  # a second browser tab with the old state
    services.submit_dossier(dossier, by=district)
    with pytest.raises(TransitionRefused, match="already submitted on"):
        services.submit_dossier(stale, by=district)
    assert dossier.transitions.filter(name="submit").count() == 1


def test_double_submission_through_the_view(call, users, client_for):
    dossier = ready_dossier(call, users["district"], users["commune"])
    client = client_for("district")
    asked = client.post(f"/dossiers/{dossier.pk}/do/submit/")  # no confirmation field: nothing sent
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.content.decode()
    assert not dossier.transitions.filter(name="submit").exists()
    first = client.post(f"/dossiers/{dossier.pk}/do/submit/", {"confirmed": "1"}, follow=True)
    assert "now “Submitted”" in first.content.decode()
    second = client.post(f"/dossiers/{dossier.pk}/do/submit/", {"confirmed": "1"}, follow=True)
    assert "already submitted on" in second.content.decode()
    assert dossier.transitions.filter(name="submit").count() == 1


def test_submission_falls_in_the_earliest_open_batch(users):
    call = make_call(batches=((-5, 50), (10, 100)))  # batch 1 closed 5 days ago
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    assert dossier.batch.number == 2 and not dossier.is_late
    assert dossier.submitted_on == timezone.localdate()


def test_late_submission_refused_when_the_call_refuses(users):
    call = make_call(batches=((-30, 50), (-1, 100)), late_policy=DossierCall.LatePolicy.REFUSE)
    dossier = ready_dossier(call, users["district"], users["commune"])
    with pytest.raises(TransitionRefused, match="late submissions are refused"):
        services.submit_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    assert dossier.status == wf.DRAFT and dossier.batch is None and dossier.submitted_at is None


def test_late_submission_flagged_when_the_call_flags(users):
    call = make_call(batches=((-30, 50), (-1, 100)), late_policy=DossierCall.LatePolicy.FLAG)
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    assert dossier.status == wf.SUBMITTED and dossier.is_late and dossier.batch.number == 2
    assert "Late" in dossier.transitions.get(name="submit").reason


def test_deadline_day_itself_is_on_time(users):
    call = make_call(batches=((0, 50),))
    dossier = ready_dossier(call, users["district"], users["commune"])
    with time_machine.travel(timezone.now(), tick=False):
        services.submit_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    assert not dossier.is_late and dossier.batch.number == 1


def test_resubmission_keeps_the_first_batch(users):
    call = make_call(batches=((5, 50), (40, 100)), late_policy=DossierCall.LatePolicy.REFUSE)
    district = users["district"]
    dossier = ready_dossier(call, district, users["commune"])
    services.submit_dossier(dossier, by=district)
    services.return_dossier(dossier, by=users["province"], general="Thiếu chữ ký")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        services.resubmit_dossier(dossier, by=district)
    dossier.refresh_from_db()
    assert dossier.status == wf.RESUBMITTED and dossier.batch.number == 1


def test_only_the_evaluating_level_returns_or_accepts(call, users):
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    with pytest.raises(TransitionRefused, match="evaluating level"):
        services.accept_dossier(dossier, by=users["district"])  # provincial call
    with pytest.raises(TransitionRefused):
        services.accept_dossier(dossier, by=users["commune"])
    services.accept_dossier(dossier, by=users["province"])


def test_district_call_is_reviewed_by_its_district(users):
    call = make_call(level=Level.DISTRICT, unit_code="508")
    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    assert checks.is_evaluating_level(users["district"], call)
    assert not checks.is_evaluating_level(users["district2"], call)
    services.accept_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    assert dossier.status == wf.ACCEPTED


def test_one_dossier_per_product_and_year(call, users):
    dossier = make_dossier(call, users["district"])
    with pytest.raises(TransitionRefused, match="already has a dossier"):
        services.create_dossier(product=dossier.product, call=call, by=users["district"])


def test_only_the_products_district_opens_its_dossier(call, users):
    from .helpers import make_product

    product = make_product()
    with pytest.raises(TransitionRefused):
        services.create_dossier(product=product, call=call, by=users["district2"])
    with pytest.raises(TransitionRefused):
        services.create_dossier(product=product, call=call, by=users["commune"])
    district_call = make_call(level=Level.DISTRICT, unit_code="506")
    with pytest.raises(TransitionRefused, match="not inside"):
        services.create_dossier(product=product, call=district_call, by=users["province"])


def test_product_lifecycle_follows_the_dossier(call, users):
    dossier = ready_dossier(call, users["district"], users["commune"])
    product = dossier.product
    assert product.state == pw.IN_DEVELOPMENT
    services.submit_dossier(dossier, by=users["district"])
    product.refresh_from_db()
    assert product.state == pw.DOSSIER_SUBMITTED
    services.return_dossier(dossier, by=users["province"], general="Bổ sung")
    product.refresh_from_db()
    assert product.state == pw.IN_DEVELOPMENT
    assert product.transitions.filter(name="return_dossier", reason="Bổ sung").exists()


# --- One truth: the product lifecycle and its dossier never disagree (issue 13) ----------------------


@pytest.mark.parametrize(
    "state",
    [pw.IDEA_REGISTERED, pw.IDEA_ACCEPTED, pw.PLAN_SUBMITTED, pw.PLAN_APPROVED, pw.DOSSIER_SUBMITTED],
)
def test_a_dossier_opens_only_at_step_4_or_for_rerating(call, users, state):
    from .helpers import make_product

    product = make_product()
    product.state = state
    product.save()
    with pytest.raises(TransitionRefused, match="step 4"):
        services.create_dossier(product=product, call=call, by=users["district"])
    assert not product.dossiers.exists()


@pytest.mark.parametrize("state", [pw.RECOGNISED, pw.EXPIRED, pw.NOT_REACHED])
def test_opening_a_dossier_for_a_rated_product_enters_rerating(call, users, state):
    from .helpers import make_product

    product = make_product()
    product.state = state
    product.save()
    services.create_dossier(product=product, call=call, by=users["district"])
    product.refresh_from_db()
    assert product.state == pw.RERATING
    assert product.transitions.filter(name="start_rerating", by=users["district"]).exists()


def test_a_dossier_is_not_sent_beside_a_product_that_moved_elsewhere(call, users):
    """If the product is no longer at step 4 (e.g. its plan was reopened in the back office), the
    submission is refused as a whole: no submitted dossier beside a product at step 3."""
    dossier = ready_dossier(call, users["district"], users["commune"])
    product = dossier.product
    product.state = pw.PLAN_SUBMITTED
    product.save()
    with pytest.raises(TransitionRefused, match="step 4"):
        services.submit_dossier(dossier, by=users["district"])
    dossier.refresh_from_db()
    product.refresh_from_db()
    assert dossier.status == wf.DRAFT and dossier.submitted_at is None
    assert product.state == pw.PLAN_SUBMITTED


def test_a_dossier_whose_product_is_in_a_round_is_not_returned(call, users):
    from evaluation import services as rounds
    from evaluation.models import Round
    from products.models import RegulationVersion

    dossier = ready_dossier(call, users["district"], users["commune"])
    services.submit_dossier(dossier, by=users["district"])
    round_ = rounds.create_round(
        name="Đợt cấp tỉnh",
        year=call.year,
        level="province",
        regulation=RegulationVersion.objects.get(code="148-2023"),
        unit=call.issuing_unit,
        by=users["province"],
    )
    rounds.assign_product(round_, dossier.product, by=users["province"])
    with pytest.raises(TransitionRefused, match="remove it from the round"):
        services.return_dossier(dossier, by=users["province"], general="Bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == wf.SUBMITTED
    assert Round.objects.get(pk=round_.pk).entries.count() == 1


def test_no_disagreement_after_a_whole_cycle(call, users):
    from dossiers.agreement import disagreements

    dossier = ready_dossier(call, users["district"], users["commune"])
    draft = make_dossier(call, users["district"], name="Bánh tổ bản nháp")
    services.submit_dossier(dossier, by=users["district"])
    services.return_dossier(dossier, by=users["province"], general="Bổ sung")
    assert disagreements(call.year) == []
    # a product forced past its dossier (as the demo once did) is reported
    draft.product.state = pw.DOSSIER_SUBMITTED
    draft.product.save()
    assert disagreements(call.year) == [(str(draft.product), pw.DOSSIER_SUBMITTED, wf.DRAFT)]


def test_the_disagreement_command_lists_and_fails(call, users):
    from django.core.management import CommandError, call_command

    draft = make_dossier(call, users["district"], name="Bánh tổ lệch trạng thái")
    call_command("lifecycle_disagreements", "--year", str(call.year))  # none yet: no error
    draft.product.state = pw.EVALUATED
    draft.product.save()
    with pytest.raises(CommandError, match="1 product"):
        call_command("lifecycle_disagreements", "--year", str(call.year))
