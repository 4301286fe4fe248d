"""Demo evaluation rounds of the current year in the merged Thành phố Đà Nẵng (148 as amended by 1489).

Since the 2025 reform the city evaluates 3★ and 4★ itself (no district level): the demo has two city
(province-level) rounds under the rule set in force today — one open for scoring, which demo_council
chairs, and one closed with its results and the city's recognition decision prepared (the certificates
demo approves it: certificates issued by UBND thành phố Đà Nẵng). Their products are the city's pipeline
of :mod:`dossiers.demo_city` (new communes), each with its submitted or accepted dossier of the year,
as ``services.assign_product`` demands.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import AdministrativeUnit, Department, Role, User
from products import workflows as pw
from products.models import Product

from . import eligibility
from . import services as rs
from .models import Round

PIPELINE = (pw.IN_DEVELOPMENT, pw.DOSSIER_SUBMITTED, pw.RERATING, pw.EVALUATED)


def _council_users():
    province = AdministrativeUnit.objects.get(code="49")
    specs = [
        ("demo_council2", "Ngô Thị", "Kim", "so-khcn", "Chuyên viên Sở KH&CN"),
        ("demo_council3", "Phan Văn", "Long", "so-y-te", "Chuyên viên Sở Y tế"),
        ("demo_council4", "Mai Thị", "Nga", "so-vhttdl", "Chuyên viên Sở VHTT&DL"),
    ]
    users = []
    for username, first, last, dept, position in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults=dict(
                role=Role.COUNCIL,
                unit=province,
                department=Department.objects.get(code=dept),
                first_name=first,
                last_name=last,
                position=position,
                email=f"{username}@ocop.example.vn",
            ),
        )
        if created:
            user.set_password("demo12345")
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _answers_near(entry, target: float) -> dict[int, int]:
    """Options whose running total tracks ``target`` % of the running maximum (a realistic spread)."""
    answers, chosen, possible = {}, 0.0, 0.0
    for part in rs.sheet_structure(entry.criteria_set):
        for c in part.criteria.all():
            options = list(c.options.all())
            possible += float(max(o.points for o in options))
            goal = possible * target / 100
            best = min(options, key=lambda o: abs(chosen + float(o.points) - goal))
            chosen += float(best.points)
            answers[c.pk] = best.pk
    return answers


def _score_all(round_, entries, members, targets):
    for entry, target in zip(entries, targets, strict=False):
        for k, member in enumerate(members):
            rs.save_scores(
                entry, member, _answers_near(entry, target + (k - 1) * 3), submit=True, by=member.user
            )


def seed(out):
    from dossiers.demo_city import CLOSED_ROUND, OPEN_ROUND, city

    if Round.objects.exists():
        return "already present"
    unit = city()
    if unit is None:
        return "no 2025 tree: no round"
    year = timezone.localdate().year
    today = timezone.localdate()
    organiser = User.objects.filter(username="demo_city").first() or User.objects.get(
        username="demo_province"
    )
    council_main = User.objects.get(username="demo_council")
    extra = _council_users()
    department_user = User.objects.get(username="demo_department")

    def products(names):
        """The city's products with their submitted or accepted dossier of the year."""
        found = Product.objects.filter(name__in=names, commune__path__startswith=unit.path)
        return list(eligibility.with_evaluable_dossier(found, year).order_by("pk"))

    # 1. Round 2 of the year, scoring open: demo_council chairs it and still has products to score.
    r1 = rs.create_round(
        name=f"Đánh giá, phân hạng sản phẩm OCOP cấp thành phố Đà Nẵng năm {year} (đợt 2)",
        year=year,
        level="province",
        unit=unit,
        by=organiser,
        meeting_date=today + timezone.timedelta(days=10),
        scoring_closes_on=today + timezone.timedelta(days=9),
    )
    members1 = [rs.add_member(r1, council_main, role="chair", by=organiser)] + [
        rs.add_member(r1, u, by=organiser) for u in extra[:2]
    ]
    rs.add_member(r1, department_user, by=organiser)
    entries1 = [rs.assign_product(r1, p, by=organiser) for p in products(OPEN_ROUND)]
    rs.open_scoring(r1, by=organiser)
    if entries1:
        _score_all(r1, entries1[:2], members1[1:], [62, 74])

    # 2. Round 1 of the year: scoring closed, 3★ and 4★ results, the city's decision prepared.
    r2 = rs.create_round(
        name=f"Đánh giá, phân hạng sản phẩm OCOP cấp thành phố Đà Nẵng năm {year} (đợt 1)",
        year=year,
        level="province",
        unit=unit,
        by=organiser,
        meeting_date=today - timezone.timedelta(days=12),
        scoring_closes_on=today - timezone.timedelta(days=14),
    )
    members2 = [
        rs.add_member(r2, u, role="chair" if i == 0 else "member", by=organiser) for i, u in enumerate(extra)
    ]
    entries2 = [rs.assign_product(r2, p, by=organiser) for p in products(CLOSED_ROUND)]
    rs.open_scoring(r2, by=organiser)
    _score_all(r2, entries2, members2, [58, 66, 78, 82, 44])
    rs.close_scoring(r2, by=organiser)
    decision = None
    if any(e.recognisable_stars for e in r2.entries.all()):
        decision = rs.create_decision(
            r2,
            number=f"{2100 + today.timetuple().tm_yday}/QĐ-UBND",
            date=today - timezone.timedelta(days=5),
            signer_name="Trần Nam Hưng",
            signer_title="Phó Chủ tịch",
            by=organiser,
        )
    return f"{Round.objects.count()} city rounds under {r1.profile} (scoring, closed); decision {decision}"
