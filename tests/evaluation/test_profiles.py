"""The level-authority table as data (issue 14): three rule sets, read by the rules, corrected in the
back office, created on an existing database by the migration."""

import datetime
from decimal import Decimal

import pytest

from evaluation import rules
from evaluation.models import ProfileLevel, RegulationProfile

pytestmark = pytest.mark.django_db

AMENDED = "148-1489-2025"


@pytest.mark.parametrize(
    "profile,level,score,outcome,certify",
    [
        # 148 as amended by 1489: the province recognises 3★ and 4★, ≥ 90 is prepared for the central 5★
        (AMENDED, "province", "49.99", "not_reached", None),
        (AMENDED, "province", "50", "recognise", 3),
        (AMENDED, "province", "69.99", "recognise", 3),
        (AMENDED, "province", "70", "recognise", 4),
        (AMENDED, "province", "89.99", "recognise", 4),
        (AMENDED, "province", "90", "forward", 4),
        (AMENDED, "central", "90", "recognise", 5),
        (AMENDED, "central", "89.99", "not_reached", None),
        # the same 3★ score at the province under 148 (unamended) is not recognised there
        ("148-2023", "province", "55", "not_reached", None),
        ("148-2023", "district", "55", "recognise", 3),
        ("1048-2019", "province", "55", "recognise", 3),
    ],
)
def test_the_table_drives_the_outcome_of_every_rule_set(profile, level, score, outcome, certify):
    assert rules.outcome_for(profile, level, Decimal(score)) == outcome
    assert rules.recognisable_stars(profile, level, Decimal(score)) == certify


def test_three_rule_sets_with_their_levels_in_order_and_148s_criteria_reused():
    profiles = {p.code: p for p in RegulationProfile.objects.prefetch_related("levels")}
    assert set(profiles) == {"1048-2019", "148-2023", AMENDED}
    levels = {code: [row.level for row in p.levels.all()] for code, p in profiles.items()}
    assert levels == {
        "1048-2019": ["district", "province", "central"],
        "148-2023": ["commune", "district", "province", "central"],
        AMENDED: ["commune", "province", "central"],
    }
    amended = profiles[AMENDED]
    assert amended.regulation.code == "148-2023"  # 148's criteria sets and groups, not a copy
    assert amended.has_commune_step and not profiles["1048-2019"].has_commune_step
    assert amended.valid_from == datetime.date(2025, 7, 6) and amended.valid_to is None
    assert profiles["148-2023"].valid_to == datetime.date(2025, 7, 5)
    assert "1489/QĐ-TTg" in amended.source_note and "báo chí" in amended.source_note
    province = amended.level_row("province")
    assert (province.recognises, province.issuer) == (frozenset({3, 4}), "UBND tỉnh/thành phố")
    assert (province.forward_threshold, province.forwards_to) == (Decimal(90), "central")
    assert profiles["148-2023"].level_row("district").issuer == "UBND huyện"


def test_a_rule_set_without_the_level_has_no_rule_for_it():
    with pytest.raises(rules.UnknownLevel):
        rules.rule_for(AMENDED, "district")
    with pytest.raises(rules.UnknownLevel):
        rules.rule_for(AMENDED, "commune")  # the commune step assesses, it does not evaluate


@pytest.mark.parametrize(
    "day,code",
    [
        (datetime.date(2022, 9, 1), "1048-2019"),
        (datetime.date(2023, 2, 23), "1048-2019"),
        (datetime.date(2023, 2, 24), "148-2023"),
        (datetime.date(2025, 7, 5), "148-2023"),
        (datetime.date(2025, 7, 6), AMENDED),
        (datetime.date(2026, 12, 7), AMENDED),
    ],
)
def test_the_rule_set_in_force_on_a_day(day, code):
    assert RegulationProfile.in_force_on(day).code == code


def _admin_post(profile, change_row=None):
    """The admin change form's data for ``profile`` as it is, with ``change_row(level, data)`` applied."""
    rows = list(profile.levels.order_by("order", "pk"))
    data = {
        "code": profile.code,
        "name": profile.name,
        "regulation": profile.regulation_id,
        "legal_basis": profile.legal_basis,
        "valid_from": profile.valid_from.isoformat(),
        "valid_to": profile.valid_to.isoformat() if profile.valid_to else "",
        "source_note": profile.source_note,
        "levels-TOTAL_FORMS": len(rows),
        "levels-INITIAL_FORMS": len(rows),
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        values = {
            "id": row.pk,
            "profile": profile.pk,
            "order": row.order,
            "level": row.level,
            "recognises_from": row.recognises_from or "",
            "recognises_to": row.recognises_to or "",
            "forward_threshold": row.forward_threshold if row.forward_threshold is not None else "",
            "forwards_to": row.forwards_to,
            "unit_level": row.unit_level,
            "issuer": row.issuer,
            "description": row.description,
        }
        if row.certifies_highest_when_above:
            values["certifies_highest_when_above"] = "on"
        if change_row:
            change_row(row.level, values)
        data.update({f"levels-{i}-{k}": v for k, v in values.items()})
    return data


def test_correcting_the_table_in_the_back_office_changes_the_outcome(client_for):
    amended = RegulationProfile.objects.get(code=AMENDED)
    assert rules.outcome_for(AMENDED, "province", Decimal(55)) == "recognise"

    def province_from_4_stars(level, values):
        if level == "province":
            values["recognises_from"] = 4

    url = f"/admin/evaluation/regulationprofile/{amended.pk}/change/"
    response = client_for("admin").post(url, _admin_post(amended, province_from_4_stars))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert rules.outcome_for(AMENDED, "province", Decimal(55)) == "not_reached"
    assert rules.recognisable_stars(AMENDED, "province", Decimal(75)) == 4


def test_the_back_office_refuses_a_level_forwarding_to_a_level_the_rule_set_lacks(client_for):
    amended = RegulationProfile.objects.get(code=AMENDED)

    def central_to_district(level, values):
        if level == "central":
            values.update(forward_threshold="95", forwards_to="district")

    url = f"/admin/evaluation/regulationprofile/{amended.pk}/change/"
    response = client_for("admin").post(url, _admin_post(amended, central_to_district))
    assert response.status_code == 200
    assert "district" in response.content.decode()
    assert ProfileLevel.objects.get(profile=amended, level="central").forwards_to == ""  # nothing saved


def test_the_staff_page_lists_each_rule_set_with_its_levels(client_for):
    page = client_for("district").get("/evaluation/rule-sets/").content.decode()
    for profile in RegulationProfile.objects.all():
        assert f'id="profile-{profile.code}"' in page and profile.legal_basis in page
    assert "UBND tỉnh/thành phố" in page and "3★–4★" in page
    assert "Quyết định số 1489/QĐ-TTg ngày 06/7/2025" in page


def test_the_amended_legal_basis_is_a_citation_plans_never_shift():
    from plans.citations import shift_year_text

    basis = RegulationProfile.objects.get(code=AMENDED).legal_basis
    assert basis.startswith("Quyết định số 148/QĐ-TTg ngày 24/02/2023")
    assert "được sửa đổi, bổ sung bởi Quyết định số 1489/QĐ-TTg ngày 06/7/2025" in basis
    assert shift_year_text(basis, 2025, 2026) == basis
    assert shift_year_text(basis, 2023, 2024) == basis


def _set_constraints_immediate(connection):
    # rows written earlier in this test transaction leave deferred FK checks that block ALTER TABLE
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_migration_creates_the_table_on_an_existing_database_and_keeps_old_rounds_rules():
    """Back to evaluation 0010 (a database of before this change, with a 148 round, a 1048 round and a
    2023 decision), then forward: the three rule sets are there and old records keep their rules."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("evaluation", "0010_score_sheet_revisions_and_round_dossiers")]
    _set_constraints_immediate(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    regulation = old.get_model("products", "RegulationVersion").objects.get
    unit = old.get_model("accounts", "AdministrativeUnit").objects.get
    OldRound = old.get_model("evaluation", "Round")
    r148 = OldRound.objects.create(
        name="Đợt huyện 2024",
        year=2024,
        level="district",
        regulation=regulation(code="148-2023"),
        unit=unit(code="508"),
    )
    r1048 = OldRound.objects.create(
        name="Đợt tỉnh 2022",
        year=2022,
        level="province",
        regulation=regulation(code="1048-2019"),
        unit=unit(code="49"),
    )
    decision = old.get_model("evaluation", "RecognitionDecision").objects.create(
        number="5/QĐ-UBND",
        date=datetime.date(2023, 10, 1),
        level="province",
        issuing_unit=unit(code="49"),
        regulation=regulation(code="148-2023"),
    )
    assert "evaluation_regulationprofile" not in connection.introspection.table_names()

    _set_constraints_immediate(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    Profile = new.get_model("evaluation", "RegulationProfile")
    assert set(Profile.objects.values_list("code", flat=True)) == {"1048-2019", "148-2023", AMENDED}
    assert new.get_model("evaluation", "ProfileLevel").objects.filter(profile__code=AMENDED).count() == 3
    NewRound = new.get_model("evaluation", "Round")
    assert NewRound.objects.get(pk=r148.pk).profile.code == "148-2023"  # not the amended one
    assert NewRound.objects.get(pk=r1048.pk).profile.code == "1048-2019"
    assert (
        new.get_model("evaluation", "RecognitionDecision").objects.get(pk=decision.pk).profile.code
        == "148-2023"
    )
    # the 148 district round keeps its rules: 3★ at the district
    assert rules.outcome_for("148-2023", "district", Decimal(60)) == "recognise"
