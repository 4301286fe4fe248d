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


CERTIFICATE_TEMPLATE = "certificates/pdf/certificate.html"


def _with_related():
    return Certificate.objects.select_related(
        "product__producer", "product__commune__parent", "decision__issuing_unit"
    )


def certificate_pdf(cert: Certificate) -> bytes:
    return render_pdf(CERTIFICATE_TEMPLATE, certificate_context(_with_related().get(pk=cert.pk)))


def certificate_pdfs(ids) -> list[tuple[str, bytes]]:
    """``(file name, PDF)`` of the certificates ``ids``, in that order, loaded with one query: a batch
    worker renders a chunk of a decision's certificates with this."""
    by_id = _with_related().in_bulk(list(ids))
    return [
        (
            certificate_filename(by_id[pk]),
            render_pdf(CERTIFICATE_TEMPLATE, certificate_context(by_id[pk])),
        )
        for pk in ids
        if pk in by_id
    ]


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
        cached=True,
    )


def certificate_filename(cert: Certificate) -> str:
    return f"giay-chung-nhan-{cert.number}.pdf"
