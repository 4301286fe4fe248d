"""Certificates and recognition decisions as PDF (WeasyPrint)."""

from __future__ import annotations

from django.utils import timezone

from evaluation.models import RecognitionDecision
from ocop_portal.pdf import (
    authority_name,
    authority_short,
    place_name,
    qr_data_uri,
    render_pdf,
    signature_lines,
    standing_agency,
)
from ocop_portal.site import absolute_url

from .models import Certificate


def verify_url(cert: Certificate) -> str:
    """The address printed in the certificate's QR code: always the canonical one (ocop_portal/site.py)."""
    return absolute_url(cert.get_verify_url())


def certificate_context(cert: Certificate) -> dict:
    issuer = cert.recognising_unit()
    decision = cert.decision
    return {
        "cert": cert,
        "product": cert.product,
        "producer": cert.product.producer,
        "authority": authority_name(issuer),
        "authority_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN " + issuer.name.upper(),
        "place": place_name(issuer),  # dated where the issuing People's Committee sits
        "decision": decision,
        "signer_name": decision.signer_name if decision else "",
        "signer_title": (decision.signer_title if decision and decision.signer_title else "Chủ tịch").upper(),
        "signature": signature_lines(decision.signer_title if decision else ""),
        "qr": qr_data_uri(verify_url(cert)),
        "verify_url": verify_url(cert),
        "star_range": range(cert.stars),
    }


def certificate_pdf(cert: Certificate) -> bytes:
    cert = Certificate.objects.select_related(
        "product__producer", "product__commune__parent", "decision__issuing_unit"
    ).get(pk=cert.pk)
    return render_pdf("certificates/pdf/certificate.html", certificate_context(cert))


def decision_pdf(decision: RecognitionDecision) -> bytes:
    entries = decision.entries.select_related(
        "product__producer", "product__commune__parent", "certificate"
    ).order_by("product__name")
    return render_pdf(
        "certificates/pdf/decision.html",
        {
            "decision": decision,
            "entries": entries,
            "authority": authority_name(decision.issuing_unit),
            "authority_short": authority_short(decision.issuing_unit),
            "place": place_name(decision.issuing_unit),
            "standing_agency": standing_agency(decision.issuing_unit, decision.date),
            "signature": signature_lines(decision.signer_title),
            "generated": timezone.now(),
        },
    )


def certificate_filename(cert: Certificate) -> str:
    return f"giay-chung-nhan-{cert.number}.pdf"
