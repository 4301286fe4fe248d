"""A round follows the rule set in force on its date (issue 14): a 2026 round under 148 as amended by
1489 has no district level, recognises 3★ and 4★ at the province by the UBND tỉnh/thành phố's decision,
and every page that names the round's rules says which rule set it is."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client

from accounts.models import AdministrativeUnit, Role, User
from evaluation import services as rs
from evaluation.models import RegulationProfile, Round, RoundProduct
from evaluation.models.rounds import round_date
from ocop_portal.workflow import TransitionRefused

from .conftest import make_member_user, make_product, score

pytestmark = pytest.mark.django_db

AMENDED = "148-1489-2025"


def province_round(by, year=2026, meeting_date=None, members=3, **kwargs):
    round_ = rs.create_round(
        name=f"Đợt tỉnh {year}",
        year=year,
        level="province",
        unit=AdministrativeUnit.objects.get(code="49"),
        by=by,
        meeting_date=meeting_date,
        **kwargs,
    )
    users = [make_member_user(f"pm{round_.pk}_{i}") for i in range(members)]
    for i, user in enumerate(users):
        rs.add_member(round_, user, role="chair" if i == 0 else "member", by=by)
    return round_, users


@pytest.mark.parametrize(
    "year,meeting_date,code",
    [
        (2026, datetime.date(2026, 10, 15), AMENDED),
        (2025, datetime.date(2025, 9, 1), AMENDED),
        (2025, datetime.date(2025, 6, 30), "148-2023"),
        (2024, None, "148-2023"),
        (2022, None, "1048-2019"),
    ],
)
def test_a_round_takes_the_rule_set_in_force_on_its_date(province_user, year, meeting_date, code):
    round_, _ = province_round(province_user, year=year, meeting_date=meeting_date, members=0)
    assert round_.profile.code == code
    assert round_.regulation == round_.profile.regulation  # the amended profile scores on 148's sheets


def test_a_round_of_this_year_without_a_meeting_date_follows_148_as_amended_by_1489(province_user):
    assert round_date(2026, None, today=datetime.date(2026, 12, 7)) == datetime.date(2026, 12, 7)
    round_, _ = province_round(province_user, year=datetime.date.today().year, members=0)
    assert round_.profile == RegulationProfile.in_force_on(datetime.date.today())


def test_a_district_round_under_1489_is_refused_and_nothing_is_saved(district_user):
    with pytest.raises(TransitionRefused, match="has no District evaluation") as refused:
        rs.create_round(
            name="Đợt huyện 2026",
            year=2026,
            level="district",
            unit=AdministrativeUnit.objects.get(code="508"),
            by=district_user,
            meeting_date=datetime.date(2026, 9, 1),
        )
    assert "Province, Central" in refused.value.message
    assert not Round.objects.exists()


def test_the_new_round_form_refuses_a_district_round_under_1489_in_vietnamese():
    officer = User.objects.create_user(
        "dx2026", password="x-pass-12345", role=Role.DISTRICT, unit=AdministrativeUnit.objects.get(code="508")
    )
    client = Client()
    client.force_login(officer)
    amended = RegulationProfile.objects.get(code=AMENDED)
    page = client.get("/evaluation/rounds/new/").content.decode()
    assert f'<option value="{amended.pk}" selected>' in page  # the rule set in force today, preselected
    response = client.post(
        "/evaluation/rounds/new/",
        {
            "name": "Đợt huyện 2026",
            "year": 2026,
            "profile": amended.pk,
            "level": "district",
            "unit": officer.unit_id,
            "meeting_date": "2026-09-01",
            "quorum": 3,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "không có cấp đánh giá Cấp huyện" in body, body[:4000]
    assert not Round.objects.exists()


def test_under_1489_the_province_recognises_3_and_4_stars_and_the_city_issues_the_decision(province_user):
    round_, members = province_round(province_user, meeting_date=datetime.date(2026, 10, 15))
    assert round_.profile.code == AMENDED
    three = make_product("Bánh tráng Phú Chiêm", commune_code="20599")
    four = make_product("Nước mắm Duy Hải", commune_code="20638")
    top = make_product("Sâm Ngọc Linh", commune_code="20620")
    entries = {p.pk: rs.assign_product(round_, p, by=province_user) for p in (three, four, top)}
    rs.open_scoring(round_, by=province_user)
    for user in members:
        score(entries[three.pk], user, 55)
        score(entries[four.pk], user, 75)
        score(entries[top.pk], user, 92)
    rs.close_scoring(round_, by=province_user)
    results = {e.product_id: e for e in RoundProduct.objects.filter(round=round_)}
    assert (results[three.pk].outcome, results[three.pk].recognisable_stars) == ("recognise", 3)
    assert (results[four.pk].outcome, results[four.pk].recognisable_stars) == ("recognise", 4)
    assert (results[top.pk].outcome, results[top.pk].recognisable_stars) == ("forward", 4)

    decision = rs.create_decision(
        round_,
        number="88/QĐ-UBND",
        date=datetime.date(2026, 11, 20),
        signer_name="Nguyễn Văn B",
        signer_title="Phó Chủ tịch",
        by=province_user,
    )
    assert decision.issuing_unit.code == "49" and decision.profile.code == AMENDED
    assert sorted(decision.entries.values_list("stars", flat=True)) == [3, 4, 4]
    html = render_to_string(
        "certificates/pdf/decision.html",
        {"decision": decision, "entries": decision.entries.all(), "authority": "UBND", "signature": []},
    )
    assert (
        "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy "
        "trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm, được sửa đổi, bổ sung bởi "
        "Quyết định số 1489/QĐ-TTg ngày 06/7/2025 của Thủ tướng Chính phủ;"
    ) in html


def test_a_148_province_round_does_not_recognise_3_stars(province_user):
    round_, members = province_round(province_user, year=2024, meeting_date=datetime.date(2024, 10, 15))
    assert round_.profile.code == "148-2023"
    product = make_product("Bánh tráng 2024", commune_code="20599", dossier_year=2024)
    entry = rs.assign_product(round_, product, by=province_user)
    rs.open_scoring(round_, by=province_user)
    for user in members:
        score(entry, user, 55)
    rs.close_scoring(round_, by=province_user)
    entry.refresh_from_db()
    assert (entry.average, entry.outcome, entry.recognisable_stars) == (Decimal("55.00"), "not_reached", None)


def test_products_go_only_to_a_round_of_the_same_rule_set(province_user):
    round_, members = province_round(province_user, meeting_date=datetime.date(2026, 10, 15))
    product = make_product("Sâm Ngọc Linh", commune_code="20620")
    entry = rs.assign_product(round_, product, by=province_user)
    rs.open_scoring(round_, by=province_user)
    for user in members:
        score(entry, user, 95)
    rs.close_scoring(round_, by=province_user)
    old_rules = RegulationProfile.objects.get(code="148-2023")
    central_148, _ = province_round(province_user, members=0, profile=old_rules)
    Round.objects.filter(pk=central_148.pk).update(level="central")
    central_148.refresh_from_db()
    with pytest.raises(TransitionRefused, match="another rule set"):
        rs.forward(round_, central_148, by=province_user)
    central = rs.create_round(
        name="Trung ương 2026", year=2026, level="central", unit=round_.unit, by=province_user
    )
    assert [e.product_id for e in rs.forward(round_, central, by=province_user)] == [product.pk]


def test_the_pages_say_which_rule_set_a_round_follows(province_user):
    round_, members = province_round(province_user, meeting_date=datetime.date(2026, 10, 15))
    entry = rs.assign_product(round_, make_product("Bánh tráng Phú Chiêm"), by=province_user)
    amended = round_.profile
    dard = Client()
    dard.force_login(province_user)
    detail = dard.get(f"/evaluation/rounds/{round_.pk}/").content.decode()
    assert amended.name in detail and "Quyết định số 1489/QĐ-TTg ngày 06/7/2025" in detail
    assert amended.name in dard.get("/evaluation/rounds/").content.decode()
    rs.open_scoring(round_, by=province_user)
    member = Client()
    member.force_login(members[0])
    sheet = member.get(f"/evaluation/entries/{entry.pk}/score/").content.decode()
    assert amended.name in sheet
    for user in members:
        score(entry, user, 60)
    rs.close_scoring(round_, by=province_user)
    decision = rs.create_decision(
        round_,
        number="9/QĐ-UBND",
        date=datetime.date(2026, 11, 2),
        signer_name="B",
        signer_title="",
        by=province_user,
    )
    page = dard.get(f"/evaluation/decisions/{decision.pk}/").content.decode()
    assert amended.name in page and "1489/QĐ-TTg" in page


def test_the_new_round_form_offers_dard_the_levels_of_the_rule_set_in_force(province_user):
    import re

    client = Client()
    client.force_login(province_user)
    page = client.get("/evaluation/rounds/new/").content.decode()
    level_select = re.search(r'<select name="level".*?</select>', page, re.S).group(0)
    assert 'value="province"' in level_select and 'value="central"' in level_select
    assert 'value="district"' not in level_select  # 148 as amended by 1489 has no district level
    response = client.post(
        "/evaluation/rounds/new/",
        {
            "name": "Đợt tỉnh 2026",
            "year": 2026,
            "profile": RegulationProfile.objects.get(code=AMENDED).pk,
            "level": "province",
            "unit": province_user.unit_id,
            "meeting_date": "2026-10-15",
            "quorum": 3,
        },
    )
    round_ = Round.objects.get(name="Đợt tỉnh 2026")
    assert response.status_code == 302 and round_.profile.code == AMENDED and round_.level == "province"
