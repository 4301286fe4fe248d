"""Certificates and recognition decisions as PDF (WeasyPrint)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from evaluation.models import RecognitionDecision
from ocop_portal.pdf import authority_name, authority_short, qr_data_uri, render_pdf

from .models import Certificate


def verify_url(cert: Certificate) -> str:
    return f"{settings.SITE_URL}{cert.get_verify_url()}"


def _issuer(cert: Certificate):
    if cert.decision_id:
        return cert.decision.issuing_unit
    commune = cert.product.commune
    return commune.ancestor_at("district" if cert.level == "district" else "province") or commune.ancestor_at(
        "province"
    )


def certificate_context(cert: Certificate) -> dict:
    issuer = _issuer(cert)
    province = cert.product.commune.ancestor_at("province")
    decision = cert.decision
    return {
        "cert": cert,
        "product": cert.product,
        "producer": cert.product.producer,
        "authority": authority_name(issuer),
        "authority_title": "CHỦ TỊCH ỦY BAN NHÂN DÂN " + issuer.name.upper(),
        "place": (province.name.replace("Tỉnh ", "") if province else ""),
        "decision": decision,
        "signer_name": decision.signer_name if decision else "",
        "signer_title": (decision.signer_title if decision and decision.signer_title else "Chủ tịch").upper(),
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
            "place": decision.issuing_unit.name.split(" ", 1)[-1]
            if decision.issuing_unit.level.code == "province"
            else decision.issuing_unit.name.split(" ", 1)[-1],
            "generated": timezone.now(),
        },
    )


def certificate_filename(cert: Certificate) -> str:
    return f"giay-chung-nhan-{cert.number}.pdf"
