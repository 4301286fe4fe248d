"""A submitted score sheet cannot silently change (issue 13, defect 3).

Locked on submission; a stale form (opened before the last save) is refused; a second submission is
refused; revising is explicit, with a reason, and keeps the replaced version; results follow the
current versions; a blank criterion is a field error, never 0 points.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from evaluation import services as rs
from evaluation import sheets
from evaluation.models import RoundProduct, ScoreSheet, ScoreSheetRevision
from ocop_portal.workflow import TransitionRefused

from .conftest import answers_for_total, make_product, make_round, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(district_user):
    round_, users = make_round(level="district", unit_code="508", by=district_user)
    entry = rs.assign_product(round_, make_product("Bánh tráng Phú Chiêm"), by=district_user)
    rs.open_scoring(round_, by=district_user)
    return entry, users


def _member(entry, user):
    return rs.member_for(entry.round, user)


def test_a_submitted_sheet_is_locked(scoring):
    entry, (user, *_rest) = scoring
    sheet = score(entry, user, 80)
    assert sheet.status == "submitted" and sheet.submitted_at and sheet.version == 1
    for submit in (True, False):  # neither a second submission nor a draft save over it
        with pytest.raises(sheets.SheetLocked, match="locked"):
            rs.save_scores(
                entry, _member(entry, user), answers_for_total(entry, Decimal(0)), submit=submit, by=user
            )
    sheet.refresh_from_db()
    assert sheet.total == 80 and sheet.version == 1 and not sheet.revisions.exists()


def test_a_form_opened_before_the_last_save_is_refused_and_nothing_is_saved(scoring):
    entry, (user, *_rest) = scoring
    member = _member(entry, user)
    draft = rs.save_scores(
        entry, member, answers_for_total(entry, Decimal(40)), submit=False, by=user, expected_version=0
    )
    assert draft.version == 1
    # a second tab opened before that draft existed (version 0) submits other answers
    with pytest.raises(sheets.StaleSheet, match="saved again"):
        rs.save_scores(
            entry, member, answers_for_total(entry, Decimal(90)), submit=True, by=user, expected_version=0
        )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.total == 40 and draft.version == 1
    # the tab that holds the current version goes on
    sheet = rs.save_scores(
        entry, member, answers_for_total(entry, Decimal(60)), submit=True, by=user, expected_version=1
    )
    assert sheet.status == "submitted" and sheet.total == 60 and sheet.version == 2


def test_double_submission_from_two_tabs_is_refused(scoring):
    entry, (user, *_rest) = scoring
    member = _member(entry, user)
    first = rs.save_scores(
        entry, member, answers_for_total(entry, Decimal(84)), submit=True, by=user, expected_version=0
    )
    with pytest.raises(sheets.StaleSheet, match="opened before it was submitted"):
        rs.save_scores(
            entry, member, answers_for_total(entry, Decimal(0)), submit=True, by=user, expected_version=0
        )
    first.refresh_from_db()
    assert first.total == 84 and ScoreSheet.objects.filter(entry=entry).count() == 1


def test_submitting_with_a_blank_criterion_is_refused(scoring):
    entry, (user, *_rest) = scoring
    answers = answers_for_total(entry, Decimal(50))
    answers.pop(next(iter(answers)))
    with pytest.raises(TransitionRefused, match="Answer every criterion"):
        rs.save_scores(entry, _member(entry, user), answers, submit=True, by=user)
    assert not ScoreSheet.objects.filter(entry=entry).exists()


def test_revising_keeps_the_earlier_version_and_results_follow_the_current_one(scoring):
    entry, users = scoring
    for user, total in zip(users, (60, 70, 80), strict=True):
        score(entry, user, total)
    entry.refresh_from_db()
    assert entry.submitted_count == 3 and entry.average == Decimal("70.00")
    user = users[2]
    sheet = ScoreSheet.objects.get(entry=entry, member__user=user)
    old_answers = dict(sheet.answers.values_list("criterion_id", "option_id"))
    old_submitted_at = sheet.submitted_at
    revised = rs.revise_scores(
        entry,
        _member(entry, user),
        answers_for_total(entry, Decimal(50)),
        reason="Chấm nhầm phần C",
        by=user,
        expected_version=sheet.version,
    )
    assert revised.total == 50 and revised.status == "submitted" and revised.version == sheet.version + 1
    assert revised.submitted_at > old_submitted_at
    (revision,) = ScoreSheetRevision.objects.filter(sheet=sheet)
    assert revision.number == 1 and revision.total == 80 and revision.reason == "Chấm nhầm phần C"
    assert revision.submitted_at == old_submitted_at and revision.revised_by == user
    assert {a["criterion"]: a["option"] for a in revision.answers} == old_answers
    entry.refresh_from_db()
    assert entry.average == Decimal("60.00")  # (60 + 70 + 50) / 3: the current versions
    rs.close_scoring(entry.round, by=None)
    assert RoundProduct.objects.get(pk=entry.pk).average == Decimal("60.00")


def test_revising_is_refused_without_reason_when_stale_unchanged_draft_or_closed(scoring, district_user):
    entry, (user, other, *_rest) = scoring
    member = _member(entry, user)
    sheet = score(entry, user, 70)
    same = dict(sheet.answers.values_list("criterion_id", "option_id"))
    other_answers = answers_for_total(entry, Decimal(65))
    with pytest.raises(TransitionRefused, match="Say why"):
        rs.revise_scores(entry, member, other_answers, reason=" ", by=user, expected_version=1)
    with pytest.raises(sheets.StaleSheet):
        rs.revise_scores(entry, member, other_answers, reason="x", by=user, expected_version=0)
    with pytest.raises(TransitionRefused, match="the same"):
        rs.revise_scores(entry, member, same, reason="x", by=user, expected_version=1)
    score(entry, other, 40, submit=False)
    with pytest.raises(TransitionRefused, match="still a draft"):
        rs.revise_scores(
            entry, _member(entry, other), other_answers, reason="x", by=other, expected_version=1
        )
    rs.close_scoring(entry.round, by=district_user)
    with pytest.raises(TransitionRefused, match="not open"):
        rs.revise_scores(entry, member, other_answers, reason="x", by=user, expected_version=1)
    sheet.refresh_from_db()
    assert sheet.total == 70 and not ScoreSheetRevision.objects.exists()


def test_a_conflict_cannot_erase_a_submitted_sheet(scoring):
    entry, (user, *_rest) = scoring
    score(entry, user, 75)
    with pytest.raises(TransitionRefused, match="before scoring"):
        rs.declare_conflict(entry, _member(entry, user), reason="Người thân")
    assert ScoreSheet.objects.get(entry=entry, member__user=user).total == 75


def test_migration_recovers_versions_replaced_before_sheets_were_locked(scoring):
    """Old code saved over submitted sheets; simple-history kept the replaced totals."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("evaluation.migrations.0010_score_sheet_revisions_and_round_dossiers")
    entry, (user, *_rest) = scoring
    sheet = score(entry, user, 84)
    sheet.total, sheet.part_a, sheet.part_b, sheet.part_c = Decimal(0), 0, 0, 0  # the silent 0,00
    sheet.save()
    migration.keep_replaced_versions(apps, None)
    (revision,) = ScoreSheetRevision.objects.filter(sheet=sheet)
    assert revision.total == 84 and revision.answers == [] and "lịch sử" in revision.reason


# --- through the pages ----------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(entry, total, version):
    return {**{f"c{c}": o for c, o in answers_for_total(entry, Decimal(total)).items()}, "version": version}


def test_sheet_pages_lock_refuse_stale_forms_and_revise(scoring, district_user):
    entry, (user, *_rest) = scoring
    client = _client(user)
    url = f"/evaluation/entries/{entry.pk}/score/"
    page = client.get(url).content.decode()
    assert 'name="version" value="0"' in page

    # a blank criterion is an error on that field; nothing saved
    data = _form(entry, 84, 0)
    blank = next(k for k in data if k.startswith("c"))
    code = entry.criteria_set.parts.get(code="A").criteria.order_by("order", "code").first().code
    response = client.post(url, {**{k: v for k, v in data.items() if k != blank}, "submit": "1"})
    body = response.content.decode()
    assert response.status_code == 400 and not ScoreSheet.objects.filter(entry=entry).exists()
    assert f"Tiêu chí {code} chưa được chấm" in body and "Phiếu chưa được nộp" in body

    # submit → the locked, read-only sheet with the time and the total in Vietnamese numbers
    response = client.post(url, {**data, "submit": "1"}, follow=True)
    sheet = ScoreSheet.objects.get(entry=entry)
    body = response.content.decode()
    assert sheet.status == "submitted" and sheet.total == 84
    assert "Đã nộp phiếu đánh giá lúc" in body and "tổng 84,00 điểm" in body
    assert "Đã nộp — đã khóa" in body and 'id="sheet-total">84,00<' in body
    assert re.search(r"Nộp lúc \d\d:\d\d \d\d/\d\d/\d{4}", body)
    assert 'type="radio"' not in body and "Sửa phiếu" in body

    # the same form again (Back + submit, or a second tab): refused, nothing changes
    response = client.post(url, {**_form(entry, 0, 0), "submit": "1"}, follow=True)
    body = response.content.decode()
    assert "nội dung từ cửa sổ này không được lưu" in body
    sheet.refresh_from_db()
    assert sheet.total == 84 and sheet.version == 1
    # without any token at all: the lock still holds
    client.post(url, {**{k: v for k, v in _form(entry, 10, 0).items() if k != "version"}, "submit": "1"})
    sheet.refresh_from_db()
    assert sheet.total == 84

    # revise: the reason is required, then the earlier version is kept
    revise = f"/evaluation/entries/{entry.pk}/score/revise/"
    assert "Lý do sửa phiếu đã nộp" in client.get(revise).content.decode()
    response = client.post(revise, _form(entry, 70, 1))
    assert response.status_code == 400 and "Hãy nêu lý do sửa phiếu đã nộp." in response.content.decode()
    response = client.post(revise, {**_form(entry, 70, 1), "reason": "Nhầm tiêu chí A1"}, follow=True)
    body = response.content.decode()
    assert "Đã nộp phiếu sửa lúc" in body and "tổng 70,00 điểm (trước khi sửa: 84,00)" in body
    assert "Sửa lần 1 lúc" in body and "(tổng 84,00)" in body
    sheet.refresh_from_db()
    assert sheet.total == 70 and sheet.version == 2 and sheet.revisions.get().total == 84
    # a revise form opened before that revision is stale
    client.post(revise, {**_form(entry, 60, 1), "reason": "lần nữa"})
    sheet.refresh_from_db()
    assert sheet.total == 70 and sheet.revisions.count() == 1

    # the organiser sees that the sheet was revised, when, and the earlier total
    page = _client(district_user).get(f"/evaluation/rounds/{entry.round_id}/").content.decode()
    assert "Phiếu đánh giá đã sửa" in page and "Nhầm tiêu chí A1" in page
    assert "84,00" in page and "70,00" in page and "✎1" in page
    detail = _client(district_user).get(f"/evaluation/entries/{entry.pk}/").content.decode()
    assert "Sửa lần 1 lúc" in detail and "đã sửa" in detail


def test_the_dashboard_count_is_the_list_of_products_to_score(scoring):
    entry, (user, other, *_rest) = scoring
    second = rs.assign_product(entry.round, make_product("Nước mắm Duy Hải", commune_code="20638"), by=None)
    client = _client(user)
    dashboard = client.get("/dashboard/").content.decode()
    listing = client.get("/evaluation/my-sheets/").content.decode()
    assert re.search(r"Sản phẩm cần chấm điểm</h3>\s*<p class=\"display-6 mb-1\">2<", dashboard)
    assert 'id="to-score-count">2<' in listing
    score(entry, user, 66)
    score(second, user, 55, submit=False)  # a draft is still to do
    assert 'id="to-score-count">1<' in client.get("/evaluation/my-sheets/").content.decode()
    assert re.search(
        r"Sản phẩm cần chấm điểm</h3>\s*<p class=\"display-6 mb-1\">1<",
        client.get("/dashboard/").content.decode(),
    )
