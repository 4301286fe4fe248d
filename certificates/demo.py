"""Demo recognition decisions and certificates of varied age (relative to today).

Each decision is issued by the unit that held the province on its date (the unit successions say
which): UBND tỉnh Quảng Nam up to 30/06/2025, UBND thành phố Đà Nẵng from 01/07/2025 — so the demo has
no Quảng Nam decision or certificate dated after the merger, and a revocation of this year is signed
for the city. Certificates keep their product's units (an old commune stays an old commune).

Besides the portal's own decisions: two Duy Xuyên products recognised on paper in 2021 and 2022 (under
1048/QĐ-TTg, by UBND tỉnh Quảng Nam), recorded by DARD from the paper certificates — both expired, so
their products await re-rating — and one rating that demo_district's spreadsheet import proposed,
pending on DARD's review screen (``/evaluation/certificates/proposals/``).
"""

import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import AdministrativeUnit, User
from accounts.successions import today_unit
from evaluation.models import DecisionEntry, Level, RecognitionDecision
from products import services as product_services
from products import workflows
from products.certification import ImportSource
from products.models import Product, ProductGroup, RegulationVersion

from . import paper, services
from .models import Certificate, RevocationDecision


def signer_title(unit) -> str:
    """The vice-chair who signs for ``unit``'s People's Committee: "tỉnh" or "thành phố" from its name."""
    kind = "thành phố" if unit.name.startswith("Thành phố") else "tỉnh"
    return f"Phó Chủ tịch UBND {kind}"


def seed(out):
    """Recognition decisions and certificates of varied age for the recognised products (idempotent)."""
    summary = seed_certificates(out)
    return f"{summary}; {seed_paper_history()}; {seed_city_decision()}; {seed_city_rerating()}"


def seed_city_decision() -> str:
    """Approve the city's prepared decision (evaluation.demo): 3★ and 4★ certificates issued by UBND
    thành phố Đà Nẵng under 148 as amended by 1489 (idempotent)."""
    pending = RecognitionDecision.objects.filter(
        issuing_unit__code="2025-48", status=RecognitionDecision.Status.DRAFT
    ).order_by("pk")
    by = User.objects.filter(username="demo_city").first() or User.objects.filter(username="admin").first()
    issued = []
    for decision in pending:
        issued += services.approve_decision(decision, by=by)
    stars = sorted(c.stars for c in issued)
    return f"city certificates issued: {stars}"


# (name, commune name in Duy Xuyên, group, stars, decision number, decision date, how it gets in)
PAPER_HISTORY = [
    (
        "Bánh khô mè Duy Phước",
        "Xã Duy Phước",
        "1.3",
        3,
        "1953/QĐ-UBND",
        datetime.date(2021, 7, 20),
        "recorded",
    ),
    (
        "Bánh ít lá gai Duy Tân",
        "Xã Duy Tân",
        "1.3",
        3,
        "3215/QĐ-UBND",
        datetime.date(2022, 10, 25),
        "recorded",
    ),
    ("Kẹo đậu phộng Duy Hòa", "Xã Duy Hòa", "1.3", 3, "2890/QĐ-UBND", datetime.date(2022, 9, 12), "proposed"),
]


IMPORT_FILE = "san-pham-ocop-duy-xuyen-2022.xlsx"


def seed_paper_history() -> str:
    """Paper certificates recorded by DARD and a district's pending proposal (idempotent)."""
    from producers.models import Producer

    if Certificate.objects.filter(recorded_from_paper=True).exists():
        return "paper history already present"
    dard, district = User.objects.get(username="demo_province"), User.objects.get(username="demo_district")
    made = {"recorded": 0, "proposed": 0}
    for name, commune_name, group_code, stars, number, day, route in PAPER_HISTORY:
        commune = AdministrativeUnit.objects.filter(parent__code="508", name=commune_name).first()
        producer = Producer.objects.filter(commune=commune).order_by("pk").first() if commune else None
        if producer is None:
            continue
        product = product_services.register_product(
            by=district,
            name=name,
            producer=producer,
            commune=commune,
            group=ProductGroup.objects.get(regulation__code="148-2023", code=group_code),
            origin=Product.Origin.EXISTING,
            registered_year=day.year,
            description=f"{name} của {producer.name}.",
            story=f"{name}, sản phẩm truyền thống được công nhận OCOP năm {day.year} (dữ liệu mẫu).",
            duplicate_reason="Sản phẩm đã được công nhận trên giấy trước khi có cổng thông tin (dữ liệu mẫu).",
        )
        if route == "recorded":
            paper.record_paper_certificate(
                product,
                stars=stars,
                decision_number=number,
                decision_date=day,
                by=dard,
                issuing_authority="UBND tỉnh Quảng Nam",
                source="Sổ theo dõi sản phẩm OCOP của Chi cục PTNT (bản giấy)",
            )
        else:
            paper.propose_imported(
                product,
                stars=stars,
                decision_number=number,
                decision_date=day,
                by=district,
                source=ImportSource(IMPORT_FILE, hashlib.sha256(IMPORT_FILE.encode()).hexdigest(), 7),
            )
        made[route] += 1
    return f"paper certificates {made['recorded']}, pending proposals {made['proposed']}"


def seed_certificates(out):
    if Certificate.objects.exists():
        return "already present"
    today = timezone.localdate()
    province = AdministrativeUnit.objects.get(code="49")
    reg148 = RegulationVersion.objects.get(code="148-2023")
    reg1048 = RegulationVersion.objects.get(code="1048-2019")
    products = list(
        Product.objects.filter(
            state__in=[workflows.RECOGNISED, workflows.EXPIRED, workflows.REVOKED]
        ).order_by("pk")
    )
    # Decisions spread over the last 40 months: most certificates are valid, some expire soon, some expired.
    # Each is issued by the unit that held the province on its date: UBND tỉnh Quảng Nam until the
    # 2025 merger, UBND thành phố Đà Nẵng after it (the unit succession says which, not a date here).
    decisions = {}

    def decision_for(issued: datetime.date):
        key = issued
        if key not in decisions:
            reg = reg148 if issued >= reg148.effective_from else reg1048
            unit = today_unit(province, issued) or province
            decisions[key] = RecognitionDecision.objects.create(
                number=f"{len(decisions) + 101}/QĐ-UBND",
                date=issued,
                level=Level.PROVINCE,
                issuing_unit=unit,
                regulation=reg,
                signer_name="Trần Văn Tân",
                signer_title=signer_title(unit),
                status=RecognitionDecision.Status.APPROVED,
            )
        return decisions[key]

    counts = {"valid": 0, "expiring": 0, "expired": 0, "revoked": 0}
    for n, product in enumerate(products):
        target = product.state
        stars = 4 if n < 58 else 3
        if target == workflows.EXPIRED:
            issued = (today - relativedelta(months=37 + n % 6)).replace(day=1)
        elif n % 25 == 0:
            issued = today - relativedelta(months=35, days=n % 20)  # expiring within a month or two
            counts["expiring"] += 1
        else:
            issued = today - relativedelta(months=1 + (n * 7) % 33)
            issued = issued.replace(day=15 if issued.day > 15 else 1)
        # the current state is recreated through the services
        Product.objects.filter(pk=product.pk).update(state=workflows.EVALUATED)
        product.refresh_from_db()
        decision = decision_for(issued)
        entry = DecisionEntry.objects.create(decision=decision, product=product, stars=stars)
        cert = services.issue_certificate(
            product,
            stars=stars,
            issued_on=issued,
            level=Level.PROVINCE,
            decision=decision,
            decision_entry=entry,
        )
        if target == workflows.EXPIRED:
            services.expire_due(today)
            counts["expired"] += 1
        elif target == workflows.REVOKED:
            counts["revoked"] += 1
            services.revoke_certificate(
                cert,
                decision=RevocationDecision(
                    number=f"{counts['revoked'] + 900}/QĐ-UBND",
                    date=max(today - datetime.timedelta(days=20), issued),
                    signer_name="Trần Văn Tân",
                    signer_title=signer_title(today_unit(province, today) or province),
                ),
                reason="Sở Y tế kiểm tra phát hiện vi phạm an toàn thực phẩm (dữ liệu mẫu).",
            )
        else:
            counts["valid"] += 1
    return f"{len(decisions)} decisions; certificates: {counts}"


def seed_city_rerating() -> str:
    """A Quảng Nam certificate expiring soonest is re-rated under the city: it stays valid until it expires;
    its product, registered in its old commune (kept as history), gets its dossier of the year (the
    city's call, which covers the old communes it succeeded) assembled by today's commune economic office
    (or the Sở's staff), the report of today's commune (UBND xã, which assesses the products of the
    communes it succeeded), and joins the city's open round as a re-rating (idempotent)."""
    from dossiers import services as dossier_services
    from dossiers.demo import (
        PARTICIPANTS,
        _answers,
        _complete,
        commune_official,
        local_officer,
        signed_minutes,
    )
    from dossiers.models import DocumentKind, DossierCall
    from evaluation import services as round_services
    from evaluation.models import Round

    today = timezone.localdate()
    round_ = Round.objects.filter(unit__code="2025-48", status=Round.Status.SCORING).order_by("pk").first()
    call = DossierCall.objects.filter(
        year=today.year, level=Level.PROVINCE, issuing_unit__code="2025-48"
    ).first()
    if round_ is None or call is None or round_.entries.filter(is_rerating=True).exists():
        return "re-rating: nothing to do"
    cert = (
        Certificate.objects.valid()
        .filter(decision__issuing_unit__code="49", product__state=workflows.RECOGNISED)
        .filter(product__commune__parent__code__in=["508", "506"], valid_until__gt=today)
        .order_by("valid_until", "pk")
        .first()
    )
    if cert is None:
        return "re-rating: no certificate to re-rate"
    admin = User.objects.get(username="admin")
    staff = User.objects.filter(username="demo_city").first() or User.objects.get(username="demo_province")
    product = cert.product
    commune = today_unit(product.commune, today) or product.commune
    officer = local_officer(commune, staff)
    author = commune_official(commune, admin)
    product_services.transition(
        product, "start_rerating", by=staff, reason="Giấy chứng nhận sắp hết hạn: đánh giá lại (dữ liệu mẫu)"
    )
    dossier = dossier_services.create_dossier(product=product, call=call, by=officer)
    _complete(dossier, product, officer, {k.pk: k for k in DocumentKind.objects.all()}, today)
    report = dossier_services.start_commune_report(commune=commune, call=call, by=author)
    dossier_services.save_commune_report(
        report,
        by=author,
        meeting_date=today - datetime.timedelta(days=6),
        chair_name="Nguyễn Văn Thành",
        chair_title=f"Chủ tịch UBND {commune.name}",
        participants=PARTICIPANTS,
        conclusion="Sản phẩm vẫn đáp ứng các tiêu chí địa phương, đề nghị đánh giá lại (dữ liệu mẫu).",
        answers=_answers(report, complete=True),
        minutes=signed_minutes(commune),
    )
    dossier_services.submit_commune_report(report, by=author)
    dossier_services.submit_dossier(dossier, by=officer)
    round_services.assign_product(round_, product, by=staff, is_rerating=True)
    return (
        f"re-rating under the city: {product.name} ({cert.number}, valid until {cert.valid_until:%d/%m/%Y})"
    )
