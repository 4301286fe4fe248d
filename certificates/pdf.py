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
    render_pdf_pages,
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


CERTIFICATE_TEMPLATE = "certificates/pdf/certificate.html"  # one page per certificate of ``pages``
CERTIFICATE_STYLESHEET = "pdf/certificate.css"  # under static/, parsed once per process


def certificate_metadata(ctx: dict) -> dict:
    """The PDF's title, author (the issuing body), subject and keywords (read aloud and listed by PDF
    readers; the language is Vietnamese)."""
    cert, product, decision = ctx["cert"], ctx["product"], ctx["decision"]
    subject = (
        f"Giấy chứng nhận sản phẩm {product.name} của {ctx['producer'].name} đạt hạng {cert.stars} sao OCOP"
    )
    if decision:
        subject += f" theo Quyết định số {decision.number}"
    return {
        "title": f"Giấy chứng nhận sản phẩm OCOP {cert.stars} sao số {cert.number}: {product.name}",
        "authors": [ctx["authority"]],
        "description": subject,
        "keywords": ["OCOP", "giấy chứng nhận", f"{cert.stars} sao", cert.number],
    }


def _with_related():
    return Certificate.objects.select_related(
        "product__producer", "product__commune__parent", "decision__issuing_unit"
    )


def _render(certs: list[Certificate]) -> list[bytes]:
    """The certificates' PDFs, laid out together as one document (one page each), one PDF a page;
    one by one when a page overflowed (then the PDF of that certificate has its every page)."""
    contexts = [certificate_context(cert) for cert in certs]
    pdfs = render_pdf_pages(
        CERTIFICATE_TEMPLATE,
        {"pages": contexts},
        [certificate_metadata(ctx) for ctx in contexts],
        stylesheet=CERTIFICATE_STYLESHEET,
    )
    if pdfs is None:
        pdfs = [
            render_pdf_pages(
                CERTIFICATE_TEMPLATE,
                {"pages": [ctx]},
                [certificate_metadata(ctx)],
                stylesheet=CERTIFICATE_STYLESHEET,
            )[0]
            for ctx in contexts
        ]
    return pdfs


def certificate_pdf(cert: Certificate) -> bytes:
    return _render([_with_related().get(pk=cert.pk)])[0]


def certificate_pdfs(ids) -> list[tuple[str, bytes]]:
    """``(file name, PDF)`` of the certificates ``ids``, in that order, loaded with one query and laid
    out as one document: a batch worker renders a chunk of a decision's certificates with this."""
    by_id = _with_related().in_bulk(list(ids))
    certs = [by_id[pk] for pk in ids if pk in by_id]
    return [(certificate_filename(cert), data) for cert, data in zip(certs, _render(certs), strict=True)]


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
