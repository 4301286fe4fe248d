"""Certificates: issue (one per product of an approved decision), expire, inspect and revoke.

One transaction each; refused moves raise ``TransitionRefused`` with a clear message.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import services as evaluation_services
from evaluation.models import DecisionEntry, RecognitionDecision
from ocop_portal.bulk import insert_history, insert_rows, update_rows
from ocop_portal.uploads.policy import inspect_upload
from ocop_portal.uploads.types import INSPECTION_EVIDENCE
from ocop_portal.workflow import TransitionRefused
from products import services as product_services
from products import workflows
from products.certification import check_rating_write, writing_ratings
from products.models import Product, ProductTransition

from .models import Certificate, Inspection, InspectionEvidence, RevocationDecision


def certificate_valid_until(issued_on: datetime.date) -> datetime.date:
    """36 months from issue, same day of month; 29 Feb → 28 Feb when the target year is not leap."""
    return issued_on + relativedelta(months=settings.OCOP_CERTIFICATE_VALIDITY_MONTHS)


# The province part of a certificate number, by the official code of the province whose People's
# Committee (or whose district's) recognised it: Quảng Nam until the 2025 merger, then Thành phố Đà Nẵng.
PROVINCE_PREFIXES = {"49": "QNA", "48": "DNG"}
DEFAULT_PREFIX = "QNA"


def _province_prefix(decision) -> str:
    unit = decision.issuing_unit if decision is not None else None
    province = unit.ancestor_at("province") if unit is not None else None
    code = (province.official_code or province.code) if province else ""
    return PROVINCE_PREFIXES.get(code, DEFAULT_PREFIX)


def next_certificate_number(issued_on: datetime.date, level: str, decision=None) -> str:
    prefix = f"OCOP-{_province_prefix(decision)}-{issued_on.year}-{'H' if level == 'district' else 'T'}"
    last = (
        Certificate.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[-1][1:]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def issue_certificate(
    product: Product,
    *,
    stars: int,
    issued_on: datetime.date,
    level: str,
    decision: RecognitionDecision | None = None,
    decision_entry: DecisionEntry | None = None,
    number: str | None = None,
    by=None,
) -> Certificate:
    """Issue a certificate: supersedes the product's earlier valid ones and sets its current rating."""
    if not 3 <= int(stars) <= 5:
        raise TransitionRefused(_("Only 3★ to 5★ products are recognised and certified."))
    product = Product.objects.select_for_update().get(pk=product.pk)
    Certificate.objects.filter(product=product, status=Certificate.Status.VALID).update(
        status=Certificate.Status.SUPERSEDED
    )
    cert = Certificate.objects.create(
        product=product,
        decision=decision,
        decision_entry=decision_entry,
        number=number or next_certificate_number(issued_on, level, decision),
        stars=stars,
        level=level,
        issued_on=issued_on,
        valid_until=certificate_valid_until(issued_on),
    )
    apply_certificate(product, cert, by=by)
    return cert


def apply_certificate(product: Product, cert: Certificate, *, by, reason: str = "") -> None:
    """Make ``cert`` the product's current rating (the only writer of the product's rating fields)."""
    rating = dict(
        stars=cert.stars,
        certificate_number=cert.number,
        certified_on=cert.issued_on,
        valid_until=cert.valid_until,
    )
    target = workflows.RECOGNISED if cert.status == Certificate.Status.VALID else workflows.EXPIRED
    reason = reason or _("Certificate %(n)s recorded") % {"n": cert.number}
    with writing_ratings():
        if product.state == workflows.EVALUATED and target == workflows.RECOGNISED:
            product_services.transition(product, "recognise", by=by, via="certificates", **rating)
            return
        # Recording a recognition made outside a tracked round (paper certificates, history): logged.
        previous = product.state
        for field, value in rating.items():
            setattr(product, field, value)
        product.state = target
        product.save()
        ProductTransition.record(product, "recognise", previous, target, by=by, reason=reason)


@transaction.atomic
def expire_due(today: datetime.date | None = None) -> list[Certificate]:
    """Mark certificates past their validity as expired; their products leave the catalogue. Idempotent."""
    today = today or timezone.localdate()
    due = list(
        Certificate.objects.select_for_update()
        .filter(status=Certificate.Status.VALID, valid_until__lt=today)
        .select_related("product")
    )
    for cert in due:
        cert.status = Certificate.Status.EXPIRED
        cert.save(update_fields=["status"])
        product = cert.product
        if product.state == workflows.RECOGNISED and product.certificate_number == cert.number:
            product_services.transition(
                product,
                "expire",
                by=None,
                via="certificates",
                reason=_("Certificate %(n)s expired") % {"n": cert.number},
            )
    return due


def _check_revocation_decision(cert: Certificate, decision: RevocationDecision | None) -> RevocationDecision:
    if decision is None:
        raise TransitionRefused(_("A revocation needs the revocation decision (number, date, signer)."))
    number = (decision.number or "").strip()
    signer_name = (decision.signer_name or "").strip()
    signer_title = (decision.signer_title or "").strip()
    if not number:
        raise TransitionRefused(_("Enter the number of the revocation decision."))
    if decision.date is None:
        raise TransitionRefused(_("Enter the date of the revocation decision."))
    if decision.date > timezone.localdate():
        raise TransitionRefused(_("The revocation decision cannot be dated after today."))
    if decision.date < cert.issued_on:
        raise TransitionRefused(
            _("The revocation decision cannot be dated before the certificate was issued (%(date)s).")
            % {"date": cert.issued_on.strftime("%d/%m/%Y")}
        )
    if not signer_name or not signer_title:
        raise TransitionRefused(_("Enter who signed the revocation decision (name and title)."))
    return RevocationDecision(
        number=number, date=decision.date, signer_name=signer_name, signer_title=signer_title
    )


@transaction.atomic
def revoke_certificate(
    cert: Certificate, *, decision: RevocationDecision | None, reason: str, by=None
) -> Certificate:
    """Revoke by the recognising authority's decision (Quyết định thu hồi), which the public verification
    page names. The certificate is revoked from the decision's date (``revoked_on``)."""
    if not reason.strip():
        raise TransitionRefused(_("A revocation needs a reason."))
    cert = Certificate.objects.select_for_update().get(pk=cert.pk)
    if cert.status == Certificate.Status.REVOKED:
        raise TransitionRefused(_("This certificate is already revoked."))
    decision = _check_revocation_decision(cert, decision)
    cert.status = Certificate.Status.REVOKED
    cert.revoked_on = decision.date
    cert.revocation_reason = reason.strip()
    cert.revocation_decision_number = decision.number
    cert.revocation_decision_date = decision.date
    cert.revocation_signer_name = decision.signer_name
    cert.revocation_signer_title = decision.signer_title
    cert.save()
    product = cert.product
    if product.state == workflows.RECOGNISED:
        product_services.transition(
            product,
            "revoke",
            by=by,
            via="certificates",
            reason=_("Decision %(number)s of %(date)s: %(reason)s")
            % {
                "number": decision.number,
                "date": decision.date.strftime("%d/%m/%Y"),
                "reason": reason.strip(),
            },
        )
    return cert


# --- Decisions, inspections and revocation --------------------------------------------------------


@transaction.atomic
def approve_decision(decision: RecognitionDecision, *, by) -> list[Certificate]:
    """Approve the decision: one certificate per listed product (36 months), round marked decided."""
    decision = RecognitionDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == RecognitionDecision.Status.APPROVED:
        raise TransitionRefused(_("This decision is already approved."))
    certificates = []
    for entry in decision.entries.select_related("product", "round_entry"):
        cert = issue_certificate(
            entry.product,
            stars=entry.stars,
            issued_on=decision.date,
            level=decision.level,
            decision=decision,
            decision_entry=entry,
            by=by,
        )
        certificates.append(cert)
    decision.status = RecognitionDecision.Status.APPROVED
    decision.approved_at = timezone.now()
    decision.save(update_fields=["status", "approved_at"])
    evaluation_services.record_decision(decision, by=by)
    return certificates


# --- Inspections and revocation ----------------------------------------------------------------


@transaction.atomic
def report_inspection(
    certificate: Certificate,
    *,
    department,
    inspected_on,
    finding: str,
    is_violation: bool = True,
    evidence=None,
    by,
) -> Inspection:
    """Record an inspection, with its evidence file checked by the upload policy (all or nothing)."""
    if not finding.strip():
        raise TransitionRefused(_("Describe what the inspection found."))
    if certificate.status != Certificate.Status.VALID:
        raise TransitionRefused(_("Only a valid certificate can be inspected for revocation."))
    checked = inspect_upload(evidence, profile=INSPECTION_EVIDENCE) if evidence else None
    inspection = Inspection.objects.create(
        certificate=certificate,
        department=department,
        inspected_on=inspected_on,
        finding=finding.strip(),
        is_violation=is_violation,
        reported_by=by,
    )
    if checked is not None:
        item = InspectionEvidence(inspection=inspection, original_name=checked.original_name[:255])
        item.file.save(checked.storage_name, checked.upload, save=False)
        try:
            item.save()
        except BaseException:
            item.file.storage.delete(item.file.name)
            raise
    return inspection


@transaction.atomic
def propose_revocation(inspection: Inspection, *, proposal: str, by) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != Inspection.Status.REPORTED:
        raise TransitionRefused(_("This inspection has already been handled."))
    if not inspection.is_violation:
        raise TransitionRefused(_("No violation was reported; there is nothing to revoke."))
    if not proposal.strip():
        raise TransitionRefused(_("Write DARD's proposal."))
    inspection.status = Inspection.Status.PROPOSED
    inspection.proposal = proposal.strip()
    inspection.save(update_fields=["status", "proposal"])
    return inspection


@transaction.atomic
def decide_revocation(
    inspection: Inspection, *, decision: RevocationDecision | None, reason: str, by
) -> Certificate:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != Inspection.Status.PROPOSED:
        raise TransitionRefused(_("DARD must propose the revocation first."))
    cert = revoke_certificate(inspection.certificate, decision=decision, reason=reason, by=by)
    inspection.status = Inspection.Status.REVOKED
    inspection.save(update_fields=["status"])
    return cert


@transaction.atomic
def dismiss_inspection(inspection: Inspection, *, by) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status not in (Inspection.Status.REPORTED, Inspection.Status.PROPOSED):
        raise TransitionRefused(_("This inspection has already been handled."))
    inspection.status = Inspection.Status.DISMISSED
    inspection.save(update_fields=["status"])
    return inspection


def apply_certificates(pairs, *, by, reasons: dict | None = None, now=None) -> None:
    """:func:`apply_certificate` for many (product, certificate) pairs at once (the spreadsheet import):
    the rating fields and state in one bulk update, the "recognise" transitions and history rows in
    bulk. A product awaiting recognition after a tracked round ("evaluated") goes through
    :func:`apply_certificate` itself (its workflow transition)."""
    now = now or timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    reasons = reasons or {}
    bulk, single = [], []
    for product, cert in pairs:
        target = workflows.RECOGNISED if cert.status == Certificate.Status.VALID else workflows.EXPIRED
        (single if product.state == workflows.EVALUATED and target == workflows.RECOGNISED else bulk).append(
            (product, cert, target)
        )
    for product, cert, _target in single:
        apply_certificate(product, cert, by=by, reason=reasons.get(cert.pk, ""))
    if not bulk:
        return
    transitions = []
    with writing_ratings():
        for product, cert, target in bulk:
            transitions.append(  # the row's values: no model instance for a row nobody reads back
                (
                    product.pk,
                    "recognise",
                    product.state,
                    target,
                    getattr(user, "pk", None),
                    reasons.get(cert.pk) or _("Certificate %(n)s recorded") % {"n": cert.number},
                    now,
                )
            )
            product.stars = cert.stars
            product.certificate_number = cert.number
            product.certified_on = cert.issued_on
            product.valid_until = cert.valid_until
            product.state = target
            product.updated_at = now
        products = [product for product, _cert, _target in bulk]
        fields = ["stars", "certificate_number", "certified_on", "valid_until", "state", "updated_at"]
        check_rating_write(fields)  # the door is open here: the guard passes
        update_rows(Product, products, fields)
    for product in products:
        product._loaded_rating = {
            f: getattr(product, f) for f in ("stars", "certificate_number", "certified_on", "valid_until")
        }
        product.__dict__.pop("_is_certified", None)
        product.__dict__.pop("certificate_backed", None)
    insert_rows(
        ProductTransition,
        ["product_id", "name", "from_state", "to_state", "by_id", "reason", "at"],
        transitions,
    )
    insert_history(Product, products, user=user, date=now, update=True)


# --- Re-rating requests (the producer asks; the officer opens the re-rating dossier) ---------------


def rerating_window_months() -> int:
    """How long before expiry a producer may ask for re-rating: the longest expiry-reminder lead."""
    return max(getattr(settings, "OCOP_CERTIFICATE_REMINDER_MONTHS", None) or [6])


def rerating_open(cert: Certificate, today: datetime.date | None = None) -> bool:
    """May re-rating be requested for ``cert`` now: valid and within the reminder window, or expired."""
    from dossiers.services import RERATING_SOURCES

    today = today or timezone.localdate()
    if cert.product.state not in RERATING_SOURCES:
        return False
    if cert.status == Certificate.Status.EXPIRED:
        return True
    return cert.status == Certificate.Status.VALID and cert.valid_until <= today + relativedelta(
        months=rerating_window_months()
    )


@transaction.atomic
def request_rerating(cert: Certificate, *, by, note: str = ""):
    """Record the producer's request for re-rating ``cert`` (once per certificate)."""
    from accounts import access

    from .models import ReratingRequest

    if by is not None and not access.can_view(by, cert):
        raise TransitionRefused(_("You may not request re-rating of this certificate."))
    if ReratingRequest.objects.filter(certificate=cert).exists():
        first = ReratingRequest.objects.get(certificate=cert)
        raise TransitionRefused(
            _("Re-rating of this certificate was already requested on %(day)s.")
            % {"day": timezone.localtime(first.requested_at).strftime("%d/%m/%Y")}
        )
    if not rerating_open(cert):
        raise TransitionRefused(
            _(
                "Re-rating can be requested from %(months)s months before the certificate expires, "
                "while the product is recognised or its certificate expired."
            )
            % {"months": rerating_window_months()}
        )
    return ReratingRequest.objects.create(
        certificate=cert,
        product=cert.product,
        note=(note or "").strip()[:2000],
        requested_by=by if getattr(by, "is_authenticated", False) else None,
    )
