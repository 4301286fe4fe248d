"""The checklist is data: kinds and rules per regulation version and product group."""

import pytest

from dossiers import checks, services
from dossiers.models import ChecklistRule, DocumentKind
from ocop_portal.workflow import TransitionRefused
from products.models import RegulationVersion
from tests.factories import group

from .helpers import attest, file_commune_report, fill_required, make_call, make_dossier

pytestmark = pytest.mark.django_db

BASE = {"form-01-02", "form-03", "form-04", "business-registration", "product-story", "photos"}
FOOD = {"production-conditions", "quality-declaration", "test-reports", "label-packaging"}


def required_codes(regulation_code, group_code):
    reg = RegulationVersion.objects.get(code=regulation_code)
    return {
        r.kind.code for r in checks.applicable_rules(reg, group(group_code, regulation_code)) if r.required
    }


def all_codes(regulation_code, group_code):
    reg = RegulationVersion.objects.get(code=regulation_code)
    return {r.kind.code for r in checks.applicable_rules(reg, group(group_code, regulation_code))}


def test_seeded_kinds_cover_the_dossier_contents():
    codes = set(DocumentKind.objects.values_list("code", flat=True))
    assert (
        BASE | FOOD | {"traceability", "trademark", "standards", "site-inspection", "commune-report"} <= codes
    )
    assert DocumentKind.objects.get(code="site-inspection").applies_to_tourism_only
    assert DocumentKind.objects.get(code="commune-report").source == DocumentKind.Source.COMMUNE_REPORT


def test_food_under_1048_needs_food_safety_but_no_commune_report():
    assert required_codes("1048-2019", "1.3") == BASE | FOOD
    assert "commune-report" not in all_codes("1048-2019", "1.3")


def test_148_requires_the_commune_report_for_every_group():
    for code in ("1.3", "2.1", "3.3", "4.1", "5.1", "6.1"):
        assert "commune-report" in required_codes("148-2023", code), code


def test_site_inspection_only_for_tourism_groups():
    assert "site-inspection" in required_codes("148-2023", "6.1")
    assert "site-inspection" in required_codes("1048-2019", "6.1")
    for code in ("1.3", "4.1", "5.1"):
        assert "site-inspection" not in all_codes("148-2023", code)


def test_group_rule_overrides_all_groups_rule():
    # handicrafts: test reports optional; tourism: food-safety kinds optional
    assert "test-reports" not in required_codes("148-2023", "4.1")
    assert "test-reports" in all_codes("148-2023", "4.1")
    assert "production-conditions" not in required_codes("148-2023", "6.1")
    assert "label-packaging" in required_codes("148-2023", "4.1")


def test_rules_are_data_editable_without_code():
    reg = RegulationVersion.objects.get(code="148-2023")
    photos = DocumentKind.objects.get(code="photos")
    ChecklistRule.objects.create(regulation=reg, group=group("1", "148-2023"), kind=photos, required=False)
    assert "photos" not in required_codes("148-2023", "1.3")
    assert "photos" in required_codes("148-2023", "2.1")


def test_subgroup_product_uses_its_top_group(users):
    call = make_call()
    dossier = make_dossier(call, users["district"], group_code="6.1")
    kinds = [line.kind.code for line in checks.checklist(dossier)]
    assert "site-inspection" in kinds
    assert kinds == sorted(kinds, key=lambda c: DocumentKind.objects.get(code=c).order)


def test_missing_kinds_are_listed_and_block_submission(users):
    call = make_call()
    district = users["district"]
    dossier = make_dossier(call, district)
    fill_required(dossier, district, skip={"test-reports", "photos"})
    attest(dossier, district)
    missing = {k.code for k in checks.missing_required(dossier)}
    assert missing == {"test-reports", "photos", "commune-report"}
    with pytest.raises(TransitionRefused) as exc:
        services.submit_dossier(dossier, by=district)
    message = exc.value.message
    for code in missing:
        assert DocumentKind.objects.get(code=code).name in message


def test_commune_report_completes_a_148_dossier(users):
    call = make_call()
    district, commune = users["district"], users["commune"]
    dossier = make_dossier(call, district)
    fill_required(dossier, district)
    attest(dossier, district)
    assert [k.code for k in checks.missing_required(dossier)] == ["commune-report"]
    draft = file_commune_report(commune, call, submit=False)
    assert [k.code for k in checks.missing_required(dossier)] == ["commune-report"], "a draft does not count"
    services.submit_commune_report(draft, by=commune)
    assert checks.missing_required(dossier) == []
    services.submit_dossier(dossier, by=district)
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_a_1048_dossier_needs_no_commune_report(users):
    call = make_call(year=2022, regulation="1048-2019", batches=((30, 50),))
    district = users["district"]
    dossier = make_dossier(call, district, group_code="1.3", regulation="1048-2019")
    fill_required(dossier, district)
    attest(dossier, district)
    assert checks.missing_required(dossier) == []
