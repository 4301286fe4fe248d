"""Demo evaluation rounds in every state, for the current year (148/2023).

Every product in a demo round has its submitted or accepted dossier of the year, with documents
(``dossiers.demo`` prepares them), as ``services.assign_product`` demands.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import AdministrativeUnit, Department, Role, User
from products import workflows as pw
from products.models import Product, RegulationVersion

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
    if Round.objects.exists():
        return "already present"
    year = timezone.localdate().year
    today = timezone.localdate()
    reg = RegulationVersion.objects.get(code="148-2023")
    organiser = User.objects.get(username="demo_province")
    council_main = User.objects.get(username="demo_council")
    extra = _council_users()
    department_user = User.objects.get(username="demo_department")

    def products_in(district_code, n):
        """Products of the district's pipeline with their submitted or accepted dossier of the year (the
        rule of ``assign_product``; dossiers.demo prepares them)."""
        products = Product.objects.filter(state__in=PIPELINE, commune__parent__code=district_code)
        return list(eligibility.with_evaluable_dossier(products, year).order_by("pk")[:n])

    # 1. Duy Xuyên district round, scoring open: demo_council still has products to score.
    dx = AdministrativeUnit.objects.get(code="508")
    r1 = rs.create_round(
        name=f"Đánh giá, phân hạng cấp huyện Duy Xuyên năm {year}",
        year=year,
        level="district",
        regulation=reg,
        unit=dx,
        by=organiser,
        meeting_date=today + timezone.timedelta(days=10),
        scoring_closes_on=today + timezone.timedelta(days=9),
    )
    members1 = [rs.add_member(r1, council_main, role="chair", by=organiser)] + [
        rs.add_member(r1, u, by=organiser) for u in extra[:2]
    ]
    rs.add_member(r1, department_user, by=organiser)
    entries1 = [rs.assign_product(r1, p, by=organiser) for p in products_in("508", 4)]
    rs.open_scoring(r1, by=organiser)
    if entries1:
        _score_all(r1, entries1[:2], members1[1:], [62, 74])

    # 2. Đại Lộc district round: scoring closed, results awaiting the decision.
    dl = AdministrativeUnit.objects.get(code="506")
    r2 = rs.create_round(
        name=f"Đánh giá, phân hạng cấp huyện Đại Lộc năm {year}",
        year=year,
        level="district",
        regulation=reg,
        unit=dl,
        by=organiser,
        meeting_date=today - timezone.timedelta(days=12),
        scoring_closes_on=today - timezone.timedelta(days=14),
    )
    members2 = [
        rs.add_member(r2, u, role="chair" if i == 0 else "member", by=organiser) for i, u in enumerate(extra)
    ]
    entries2 = [rs.assign_product(r2, p, by=organiser) for p in products_in("506", 4)]
    rs.open_scoring(r2, by=organiser)
    _score_all(r2, entries2, members2, [58, 66, 78, 44])
    rs.close_scoring(r2, by=organiser)

    # 3. Provincial round being set up, receiving Đại Lộc's ≥ 70 products.
    province = AdministrativeUnit.objects.get(code="49")
    r3 = rs.create_round(
        name=f"Đánh giá, phân hạng cấp tỉnh năm {year}",
        year=year,
        level="province",
        regulation=reg,
        unit=province,
        by=organiser,
        scoring_closes_on=today + timezone.timedelta(days=40),
    )
    for i, u in enumerate([council_main, *extra]):
        rs.add_member(r3, u, role="chair" if i == 0 else "member", by=organiser)
    rs.forward(r2, r3, by=organiser)
    return f"{Round.objects.count()} rounds (scoring, closed, setup)"
