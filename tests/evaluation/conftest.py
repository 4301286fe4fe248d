"""Builders for evaluation tests: products, rounds with a council, scoring helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accounts.models import AdministrativeUnit, Role, User
from evaluation import services as rs
from evaluation.models import CriterionOption
from producers.models import Producer
from products import workflows as pw
from products.models import Product, ProductGroup, RegulationVersion


def make_product(
    name="Nước mắm Cửa Khe",
    commune_code="20599",
    group_code="1.4",
    regulation="148-2023",
    state=pw.IN_DEVELOPMENT,
    producer=None,
    dossier_year=2026,
    dossier_status="submitted",
):
    """A product with its submitted dossier of ``dossier_year`` (None: no dossier), so that a round of
    that year may take it (``evaluation.eligibility``)."""
    commune = AdministrativeUnit.objects.get(code=commune_code)
    producer = producer or Producer.objects.create(name=f"HTX {name}", kind="cooperative", commune=commune)
    group = ProductGroup.objects.get(regulation__code=regulation, code=group_code)
    product = Product.objects.create(name=name, producer=producer, commune=commune, group=group, state=state)
    if dossier_year is not None:
        give_dossier(product, dossier_year, status=dossier_status)
    return product


def give_dossier(product, year, status="submitted"):
    """The product's dossier of ``year`` in ``status``, under the province's call of that year (test
    data: written directly, the dossier services are tested in tests/dossiers)."""
    from django.utils import timezone

    from dossiers.models import Dossier, DossierCall

    call, _ = DossierCall.objects.get_or_create(
        year=year,
        level="province",
        issuing_unit=AdministrativeUnit.objects.get(code="49"),
        defaults={"regulation": product.group.regulation, "title": f"Hồ sơ năm {year}"},
    )
    submitted = status != "draft"
    dossier, _ = Dossier.objects.update_or_create(
        product=product,
        year=year,
        defaults={
            "call": call,
            "status": status,
            "submitted_at": timezone.now() if submitted else None,
            "submitted_on": timezone.localdate() if submitted else None,
        },
    )
    if status in ("submitted", "resubmitted", "accepted") and product.state in (
        pw.IN_DEVELOPMENT,
        pw.RERATING,
    ):
        # the state its submission gives the product (dossiers.services: the product follows its dossier)
        product.state = pw.DOSSIER_SUBMITTED
        product.save(update_fields=["state"])
    return dossier


def make_member_user(username, role=Role.COUNCIL):
    return User.objects.create_user(
        username, password="x-pass-12345", role=role, unit=AdministrativeUnit.objects.get(code="49")
    )


def make_round(
    level="district", unit_code="508", regulation="148-2023", year=2026, members=3, by=None, quorum=3
):
    unit = AdministrativeUnit.objects.get(code=unit_code)
    reg = RegulationVersion.objects.get(code=regulation)
    round_ = rs.create_round(
        name=f"Đợt {level} {year}", year=year, level=level, regulation=reg, unit=unit, by=by, quorum=quorum
    )
    users = [make_member_user(f"m{round_.pk}_{i}") for i in range(members)]
    for i, user in enumerate(users):
        rs.add_member(round_, user, role="chair" if i == 0 else "member", by=by)
    return round_, users


def answers_for_total(entry, target: Decimal) -> dict[int, int]:
    """Pick options whose points add up exactly to ``target`` (greedy over the sample sheet's options)."""
    parts = rs.sheet_structure(entry.criteria_set)
    criteria = [c for p in parts for c in p.criteria.all()]
    remaining = Decimal(target)
    answers = {}
    for c in criteria:
        options = sorted(c.options.all(), key=lambda o: o.points, reverse=True)
        chosen = next((o for o in options if o.points <= remaining), options[-1])
        answers[c.pk] = chosen.pk
        remaining -= chosen.points
    total = sum(CriterionOption.objects.get(pk=o).points for o in answers.values())
    assert total == Decimal(target), f"cannot build {target} exactly (got {total})"
    return answers


def score(entry, user, total, submit=True):
    member = rs.member_for(entry.round, user)
    return rs.save_scores(entry, member, answers_for_total(entry, Decimal(total)), submit=submit, by=user)


@pytest.fixture
def province_user(db):
    return User.objects.create_user(
        "dard", password="x-pass-12345", role=Role.PROVINCE, unit=AdministrativeUnit.objects.get(code="49")
    )


@pytest.fixture
def district_user(db):
    return User.objects.create_user(
        "dx", password="x-pass-12345", role=Role.DISTRICT, unit=AdministrativeUnit.objects.get(code="508")
    )


TODAY = datetime.date(2026, 11, 24)


def integer_sheet(regulation_code: str, group_code: str = "1") -> dict:
    """A test sheet whose options are every integer from 0 to the criterion's maximum."""
    maxima = {"148-2023": (40, 25, 35), "1048-2019": (35, 25, 40)}[regulation_code]
    parts = []
    for code, total in zip("ABC", maxima, strict=True):
        crits, left, i = [], total, 0
        while left:
            i += 1
            pts = min(10, left)
            crits.append(
                {
                    "code": f"{code}{i}",
                    "text": f"Tiêu chí {code}{i}",
                    "options": [{"text": str(p), "points": p} for p in range(pts + 1)],
                }
            )
            left -= pts
        parts.append({"code": code, "name": f"Phần {code}", "criteria": crits})
    return {
        "regulation": regulation_code,
        "group": group_code,
        "code": f"test-{regulation_code}-{group_code}",
        "name": f"Phiếu thử nghiệm {group_code}",
        "is_sample": False,
        "parts": parts,
    }


@pytest.fixture(autouse=True)
def integer_sheets(db):
    from evaluation.criteria import load_criteria_set

    for reg in ("148-2023", "1048-2019"):
        load_criteria_set(integer_sheet(reg, "1"))


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English (pages requested through the client stay Vietnamese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
