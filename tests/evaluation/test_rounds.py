"""A full evaluation round under 148/2023 (district 3★, province 4★) and a 2022 round under 1048."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from certificates import services as certificate_services
from certificates.models import Certificate
from certificates.services import certificate_valid_until
from evaluation import services as rs
from evaluation.models import CouncilMember, RoundProduct, ScoreSheet
from ocop_portal.workflow import TransitionRefused
from products import workflows as pw
from products.models import Product
from tests.factories import revocation_decision

from .conftest import answers_for_total, make_product, make_round, score

pytestmark = pytest.mark.django_db


def test_district_round_148_recognises_3_star_and_forwards_70_plus(district_user, province_user):
    round_, members = make_round(level="district", unit_code="508", by=district_user)
    p3 = make_product("Bánh tráng Duy Xuyên")
    p4 = make_product("Nước mắm Duy Hải", commune_code="20638")
    low = make_product("Mứt gừng", commune_code="20620")
    entries = {p.pk: rs.assign_product(round_, p, by=district_user) for p in (p3, p4, low)}
    rs.open_scoring(round_, by=district_user)
    for user, (a, b, c) in zip(members, [(60, 75, 40), (62, 74, 41), (64, 76, 45)], strict=True):
        score(entries[p3.pk], user, a)
        score(entries[p4.pk], user, b)
        score(entries[low.pk], user, c)
    rs.close_scoring(round_, by=district_user)
    results = {e.product_id: e for e in RoundProduct.objects.filter(round=round_)}
    assert results[p3.pk].average == Decimal("62.00") and results[p3.pk].stars == 3
    assert results[p3.pk].outcome == "recognise" and results[p3.pk].recognisable_stars == 3
    assert results[p4.pk].average == Decimal("75.00") and results[p4.pk].outcome == "forward"
    assert results[p4.pk].recognisable_stars is None  # the district does not certify 4★
    assert results[low.pk].outcome == "not_reached"
    assert Product.objects.get(pk=low.pk).state == pw.NOT_REACHED
    assert Product.objects.get(pk=p3.pk).state == pw.EVALUATED

    # Forward to the provincial round, which recognises 4★
    prov, prov_members = make_round(level="province", unit_code="49", by=province_user)
    forwarded = rs.forward(round_, prov, by=district_user)
    assert [e.product_id for e in forwarded] == [p4.pk]
    assert forwarded[0].forwarded_from == results[p4.pk]

    # District decision: only the 3★ product, certificates for 36 months
    decision = rs.create_decision(
        round_,
        number="12/QĐ-UBND",
        date=datetime.date(2024, 2, 29),
        signer_name="Lê Văn A",
        signer_title="Chủ tịch",
        by=district_user,
    )
    assert list(decision.entries.values_list("product_id", "stars")) == [(p3.pk, 3)]
    certs = certificate_services.approve_decision(decision, by=district_user)
    cert = certs[0]
    assert cert.level == "district" and cert.stars == 3
    assert cert.valid_until == datetime.date(2027, 2, 28)  # 29/02/2024 + 36 months
    assert len(cert.verification_code) >= 16
    p3.refresh_from_db()
    assert p3.state == pw.RECOGNISED and p3.stars == 3 and p3.certificate_number == cert.number
    round_.refresh_from_db()
    assert round_.status == "decided"

    # Province scores the forwarded product and recognises 4★
    entry = prov.entries.get()
    rs.open_scoring(prov, by=province_user)
    for user, total in zip(prov_members, (78, 80, 82), strict=True):
        score(entry, user, total)
    rs.close_scoring(prov, by=province_user)
    decision = rs.create_decision(
        prov,
        number="99/QĐ-UBND",
        date=datetime.date(2026, 10, 30),
        signer_name="Trần B",
        signer_title="Phó Chủ tịch",
        by=province_user,
    )
    (cert4,) = certificate_services.approve_decision(decision, by=province_user)
    assert cert4.stars == 4 and cert4.level == "province"
    assert Product.objects.get(pk=p4.pk).stars == 4


def test_1048_round_of_2022_keeps_its_own_rules(province_user):
    district_user = province_user
    d_round, d_members = make_round(
        level="district", unit_code="506", regulation="1048-2019", year=2022, by=district_user
    )
    product = make_product(
        "Bánh tráng Đại Lộc",
        commune_code=d_round.unit.children.first().code,
        regulation="1048-2019",
        dossier_year=2022,
    )
    entry = rs.assign_product(d_round, product, by=district_user)
    assert entry.criteria_set.regulation.code == "1048-2019"
    assert [p.max_points for p in entry.criteria_set.parts.order_by("code")] == [35, 25, 40]
    rs.open_scoring(d_round, by=district_user)
    for user in d_members:
        score(entry, user, 55)
    rs.close_scoring(d_round, by=district_user)
    entry.refresh_from_db()
    assert entry.outcome == "forward"  # 1048: the district screens, ≥ 50 goes up
    with pytest.raises(TransitionRefused):
        rs.create_decision(
            d_round,
            number="1/QĐ",
            date=datetime.date(2022, 8, 1),
            signer_name="x",
            signer_title="y",
            by=district_user,
        )
    p_round, p_members = make_round(
        level="province", unit_code="49", regulation="1048-2019", year=2022, by=province_user
    )
    (p_entry,) = rs.forward(d_round, p_round, by=province_user)
    rs.open_scoring(p_round, by=province_user)
    for user in p_members:
        score(p_entry, user, 55)
    rs.close_scoring(p_round, by=province_user)
    decision = rs.create_decision(
        p_round,
        number="2/QĐ-UBND",
        date=datetime.date(2022, 10, 15),
        signer_name="x",
        signer_title="y",
        by=province_user,
    )
    (cert,) = certificate_services.approve_decision(decision, by=province_user)
    assert cert.stars == 3 and cert.level == "province"  # the province recognises 3★ under 1048


def test_average_uses_submitted_sheets_and_quorum(district_user):
    round_, members = make_round(members=4, by=district_user, quorum=3)
    entry = rs.assign_product(round_, make_product(), by=district_user)
    rs.open_scoring(round_, by=district_user)
    score(entry, members[0], 60)
    score(entry, members[1], 70)
    score(entry, members[2], 80, submit=False)  # a draft does not count
    rs.compute_results(round_)
    entry.refresh_from_db()
    assert entry.submitted_count == 2 and entry.outcome == "pending" and entry.stars is None
    score(entry, members[3], 71)
    rs.compute_results(round_)
    entry.refresh_from_db()
    assert entry.submitted_count == 3
    assert entry.average == Decimal("67.00") and entry.stars == 3


def test_conflict_of_interest_member_cannot_score(district_user):
    round_, members = make_round(by=district_user)
    entry = rs.assign_product(round_, make_product(), by=district_user)
    rs.open_scoring(round_, by=district_user)
    member = rs.member_for(round_, members[0])
    rs.declare_conflict(entry, member, reason="Người thân của chủ thể")
    with pytest.raises(TransitionRefused, match="conflict"):
        score(entry, members[0], 60)
    with pytest.raises(TransitionRefused):
        rs.declare_conflict(entry, rs.member_for(round_, members[1]), reason="  ")


def test_answers_outside_options_or_parts_are_refused(district_user):
    round_, members = make_round(by=district_user)
    entry = rs.assign_product(round_, make_product(), by=district_user)
    other_round, _ = make_round(by=district_user)
    other_entry = rs.assign_product(
        other_round, make_product("Khác", commune_code="20620", group_code="2.2"), by=district_user
    )
    rs.open_scoring(round_, by=district_user)
    member = rs.member_for(round_, members[0])
    parts = rs.sheet_structure(entry.criteria_set)
    first, second = parts[0].criteria.all()[0], parts[0].criteria.all()[1]
    with pytest.raises(TransitionRefused, match="not one of its options"):
        rs.save_scores(entry, member, {first.pk: second.options.first().pk}, submit=False, by=members[0])
    foreign = rs.sheet_structure(other_entry.criteria_set)[0].criteria.first()
    with pytest.raises(TransitionRefused, match="do not belong"):
        rs.save_scores(entry, member, {foreign.pk: foreign.options.first().pk}, submit=False, by=members[0])
    with pytest.raises(TransitionRefused, match="Answer every criterion"):
        rs.save_scores(entry, member, {first.pk: first.options.last().pk}, submit=True, by=members[0])
    with pytest.raises(TransitionRefused, match="your own"):
        rs.save_scores(entry, member, {first.pk: first.options.last().pk}, submit=False, by=members[1])
    assert not ScoreSheet.objects.filter(entry=entry).exists()


def test_scores_are_read_only_after_closing_and_audited(district_user):
    round_, members = make_round(by=district_user)
    entry = rs.assign_product(round_, make_product(), by=district_user)
    rs.open_scoring(round_, by=district_user)
    for user in members:
        score(entry, user, 60)
    with pytest.raises(TransitionRefused, match="locked"):  # a submitted sheet changes only by revision
        score(entry, members[0], 61)
    sheet = rs.revise_scores(  # a revision while scoring is open is recorded, the earlier version kept
        entry,
        rs.member_for(round_, members[0]),
        answers_for_total(entry, Decimal(61)),
        reason="Sửa điểm phần A",
        by=members[0],
        expected_version=1,
    )
    assert sheet.revisions.get().total == 60
    assert sheet.history.count() >= 2
    assert list(sheet.history.order_by("history_date").values_list("total", flat=True))[-1] == Decimal("61")
    rs.close_scoring(round_, by=district_user)
    with pytest.raises(TransitionRefused, match="not open"):
        score(entry, members[0], 70)


def test_member_sees_only_own_sheet_until_close(district_user):
    round_, members = make_round(by=district_user)
    entry = rs.assign_product(round_, make_product(), by=district_user)
    rs.open_scoring(round_, by=district_user)
    score(entry, members[0], 60)
    score(entry, members[1], 80)
    score(entry, members[2], 70)
    client = Client()
    client.force_login(members[0])
    page = client.get(f"/evaluation/entries/{entry.pk}/").content.decode()
    assert "60,00" in page and "80,00" not in page  # Vietnamese decimal comma
    detail = client.get(f"/evaluation/rounds/{round_.pk}/").content.decode()
    assert "80,00" not in detail
    from accounts import access

    assert access.visible(members[0], ScoreSheet).count() == 1
    rs.close_scoring(round_, by=district_user)
    page = client.get(f"/evaluation/entries/{entry.pk}/").content.decode()
    assert "60,00" in page and "80,00" in page


def test_recognition_limits_per_level(district_user, province_user):
    round_, members = make_round(level="province", unit_code="49", by=province_user)
    entry = rs.assign_product(round_, make_product(), by=province_user)
    rs.open_scoring(round_, by=province_user)
    for user in members:
        score(entry, user, 60)  # 3★ at province under 148: not recognised here
    rs.close_scoring(round_, by=province_user)
    entry.refresh_from_db()
    assert entry.stars == 3 and entry.outcome == "not_reached" and entry.recognisable_stars is None
    with pytest.raises(TransitionRefused, match="No product"):
        rs.create_decision(
            round_,
            number="5/QĐ",
            date=datetime.date(2026, 1, 1),
            signer_name="a",
            signer_title="b",
            by=province_user,
        )


def test_round_needs_council_and_products_before_scoring(district_user):
    round_, _ = make_round(members=0, by=district_user)
    with pytest.raises(TransitionRefused, match="council"):
        rs.open_scoring(round_, by=district_user)


def test_district_cannot_assign_another_districts_product(district_user):
    round_, _ = make_round(by=district_user)
    from accounts.models import AdministrativeUnit

    foreign = make_product(
        "Sản phẩm Đại Lộc", commune_code=AdministrativeUnit.objects.filter(parent__code="506").first().code
    )
    with pytest.raises(TransitionRefused, match="outside"):
        rs.assign_product(round_, foreign, by=district_user)


def test_rerating_keeps_old_certificate_in_history(province_user):
    from certificates import services

    product = make_product(state=pw.EVALUATED)
    old = services.issue_certificate(product, stars=3, issued_on=datetime.date(2022, 7, 1), level="district")
    services.expire_due(datetime.date(2025, 7, 2))
    product.refresh_from_db()
    assert product.state == pw.EXPIRED
    round_, members = make_round(level="district", unit_code="508", by=province_user)
    entry = rs.assign_product(round_, product, by=province_user)
    assert entry.is_rerating
    assert Product.objects.get(pk=product.pk).state == pw.RERATING
    rs.open_scoring(round_, by=province_user)
    for user in members:
        score(entry, user, 65)
    rs.close_scoring(round_, by=province_user)
    decision = rs.create_decision(
        round_,
        number="7/QĐ",
        date=datetime.date(2026, 9, 1),
        signer_name="a",
        signer_title="b",
        by=province_user,
    )
    (new,) = certificate_services.approve_decision(decision, by=province_user)
    old.refresh_from_db()
    assert old.status == Certificate.Status.EXPIRED
    assert new.valid_until == certificate_valid_until(datetime.date(2026, 9, 1)) == datetime.date(2029, 9, 1)
    assert product.certificates.count() == 2


def test_revocation_after_inspection_hides_product(province_user):
    from accounts.models import Department, Role, User
    from certificates import services

    product = make_product(state=pw.EVALUATED)
    cert = services.issue_certificate(
        product, stars=3, issued_on=datetime.date(2026, 1, 10), level="district"
    )
    assert Product.objects.public().filter(pk=product.pk).exists()
    health = Department.objects.get(code="so-y-te")
    inspector = User.objects.create_user(
        "yte", password="x-pass-12345", role=Role.DEPARTMENT, department=health
    )
    inspection = certificate_services.report_inspection(
        cert, department=health, inspected_on=datetime.date(2026, 11, 1), finding="Vi phạm ATTP", by=inspector
    )
    with pytest.raises(TransitionRefused, match="propose"):
        certificate_services.decide_revocation(
            inspection, decision=revocation_decision(), reason="x", by=province_user
        )
    certificate_services.propose_revocation(inspection, proposal="Đề nghị thu hồi", by=province_user)
    certificate_services.decide_revocation(
        inspection, decision=revocation_decision(), reason="Vi phạm an toàn thực phẩm", by=province_user
    )
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.public_state == "revoked"
    assert not Product.objects.public().filter(pk=product.pk).exists()
    assert Product.objects.get(pk=product.pk).state == pw.REVOKED


def test_council_roles_unique_chair(district_user):
    round_, members = make_round(by=district_user)
    from .conftest import make_member_user

    with pytest.raises(TransitionRefused, match="chair"):
        rs.add_member(round_, make_member_user("second_chair"), role=CouncilMember.Role.CHAIR)
    with pytest.raises(TransitionRefused, match="already a member"):
        rs.add_member(round_, members[1])
