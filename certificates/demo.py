"""Demo recognition decisions and certificates of varied age (relative to today)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import AdministrativeUnit
from evaluation.models import DecisionEntry, Level, RecognitionDecision
from products import workflows
from products.models import Product, RegulationVersion

from . import services
from .models import Certificate, RevocationDecision


def seed(out):
    """Recognition decisions and certificates of varied age for the recognised products (idempotent)."""
    return seed_certificates(out)


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
    decisions = {}

    def decision_for(issued: datetime.date):
        key = issued
        if key not in decisions:
            reg = reg148 if issued >= reg148.effective_from else reg1048
            decisions[key] = RecognitionDecision.objects.create(
                number=f"{len(decisions) + 101}/QĐ-UBND",
                date=issued,
                level=Level.PROVINCE,
                issuing_unit=province,
                regulation=reg,
                signer_name="Trần Văn Tân",
                signer_title="Phó Chủ tịch UBND tỉnh",
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
                    signer_title="Phó Chủ tịch UBND tỉnh",
                ),
                reason="Sở Y tế kiểm tra phát hiện vi phạm an toàn thực phẩm (dữ liệu mẫu).",
            )
        else:
            counts["valid"] += 1
    return f"{len(decisions)} decisions; certificates: {counts}"
